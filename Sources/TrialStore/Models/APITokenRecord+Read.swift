import FluentKit
import FluentSQL
import Foundation

extension APITokenRecord {
    private static let tokenColumns = ["id", "token_hash", "user_id", "issued_at", "expires_at", "revoked_at"]
    private static let userColumns = ["id", "username", "password_hash", "role", "site_code", "active", "created_at", "language",
                                      "session_epoch", "must_change_password"]
    /// The joined columns named apart (`t_`, `u_`), written once: serializing twenty aliased columns identifier by
    /// identifier was the largest part of this read, which every API request makes.
    private static let selectedColumns = SQLRaw(
        (tokenColumns.map { "\"\(schema)\".\"\($0)\" AS \"t_\($0)\"" } + userColumns.map { "\"\(UserRecord.schema)\".\"\($0)\" AS \"u_\($0)\"" })
            .joined(separator: ", "))

    /// The token with this hash and the user it belongs to, in one plain SQL read (a join): the bearer check
    /// of every API request, where two reflective Fluent reads cost more than the answer of a small route.
    static func readWithUser(tokenHash: String, on database: any Database) async throws -> (UserRecord, APITokenRecord)? {
        guard let sql = database as? any SQLDatabase else { throw StoreError.invalidConfiguration("the database does not speak SQL") }
        let select = sql.select().column(selectedColumns).from(schema)
            .join(UserRecord.schema, on: SQLColumn("user_id", table: schema), .equal, SQLColumn("id", table: UserRecord.schema))
            .where(SQLColumn("token_hash", table: schema), .equal, SQLBind(tokenHash)).limit(1)
        guard let row = try await PlainRow.all(select).first else { return nil }
        let token = APITokenRecord()
        token.id = try row.uuid("t_id")
        token.$id.exists = true
        token.tokenHash = try row.string("t_token_hash")
        token.userID = try row.uuid("t_user_id")
        token.issuedAt = try row.string("t_issued_at")
        token.expiresAt = try row.string("t_expires_at")
        token.revokedAt = try row.optionalString("t_revoked_at")
        let user = UserRecord()
        user.id = try row.uuid("u_id")
        user.$id.exists = true
        user.username = try row.string("u_username")
        user.passwordHash = try row.string("u_password_hash")
        user.roleName = try row.string("u_role")
        user.siteCode = try row.optionalString("u_site_code")
        guard let active = try row.optionalBool("u_active") else { throw StoreError.invalidConfiguration("column active is empty") }
        user.active = active
        user.createdAt = try row.string("u_created_at")
        user.language = try row.optionalString("u_language")
        user.sessionEpoch = try row.optionalInteger("u_session_epoch")
        user.mustChangePassword = try row.optionalBool("u_must_change_password")
        return (user, token)
    }
}
