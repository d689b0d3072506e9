import FluentKit
import TrialCore
import TrialStore
import Vapor

/// The signed-in user of a request, resolved once from the session cookie or the bearer token.
public struct CurrentUser: Sendable {
    public let id: UUID
    public let username: String
    public let role: Role
    public let scope: SiteScope
    /// How the request was authenticated: pages use the session (and need CSRF tokens), the API bearer tokens.
    public let via: Authentication
    public let tokenID: UUID?
    /// After an administrator's password reset, until the user has chosen a new one.
    public var mustChangePassword: Bool = false

    public enum Authentication: Sendable { case session, bearerToken }

    public var auditActor: AuditActor {
        AuditActor(username: username, role: role, site: scope.siteCode)
    }
}

struct CurrentUserKey: StorageKey {
    typealias Value = CurrentUser
}

extension Request {
    public var currentUser: CurrentUser? {
        get { storage[CurrentUserKey.self] }
        set { storage[CurrentUserKey.self] = newValue }
    }

    /// The signed-in user; routes that need one declare it in their policy, so this only throws when the
    /// policy and the handler disagree.
    func requireUser() throws -> CurrentUser {
        guard let user = currentUser else { throw Abort(.unauthorized, reason: "sign in first") }
        return user
    }

    /// Refuses a record of another site to a user bound to one site (the rule is applied by the store).
    func requireAccess(toSite siteCode: String) throws {
        try scopedRecords().requireSite(siteCode)
    }

    /// The JSON API and the metrics: a missing credential is answered 401, not a sign-in page.
    var isAPI: Bool { url.path.hasPrefix("/api/") || url.path == "/metrics" }

    /// The screening entry named by the `:screeningID` path parameter (404 when unknown), refused to a user
    /// bound to another site. Pages and API load it the same way.
    func screeningFromPath() async throws -> ScreeningRecord {
        guard let id = parameters.get("screeningID", as: UUID.self) else { throw Abort(.notFound, reason: "no screening with that id") }
        return try await scopedRecords().screening(id: id)
    }

    /// The participant named by the `:participantID` path parameter (404 when unknown), refused to a user
    /// bound to another site.
    func participantFromPath() async throws -> ParticipantRecord {
        guard let id = parameters.get("participantID") else { throw Abort(.notFound, reason: "no participant with that study ID") }
        return try await scopedRecords().participant(id: id)
    }

    /// The query named by the `:queryID` path parameter, refused to a user bound to another site.
    func queryFromPath() async throws -> DataQueryRecord {
        guard let id = parameters.get("queryID", as: UUID.self) else { throw Abort(.notFound, reason: "no query with that id") }
        return try await scopedRecords().query(id: id)
    }
}

/// What a signed-in session remembers besides the user: when it began, when it was last used (both for
/// `SessionLifetime`), and the user's session epoch at sign-in (a raised epoch ends it).
enum SessionKeys {
    static let userID = "userID"
    static let signedInAt = "signedInAt"
    static let lastSeenAt = "lastSeenAt"
    static let epoch = "epoch"
}
