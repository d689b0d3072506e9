import FluentKit
import Foundation
import TrialCore

public final class UserRecord: Model, AuditedRecord, @unchecked Sendable {
    public static let schema = "users"
    public static let auditEntityType = "user"

    @ID(key: .id) public var id: UUID?
    @Field(key: "username") public var username: String
    @Field(key: "password_hash") public var passwordHash: String
    @Field(key: "role") public var roleName: String
    @OptionalField(key: "site_code") public var siteCode: String?
    @Field(key: "active") public var active: Bool
    @Field(key: "created_at") public var createdAt: String
    /// The page language the user chose last (`en`, `zh-Hans`); nil until they choose.
    @OptionalField(key: "language") public var language: String?
    /// Raised whenever the user's existing sign-ins must end (password changed or reset, account disabled):
    /// a browser session remembers the value it signed in with and is void once it differs. Nil reads as 0.
    @OptionalField(key: "session_epoch") public var sessionEpoch: Int?
    /// Set by an administrator's password reset: the user chooses a new password before anything else.
    @OptionalField(key: "must_change_password") public var mustChangePassword: Bool?

    public init() {}

    public init(username: String, passwordHash: String, role: Role, siteCode: String?, createdAt: String) {
        self.id = UUID()
        self.username = username
        self.passwordHash = passwordHash
        self.roleName = role.rawValue
        self.siteCode = siteCode
        self.active = true
        self.createdAt = createdAt
    }

    public var role: Role? { Role(rawValue: roleName) }

    /// The current session epoch (0 until the first time sign-ins were ended).
    public var currentSessionEpoch: Int { sessionEpoch ?? 0 }

    public var mustChooseNewPassword: Bool { mustChangePassword ?? false }

    public var siteScope: SiteScope {
        siteCode.map(SiteScope.site) ?? .allSites
    }

    public var auditSnapshot: AuditSnapshot {
        // The password hash itself stays out of the audit trail; its fingerprint shows that it changed.
        var fields: AuditSnapshot = [
            "username": username,
            "passwordFingerprint": String(AuditChain.sha256Hex(passwordHash).prefix(16)),
            "role": roleName,
            "active": active ? "true" : "false",
            "createdAt": createdAt,
        ]
        fields["siteCode"] = siteCode
        fields["language"] = language
        fields["sessionEpoch"] = sessionEpoch.map(String.init)
        fields["mustChangePassword"] = mustChangePassword.map { $0 ? "true" : "false" }
        return fields
    }
}

/// A bearer token for the API. Only the SHA-256 of the token is stored; the token is shown once.
public final class APITokenRecord: Model, AuditedRecord, @unchecked Sendable {
    public static let schema = "api_tokens"
    public static let auditEntityType = "api-token"

    @ID(key: .id) public var id: UUID?
    @Field(key: "token_hash") public var tokenHash: String
    @Field(key: "user_id") public var userID: UUID
    @Field(key: "issued_at") public var issuedAt: String
    @Field(key: "expires_at") public var expiresAt: String
    @OptionalField(key: "revoked_at") public var revokedAt: String?

    public init() {}

    public init(tokenHash: String, userID: UUID, issuedAt: String, expiresAt: String) {
        self.id = UUID()
        self.tokenHash = tokenHash
        self.userID = userID
        self.issuedAt = issuedAt
        self.expiresAt = expiresAt
    }

    public var auditSnapshot: AuditSnapshot {
        var fields: AuditSnapshot = [
            "tokenFingerprint": String(tokenHash.prefix(16)),
            "userID": userID.uuidString.lowercased(),
            "issuedAt": issuedAt,
            "expiresAt": expiresAt,
        ]
        fields["revokedAt"] = revokedAt
        return fields
    }
}
