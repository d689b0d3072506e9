import Foundation

/// What a route (page, API call) allows: which roles, and whether a user tied to one site is confined
/// to that site's records. Declared once per route where the route is registered; enforced in one place.
public struct AccessPolicy: Hashable, Sendable, CustomStringConvertible {
    public enum Audience: Hashable, Sendable {
        /// No sign-in needed (health check, sign-in page, static files).
        case anonymous
        /// Any signed-in user, whatever the role.
        case anySignedIn
        /// Signed-in users holding one of these roles.
        case roles(Set<Role>)
    }

    public var audience: Audience
    /// When true, a user bound to one site reaches only records of that site (checked by the handler
    /// against the record's site through `SiteScope.covers`).
    public var confinedToOwnSite: Bool

    public init(audience: Audience, confinedToOwnSite: Bool) {
        self.audience = audience
        self.confinedToOwnSite = confinedToOwnSite
    }

    public static let anonymous = AccessPolicy(audience: .anonymous, confinedToOwnSite: false)
    public static let anySignedIn = AccessPolicy(audience: .anySignedIn, confinedToOwnSite: true)

    public static func roles(_ roles: Role..., confinedToOwnSite: Bool = true) -> AccessPolicy {
        AccessPolicy(audience: .roles(Set(roles)), confinedToOwnSite: confinedToOwnSite)
    }

    public var requiresSignIn: Bool { audience != .anonymous }

    public func allows(_ role: Role?) -> Bool {
        switch audience {
        case .anonymous: return true
        case .anySignedIn: return role != nil
        case .roles(let allowed): return role.map(allowed.contains) ?? false
        }
    }

    public var description: String {
        switch audience {
        case .anonymous: return "anyone"
        case .anySignedIn: return "any signed-in user"
        case .roles(let roles): return roles.sorted().map(\.rawValue).joined(separator: ", ")
        }
    }
}
