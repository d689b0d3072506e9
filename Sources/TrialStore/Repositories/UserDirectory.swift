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

    /// The user's own password change. Every other sign-in of the user ends with it: browser sessions (the
    /// epoch rises; the caller moves its own session to the new epoch) and bearer tokens (revoked), except the
    /// token that made the change, if it came through one. Returns the new epoch.
    @discardableResult
    public func changePassword(of user: UserRecord, newHash: String, keepingToken: UUID? = nil, by actor: AuditActor) async throws -> Int {
        try await updateAccount(of: user, action: "change-password", reason: "password change", keepingToken: keepingToken, by: actor) { saved in
            saved.passwordHash = newHash
            saved.mustChangePassword = nil
            saved.sessionEpoch = saved.currentSessionEpoch + 1
        }.currentSessionEpoch
    }

    /// An administrator's reset: a temporary password that the user must replace at the next sign-in. Every
    /// sign-in of the user ends.
    public func resetPassword(of user: UserRecord, temporaryHash: String, reason: String, by actor: AuditActor) async throws {
        try await updateAccount(of: user, action: "reset-password", reason: reason, by: actor) { saved in
            saved.passwordHash = temporaryHash
            saved.mustChangePassword = true
            saved.sessionEpoch = saved.currentSessionEpoch + 1
        }
    }

    /// Disables or re-enables an account. Disabling ends every sign-in of the user at once (sessions and
    /// tokens); the account and its history stay (21 CFR 11.10(d): access limited to authorized individuals).
    public func setActive(_ user: UserRecord, active: Bool, reason: String, by actor: AuditActor) async throws {
        if !active, user.username == actor.username {
            throw ValidationFailure(field: "active", RuleMessage("account.cannotDisableSelf", "you cannot disable your own account"))
        }
        try await updateAccount(of: user, action: active ? "enable-user" : "disable-user", reason: reason, by: actor) { saved in
            saved.active = active
            if !active { saved.sessionEpoch = saved.currentSessionEpoch + 1 }
        }
    }

    /// Changes an account's role and site (nil: every site), checked against the study's sites.
    public func changeRole(of user: UserRecord, to role: Role, siteCode: String?, reason: String, by actor: AuditActor) async throws {
        if let siteCode, try await SiteRecord.query(on: store.database).filter(\.$code == siteCode).first() == nil {
            let known = try await SiteRecord.query(on: store.database).sort(\.$code).all().map(\.code)
            throw ValidationFailure(field: "site", RuleMessage("account.unknownSite", "'{site}' is not a site of this study (sites: {sites}); leave it empty for all sites",
                                                               ["site": siteCode, "sites": known.joined(separator: ", ")]))
        }
        try await updateAccount(of: user, action: "change-role", reason: reason, by: actor) { saved in
            saved.roleName = role.rawValue
            saved.siteCode = siteCode
        }
    }

    /// The time of each user's last successful sign-in, by username.
    public func lastSignIns() async throws -> [String: String] {
        let events = try await AuditEventRecord.query(on: store.database)
            .filter(\.$entityType == CredentialCheck.signIn.rawValue)
            .filter(\.$action == CredentialCheck.signIn.succeededAction)
            .sort(\.$id)
            .all()
        var last: [String: String] = [:]
        for event in events { last[event.entityID] = event.occurredAt }
        return last
    }

    /// One audited change of a user record. When the change raises the session epoch, the user's bearer
    /// tokens are revoked in the same write (all but `keepingToken`).
    @discardableResult
    private func updateAccount(of user: UserRecord, action: String, reason: String, keepingToken: UUID? = nil, by actor: AuditActor,
                               _ change: @escaping @Sendable (UserRecord) -> Void) async throws -> UserRecord {
        let userID = try user.requireID()
        // Audit trail (21 CFR 11.10(e)): an account change says why.
        guard !reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw StoreError.reasonRequired(entity: "user", id: user.username)
        }
        let epochBefore = user.currentSessionEpoch
        return try await store.write(as: actor, reason: reason) { tx in
            guard let saved = try await UserRecord.find(userID, on: tx.database) else {
                throw StoreError.notFound(entity: "user", id: userID.uuidString)
            }
            change(saved)
            try await tx.update(saved, action: action)
            if saved.currentSessionEpoch != epochBefore {
                let tokens = try await APITokenRecord.query(on: tx.database).filter(\.$userID == userID).filter(\.$revokedAt == nil).all()
                for token in tokens where token.id != keepingToken {
                    token.revokedAt = UTCTimestamp.string(from: tx.now)
                    try await tx.update(token, action: "revoke-token")
                }
            }
            return saved
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

    /// Records the outcome of a sign-in (or of another credential check) in the audit chain.
    public func recordSignIn(username: String, outcome: SignInOutcome, actor: AuditActor) async throws {
        try await recordOutcome(.signIn, username: username, action: outcome.rawValue, actor: actor)
    }

    /// Records the end of a credential check: succeeded (which clears the count) or failed.
    public func finishAttempt(_ check: CredentialCheck, username: String, succeeded: Bool, actor: AuditActor) async throws {
        try await recordOutcome(check, username: username, action: succeeded ? check.succeededAction : check.failedAction, actor: actor)
    }

    private func recordOutcome(_ check: CredentialCheck, username: String, action: String, actor: AuditActor) async throws {
        // The username becomes the event's entity id, kept for ever: only a name an account could have.
        let problems = UsernameRule.problems(with: username)
        if !problems.isEmpty { throw ValidationFailure(problems) }
        try await store.write(as: actor) { tx in
            try await tx.appendEvent(action: action, entityType: check.rawValue, entityID: username, changes: [], reason: nil)
        }
    }

    /// Starts a password check for `username`, atomically with its throttle. Inside one write (the writers'
    /// lock), the attempts since the last success that fall within the throttle's reach are counted by time,
    /// and this attempt is either recorded (it counts as a failure until it succeeds) or refused as locked
    /// (recorded too, but not counted). Parallel attempts therefore cannot all pass the check before any of
    /// them is recorded, and refused attempts cannot push the real failures out of view.
    public func admitAttempt(_ check: CredentialCheck, username: String, throttle: SignInThrottle, actor: AuditActor) async throws -> CredentialAdmission {
        let problems = UsernameRule.problems(with: username)
        if !problems.isEmpty { throw ValidationFailure(problems) }
        return try await store.write(as: actor) { tx in
            let since = UTCTimestamp.string(from: tx.now.addingTimeInterval(-(throttle.window + throttle.lockout)))
            let events = try await AuditEventRecord.query(on: tx.database)
                .filter(\.$entityType == check.rawValue)
                .filter(\.$entityID == username)
                .filter(\.$occurredAt >= since)
                .sort(\.$id)
                .all()
            var attempts: [Date] = []
            for event in events {
                if event.action == check.succeededAction {
                    attempts.removeAll()
                } else if event.action == check.attemptAction, let date = UTCTimestamp.date(from: event.occurredAt) {
                    attempts.append(date)
                }
            }
            if let until = throttle.lockedUntil(failuresSinceLastSuccess: attempts, now: tx.now) {
                try await tx.appendEvent(action: check.refusedAction, entityType: check.rawValue, entityID: username, changes: [], reason: nil)
                return .locked(until: until)
            }
            try await tx.appendEvent(action: check.attemptAction, entityType: check.rawValue, entityID: username, changes: [], reason: nil)
            return .admitted
        }
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
        // Every API request asks this: one plain SQL read of the token and its user together.
        guard let (user, record) = try await APITokenRecord.readWithUser(tokenHash: AuditChain.sha256Hex(token), on: store.database) else {
            return nil
        }
        guard record.revokedAt == nil, let expires = UTCTimestamp.date(from: record.expiresAt), expires > store.now() else { return nil }
        guard user.active else { return nil }
        return (user, record)
    }

    public func token(id: UUID) async throws -> APITokenRecord? {
        try await APITokenRecord.find(id, on: store.database)
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

/// What a password check is for: signing in, or a signed-in user re-entering the password (a password
/// change, the investigator's signature). Each is throttled on its own, by username.
public enum CredentialCheck: String, Sendable {
    case signIn = "sign-in"
    case passwordReentry = "password-reentry"

    var attemptAction: String { "\(rawValue)-attempt" }
    var succeededAction: String { rawValue }
    var failedAction: String { "\(rawValue)-failed" }
    var refusedAction: String { "\(rawValue)-refused-locked" }
}

public enum CredentialAdmission: Sendable, Equatable {
    case admitted
    case locked(until: Date)
}

public enum SignInOutcome: String, Sendable {
    case succeeded = "sign-in"
    case failed = "sign-in-failed"
    case refusedWhileLocked = "sign-in-refused-locked"
}
