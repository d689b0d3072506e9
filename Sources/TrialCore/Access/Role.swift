import Foundation

/// The roles a TrialDesk user can hold. A user holds exactly one role and belongs to one site or to all.
public enum Role: String, Codable, CaseIterable, Sendable, Hashable, Comparable {
    case administrator
    case investigator
    case coordinator
    case monitor
    case dataManager = "data-manager"
    case statistician
    case dsmbMember = "dsmb-member"

    public static func < (lhs: Role, rhs: Role) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    /// Parses the spelling used in the CLI and API (`data-manager`), also accepting `datamanager`, `data_manager`, `dsmb`.
    public init?(spelling: String) {
        let folded = spelling.lowercased().replacingOccurrences(of: "_", with: "-")
        switch folded {
        case "datamanager": self = .dataManager
        case "dsmb", "dsmbmember": self = .dsmbMember
        case "admin": self = .administrator
        default:
            guard let role = Role(rawValue: folded) else { return nil }
            self = role
        }
    }

    public static var spellings: String { allCases.map(\.rawValue).joined(separator: ", ") }
}

/// The sites a user may see: one site's data or every site's.
public enum SiteScope: Hashable, Sendable, Codable, CustomStringConvertible {
    case allSites
    case site(String)

    public var siteCode: String? {
        if case .site(let code) = self { return code }
        return nil
    }

    /// True when a user with this scope may read or write data of the given site.
    public func covers(siteCode: String) -> Bool {
        switch self {
        case .allSites: return true
        case .site(let own): return own == siteCode
        }
    }

    public var description: String { siteCode ?? "all sites" }

    /// The site a new record of this user belongs to: a site-bound user records for their own site whatever
    /// the form says; a user of every site for the one chosen (nil when none was).
    public func siteForNewRecord(chosen: String?) -> String? {
        siteCode ?? chosen.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The study's sites this scope may record for, in the study's order.
    public func sites(of study: StudyDefinition) -> [StudySite] {
        study.sites.filter { covers(siteCode: $0.code) }
    }
}
