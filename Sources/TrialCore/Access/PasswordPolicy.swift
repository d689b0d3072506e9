import Foundation

/// Rules a password must meet before it is hashed. No default passwords exist anywhere in TrialDesk.
public struct PasswordPolicy: Sendable {
    public var minimumLength: Int
    /// bcrypt reads only the first 72 bytes: a longer password would be accepted by its first 72 alone.
    public static let maximumBytes = 72

    public init(minimumLength: Int = 12) {
        self.minimumLength = minimumLength
    }

    public static let standard = PasswordPolicy()

    /// The problems with a proposed password, as field errors on `field`.
    public func problems(with password: String, username: String? = nil, protocolID: String? = nil, field: String = "password") -> [FieldError] {
        var errors: [FieldError] = []
        if password.utf8.count > Self.maximumBytes {
            errors.append(FieldError(field: field, RuleMessage("password.tooLong", "is {bytes} bytes long; at most {maximum} are read (a Chinese character takes 3 bytes)",
                                                               ["bytes": "\(password.utf8.count)", "maximum": "\(Self.maximumBytes)"])))
        }
        if password.count < minimumLength {
            errors.append(FieldError(field: field, RuleMessage("password.tooShort", "must have at least {minimum} characters (it has {length})",
                                                               ["minimum": "\(minimumLength)", "length": "\(password.count)"])))
        }
        if password.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, !password.isEmpty {
            errors.append(FieldError(field: field, RuleMessage("password.onlySpaces", "must not be only spaces")))
        }
        if let username, !username.isEmpty, password.lowercased().contains(username.lowercased()) {
            errors.append(FieldError(field: field, RuleMessage("password.containsUsername", "must not contain the username")))
        }
        // The study's protocol ID is printed on every page and document of the trial: the first guess.
        if let protocolID, !protocolID.isEmpty, password.lowercased().contains(protocolID.lowercased()) {
            errors.append(FieldError(field: field, RuleMessage("password.containsProtocolID", "must not contain the study's protocol ID")))
        }
        return errors
    }
}

/// When repeated failed sign-ins lock an account for a while (brute-force protection).
public struct SignInThrottle: Sendable {
    public var maximumFailures: Int
    public var window: TimeInterval
    public var lockout: TimeInterval

    public init(maximumFailures: Int = 5, window: TimeInterval = 15 * 60, lockout: TimeInterval = 15 * 60) {
        self.maximumFailures = maximumFailures
        self.window = window
        self.lockout = lockout
    }

    public static let standard = SignInThrottle()

    /// Given the times of the recent failures since the last successful sign-in, newest last,
    /// the instant until which further attempts are refused, or nil when an attempt may go ahead.
    public func lockedUntil(failuresSinceLastSuccess failures: [Date], now: Date) -> Date? {
        let recent = failures.filter { now.timeIntervalSince($0) < window + lockout }
        guard recent.count >= maximumFailures else { return nil }
        // The lock runs from the failure that reached the limit within one window.
        let tail = Array(recent.suffix(maximumFailures))
        guard let first = tail.first, let last = tail.last, last.timeIntervalSince(first) <= window else { return nil }
        let until = last.addingTimeInterval(lockout)
        return until > now ? until : nil
    }
}

/// What a username may look like: 1-64 ASCII letters, digits, '.', '_' or '-' (no spaces, so that it reads
/// the same in the audit trail, the CLI and the sign-in form).
public enum UsernameRule {
    public static let maximumLength = 64
    /// The same rule as a regular expression (for the API's document).
    public static let pattern = "^[A-Za-z0-9._-]{1,64}$"

    public static func problems(with username: String, field: String = "username") -> [FieldError] {
        let allowed = username.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }
        if username.isEmpty || !allowed {
            return [FieldError(field: field, RuleMessage("password.usernameCharacters", "must be 1-{maximum} characters of letters, digits, '.', '_' or '-'",
                                                         ["maximum": "\(maximumLength)"]))]
        }
        if username.count > maximumLength {
            return [FieldError(field: field, RuleMessage("password.usernameTooLong", "must be at most {maximum} characters", ["maximum": "\(maximumLength)"]))]
        }
        return []
    }
}

/// How long a browser session lasts on the server (OWASP ASVS 4.0 §3.3): it ends after 30 minutes without a
/// request and 12 hours after sign-in whatever happens, and so does its row. The cookie's own expiry is
/// only a hint to the browser; these times are checked on every request.
public struct SessionLifetime: Sendable {
    public var idle: TimeInterval
    public var absolute: TimeInterval

    public init(idle: TimeInterval = 30 * 60, absolute: TimeInterval = 12 * 3600) {
        self.idle = idle
        self.absolute = absolute
    }

    public static let standard = SessionLifetime()

    /// Whether a session signed in at `signedInAt` and last used at `lastSeenAt` has ended by `now`.
    public func hasEnded(signedInAt: Date, lastSeenAt: Date, now: Date) -> Bool {
        now.timeIntervalSince(lastSeenAt) >= idle || now.timeIntervalSince(signedInAt) >= absolute
    }

    /// Whether a request at `now` should record itself as the session's last use: at most once a minute, so
    /// that reading pages does not write the session on every request.
    public func shouldRecordUse(lastSeenAt: Date, now: Date) -> Bool {
        now.timeIntervalSince(lastSeenAt) >= 60
    }
}

/// How many password attempts one client address may make in a window, whatever usernames it tries: the
/// per-account lock stops guessing one password; this stops one machine trying many accounts.
public struct ClientAttemptLimit: Sendable {
    public var maximumAttempts: Int
    public var window: TimeInterval

    public init(maximumAttempts: Int = 30, window: TimeInterval = 5 * 60) {
        self.maximumAttempts = maximumAttempts
        self.window = window
    }

    public static let standard = ClientAttemptLimit()

    /// The attempts still counted at `now` (those inside the window), oldest first.
    public func recent(_ attempts: [Date], now: Date) -> [Date] {
        attempts.filter { now.timeIntervalSince($0) < window }
    }

    /// Whether another attempt may go ahead, given the recent ones.
    public func allowsAnother(after attempts: [Date], now: Date) -> Bool {
        recent(attempts, now: now).count < maximumAttempts
    }
}
