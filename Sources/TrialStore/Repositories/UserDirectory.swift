import FluentKit
import Foundation
import TrialCore

/// Users, sign-in outcomes and API tokens. Password hashing happens above the store (the server's bcrypt);
/// the store keeps hashes only.
public struct UserDirectory: Sendable {
    public let store: TrialStore

    public init(store: TrialStore) {
        self.store = store
    }

    /// The audit entity under which sign-in outcomes are recorded (keyed by the username tried).
    public static let signInEntityType = "sign-in"

    public func user(named username: String) async throws -> UserRecord? {
        try await UserRecord.query(on: store.database).filter(\.$username == username).first()
    }

    public func user(id: UUID) async throws -> UserRecord? {
        try await UserRecord.find(id, on: store.database)
    }

    public func allUsers() async throws -> [UserRecord] {
        try await UserRecord.query(on: store.database).sort(\.$username).all()
    }

    public func userCount() async throws -> Int {
        try await UserRecord.query(on: store.database).count()
    }

    /// Checks the username, role and site against the rules and the study's sites, then saves the user.
    public func addUser(username: String, passwordHash: String, role: Role, siteCode: String?, by actor: AuditActor) async throws -> UserRecord {
        var errors = UsernameRule.problems(with: username)
        if let siteCode, try await SiteRecord.query(on: store.database).filter(\.$code == siteCode).first() == nil {
            let known = try await SiteRecord.query(on: store.database).sort(\.$code).all().map(\.code)
            errors.append(FieldError(field: "site", message: "'\(siteCode)' is not a site of this study (sites: \(known.joined(separator: ", ")); omit for all sites)"))
        }
        if try await user(named: username) != nil {
            errors.append(FieldError(field: "username", message: "'\(username)' is already taken"))
        }
        if !errors.isEmpty { throw StoreError.validation(errors) }
        let now = store.now()
        let record = UserRecord(username: username, passwordHash: passwordHash, role: role, siteCode: siteCode,
                                createdAt: UTCTimestamp.string(from: now))
        try await store.write(as: actor) { tx in
            try await tx.create(record)
        }
        return record
    }

    public func changePassword(of user: UserRecord, newHash: String, by actor: AuditActor) async throws {
        let userID = try user.requireID()
        try await store.write(as: actor, reason: "password change") { tx in
            guard let saved = try await UserRecord.find(userID, on: tx.database) else {
                throw StoreError.notFound(entity: "user", id: userID.uuidString)
            }
            saved.passwordHash = newHash
            try await tx.update(saved, action: "change-password")
        }
    }

    /// Remembers the user's page language (`en`, `zh-Hans`).
    public func setLanguage(of user: UserRecord, to language: String, by actor: AuditActor) async throws {
        let userID = try user.requireID()
        try await store.write(as: actor, reason: "language preference") { tx in
            guard let saved = try await UserRecord.find(userID, on: tx.database) else {
                throw StoreError.notFound(entity: "user", id: userID.uuidString)
            }
            saved.language = language
            try await tx.update(saved, action: "set-language")
        }
    }

    /// Records a sign-in outcome in the audit chain (failed attempts are what the throttle counts).
    public func recordSignIn(username: String, outcome: SignInOutcome, actor: AuditActor) async throws {
        // The username becomes the event's entity id, kept for ever: only a name an account could have.
        let problems = UsernameRule.problems(with: username)
        if !problems.isEmpty { throw ValidationFailure(problems) }
        try await store.write(as: actor) { tx in
            try await tx.appendEvent(action: outcome.rawValue, entityType: Self.signInEntityType, entityID: username,
                                     changes: [], reason: nil)
        }
    }

    /// The times of failed sign-ins for a username since its last successful one, oldest first.
    public func failuresSinceLastSuccess(username: String, limit: Int = 50) async throws -> [Date] {
        let events = try await AuditEventRecord.query(on: store.database)
            .filter(\.$entityType == Self.signInEntityType)
            .filter(\.$entityID == username)
            .sort(\.$id, .descending)
            .limit(limit)
            .all()
        var failures: [Date] = []
        for event in events {
            if event.action == SignInOutcome.succeeded.rawValue { break }
            if event.action == SignInOutcome.failed.rawValue, let date = UTCTimestamp.date(from: event.occurredAt) {
                failures.append(date)
            }
        }
        return failures.reversed()
    }

    // MARK: API tokens

    /// Issues a bearer token. The plaintext is returned once; only its SHA-256 is stored.
    public func issueToken(for user: UserRecord, lifetime: TimeInterval, actor: AuditActor) async throws -> (token: String, record: APITokenRecord) {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let token = "tdk_" + Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        let now = store.now()
        let record = APITokenRecord(
            tokenHash: AuditChain.sha256Hex(token), userID: try user.requireID(),
            issuedAt: UTCTimestamp.string(from: now), expiresAt: UTCTimestamp.string(from: now.addingTimeInterval(lifetime)))
        try await store.write(as: actor) { tx in
            try await tx.create(record, action: "issue-token")
        }
        return (token, record)
    }

    /// The user behind a bearer token, when the token exists, is not revoked or expired and the user is active.
    public func user(forToken token: String) async throws -> (UserRecord, APITokenRecord)? {
        guard let record = try await APITokenRecord.query(on: store.database)
            .filter(\.$tokenHash == AuditChain.sha256Hex(token)).first() else { return nil }
        guard record.revokedAt == nil, let expires = UTCTimestamp.date(from: record.expiresAt), expires > store.now() else { return nil }
        guard let user = try await UserRecord.find(record.userID, on: store.database), user.active else { return nil }
        return (user, record)
    }

    public func revoke(_ token: APITokenRecord, actor: AuditActor) async throws {
        let id = try token.requireID()
        try await store.write(as: actor, reason: "token revoked") { tx in
            guard let saved = try await APITokenRecord.find(id, on: tx.database) else { return }
            saved.revokedAt = UTCTimestamp.string(from: tx.now)
            try await tx.update(saved, action: "revoke-token")
        }
    }
}

public enum SignInOutcome: String, Sendable {
    case succeeded = "sign-in"
    case failed = "sign-in-failed"
    case refusedWhileLocked = "sign-in-refused-locked"
}
