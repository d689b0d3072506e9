import FluentKit
import FluentSQL
import Foundation

// `audit verify` reads every audited record of the trial. Fluent built each one by reflection, per row and per
// column, which cost more than the reading and the comparison together; these read the same columns as plain
// rows (`PlainRow`) into the same records, so each record's audit snapshot keeps its one definition.
// A test holds every kind to Fluent's own read of a demo trial.

extension PlainRow {
    /// Every row of a table, the named columns only.
    static func table(_ schema: String, columns: [String], on database: any Database) async throws -> [PlainRow] {
        guard let sql = database as? any SQLDatabase else { throw StoreError.invalidConfiguration("the database does not speak SQL") }
        return try await all(sql.select().column(columnList(columns)).from(schema))
    }
}

extension StudyRecord {
    public static func allForVerification(on database: any Database) async throws -> [StudyRecord] {
        try await PlainRow.table(schema, columns: ["id", "protocol_id", "title", "definition_yaml", "definition_sha256", "loaded_at"], on: database).map { row in
            let record = StudyRecord()
            record.id = try row.uuid("id")
            record.$id.exists = true
            record.protocolID = try row.string("protocol_id")
            record.title = try row.string("title")
            record.definitionYAML = try row.string("definition_yaml")
            record.definitionSHA256 = try row.string("definition_sha256")
            record.loadedAt = try row.string("loaded_at")
            return record
        }
    }
}

extension SiteRecord {
    public static func allForVerification(on database: any Database) async throws -> [SiteRecord] {
        try await PlainRow.table(schema, columns: ["id", "code", "name", "city"], on: database).map { row in
            let record = SiteRecord()
            record.id = try row.uuid("id")
            record.$id.exists = true
            record.code = try row.string("code")
            record.name = try row.string("name")
            record.city = try row.string("city")
            return record
        }
    }
}

extension StudyVersionRecord {
    public static func allForVerification(on database: any Database) async throws -> [StudyVersionRecord] {
        let columns = ["id", "ordinal", "protocol_id", "version", "definition_yaml", "definition_sha256", "installed_at", "installed_by",
                       "effective_on", "reason"]
        return try await PlainRow.table(schema, columns: columns, on: database).map { row in
            let record = StudyVersionRecord()
            record.id = try row.uuid("id")
            record.$id.exists = true
            record.ordinal = try row.integer("ordinal")
            record.protocolID = try row.string("protocol_id")
            record.version = try row.string("version")
            record.definitionYAML = try row.string("definition_yaml")
            record.definitionSHA256 = try row.string("definition_sha256")
            record.installedAt = try row.string("installed_at")
            record.installedBy = try row.string("installed_by")
            record.effectiveOn = try row.string("effective_on")
            record.reason = try row.string("reason")
            return record
        }
    }
}

extension UserRecord {
    public static func allForVerification(on database: any Database) async throws -> [UserRecord] {
        let columns = ["id", "username", "password_hash", "role", "site_code", "active", "created_at", "language", "session_epoch",
                       "must_change_password"]
        return try await PlainRow.table(schema, columns: columns, on: database).map { row in
            let record = UserRecord()
            record.id = try row.uuid("id")
            record.$id.exists = true
            record.username = try row.string("username")
            record.passwordHash = try row.string("password_hash")
            record.roleName = try row.string("role")
            record.siteCode = try row.optionalString("site_code")
            record.active = try row.bool("active")
            record.createdAt = try row.string("created_at")
            record.language = try row.optionalString("language")
            record.sessionEpoch = try row.optionalInteger("session_epoch")
            record.mustChangePassword = try row.optionalBool("must_change_password")
            return record
        }
    }
}

extension APITokenRecord {
    public static func allForVerification(on database: any Database) async throws -> [APITokenRecord] {
        try await PlainRow.table(schema, columns: ["id", "token_hash", "user_id", "issued_at", "expires_at", "revoked_at"], on: database).map { row in
            let record = APITokenRecord()
            record.id = try row.uuid("id")
            record.$id.exists = true
            record.tokenHash = try row.string("token_hash")
            record.userID = try row.uuid("user_id")
            record.issuedAt = try row.string("issued_at")
            record.expiresAt = try row.string("expires_at")
            record.revokedAt = try row.optionalString("revoked_at")
            return record
        }
    }
}

extension ScreeningRecord {
    static let selectedColumns = PlainRow.columnList([
        "id", "screening_number", "site_code", "screening_date", "values_json", "answers_json", "verdict",
        "failed_criteria_json", "consent_date", "consent_form_version", "consent_obtained_by", "participant_id",
    ])

    /// Screenings read as plain rows, the SELECT narrowed by `refine` (the screening log lists them all).
    static func read(on database: any Database, _ refine: (SQLSelectBuilder) -> SQLSelectBuilder = { $0 }) async throws -> [ScreeningRecord] {
        guard let sql = database as? any SQLDatabase else { throw StoreError.invalidConfiguration("the database does not speak SQL") }
        return try await PlainRow.all(refine(sql.select().column(selectedColumns).from(schema))).map { row in
            let record = ScreeningRecord()
            record.id = try row.uuid("id")
            record.$id.exists = true
            record.screeningNumber = try row.string("screening_number")
            record.siteCode = try row.string("site_code")
            record.screeningDate = try row.string("screening_date")
            record.valuesJSON = try row.string("values_json")
            record.answersJSON = try row.string("answers_json")
            record.verdict = try row.string("verdict")
            record.failedCriteriaJSON = try row.string("failed_criteria_json")
            record.consentDate = try row.optionalString("consent_date")
            record.consentFormVersion = try row.optionalString("consent_form_version")
            record.consentObtainedBy = try row.optionalString("consent_obtained_by")
            record.participantID = try row.optionalString("participant_id")
            return record
        }
    }

    public static func allForVerification(on database: any Database) async throws -> [ScreeningRecord] {
        try await read(on: database)
    }
}

extension DataQueryRecord {
    public static func allForVerification(on database: any Database) async throws -> [DataQueryRecord] {
        try await read(on: database)
    }
}

extension AllocationSlotRecord {
    /// The slots of one list version (the randomization check of `audit verify`).
    static func read(listVersion: Int, on database: any Database) async throws -> [AllocationSlotRecord] {
        guard let sql = database as? any SQLDatabase else { throw StoreError.invalidConfiguration("the database does not speak SQL") }
        let columns = ["id", "list_version", "stratum", "slot_number", "block_number", "block_size", "arm", "participant_id", "assigned_at"]
        let select = sql.select().columns(columns.map { SQLIdentifier($0) }).from(schema).where("list_version", .equal, SQLBind(listVersion))
        return try await PlainRow.all(select).map { row in
            let record = AllocationSlotRecord()
            record.id = try row.uuid("id")
            record.$id.exists = true
            record.listVersion = try row.integer("list_version")
            record.stratum = try row.string("stratum")
            record.slotNumber = try row.integer("slot_number")
            record.blockNumber = try row.integer("block_number")
            record.blockSize = try row.integer("block_size")
            record.arm = try row.string("arm")
            record.participantID = try row.optionalString("participant_id")
            record.assignedAt = try row.optionalString("assigned_at")
            return record
        }
    }
}
