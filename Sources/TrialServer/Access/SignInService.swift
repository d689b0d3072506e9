import TrialCore
import TrialStore
import Vapor

/// Checks a username and password for the sign-in page and for `POST /api/v1/tokens` alike:
/// throttles repeated failures (`SignInThrottle`) and records every outcome in the audit chain.
struct SignInService {
    let users: UserDirectory
    let throttle: SignInThrottle
    let request: Request
    /// A bcrypt hash of a random secret, made at start-up, checked when the username does not exist.
    let decoyHash: String

    enum Failure: Error {
        case invalidCredentials
        case locked(until: Date)
        /// Too many attempts from this client address (any usernames).
        case tooManyFromAddress
    }

    func signIn(username: String, password: String) async throws -> UserRecord {
        // No account can have a name that breaks the username rule: such an attempt is refused as input, and
        // nothing of it (a megabyte of text, say) reaches the audit trail.
        let problems = UsernameRule.problems(with: username)
        if !problems.isEmpty { throw ValidationFailure(problems) }
        let actor = AuditActor.anonymous(attempting: username)
        if let counter = request.application.storage[ClientAttemptCounterKey.self] {
            let address = request.remoteAddress?.ipAddress ?? "unknown"
            guard await counter.admit(address, now: users.store.now()) else { throw Failure.tooManyFromAddress }
        }
        if case .locked(let until) = try await users.admitAttempt(.signIn, username: username, throttle: throttle, actor: actor) {
            throw Failure.locked(until: until)
        }
        let user = try await users.user(named: username)
        // Verify against a real hash even for unknown users, so timing does not reveal which usernames exist.
        let hash = user?.passwordHash ?? decoyHash
        let matches = (try? await request.password.async.verify(password, created: hash)) ?? false
        // An account whose stored role is not one TrialDesk knows cannot sign in (it is never taken for another role).
        guard let user, user.active, matches, let role = user.role else {
            if let user, user.role == nil { request.logger.error("account \(user.username) has an unknown role '\(user.roleName)'; it cannot sign in") }
            try await users.finishAttempt(.signIn, username: username, succeeded: false, actor: actor)
            throw Failure.invalidCredentials
        }
        try await users.finishAttempt(.signIn, username: username, succeeded: true,
                                      actor: AuditActor(username: user.username, role: role, site: user.siteCode))
        return user
    }

    /// The refusal while re-entering the password is locked.
    static func reentryLocked(until: Date) -> RuleMessage {
        RuleMessage("account.reentryLocked", "too many wrong passwords in a row: try again after {until}", ["until": UTCTimestamp.string(from: until)])
    }

    /// A signed-in user re-entering the password (a password change, a signature): throttled like sign-in,
    /// on its own count, and recorded. Throws `Failure.locked` while locked; false for a wrong password.
    func reenteredPasswordMatches(_ password: String, of user: UserRecord, actor: AuditActor) async throws -> Bool {
        if case .locked(let until) = try await users.admitAttempt(.passwordReentry, username: user.username, throttle: throttle, actor: actor) {
            throw Failure.locked(until: until)
        }
        let matches = (try? await request.password.async.verify(password, created: user.passwordHash)) ?? false
        try await users.finishAttempt(.passwordReentry, username: user.username, succeeded: matches, actor: actor)
        return matches
    }
}

extension AuditActor {
    /// Someone not yet signed in, trying a username.
    static func anonymous(attempting username: String) -> AuditActor {
        var actor = AuditActor.commandLine("anonymous")
        actor.username = "anonymous"
        actor.role = "anonymous"
        return actor
    }
}
