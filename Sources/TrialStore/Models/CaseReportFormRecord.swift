import FluentKit
import FluentSQL
import FluentSQLiteDriver
import Foundation
import TrialCore

/// One saved case report form (baseline, implantation, therapy line, assessment, adverse event, follow-up,
/// death, end of study, deviation). The form's value is kept as its canonical JSON; the audit trail records
/// each top-level field's old and new value.
public final class CaseReportFormRecord: Model, AuditedRecord, @unchecked Sendable {
    public static let schema = "case_report_forms"
    public static let auditEntityType = "case-report-form"

    @ID(key: .id) public var id: UUID?
    @Field(key: "participant_id") public var participantID: String
    @Field(key: "site_code") public var siteCode: String
    @Field(key: "form") public var form: String
    @Field(key: "payload_json") public var payloadJSON: String
    @Field(key: "created_at") public var createdAt: String
    /// Source data verification by a monitor: who and when (cleared when the form changes).
    @OptionalField(key: "verified_by") public var verifiedBy: String?
    @OptionalField(key: "verified_at") public var verifiedAt: String?
    @OptionalField(key: "locked_by") public var lockedBy: String?
    /// Tumour assessments: the RECIST 1.1 / PERCIST response TrialCore computed from the casebook, as JSON;
    /// recomputed and re-stored whenever the baseline or any assessment of the participant changes.
    @OptionalField(key: "computed_json") public var computedJSON: String?
    /// Serious adverse events: who acknowledged the alert, and when (the 24-hour reporting clock).
    @OptionalField(key: "acknowledged_by") public var acknowledgedBy: String?
    @OptionalField(key: "acknowledged_at") public var acknowledgedAt: String?

    public init() {}

    /// The stored computed response of a tumour assessment.
    public var computedResponse: ComputedTimepointResponse? {
        guard let computedJSON else { return nil }
        return try? JSONDecoder().decode(ComputedTimepointResponse.self, from: Data(computedJSON.utf8))
    }

    public var kind: CaseReportForm? { CaseReportForm(rawValue: form) }

    public func entry() throws -> CaseReportEntry {
        guard let kind else { throw StoreError.conflict(RuleMessage("store.unknownFormKind", "stored form {id} has an unknown kind {kind}", ["id": id?.uuidString ?? "", "kind": form])) }
        return try CaseReportEntry.decodeStored(kind: kind, json: Data(payloadJSON.utf8))
    }

    public var auditSnapshot: AuditSnapshot {
        var fields = controlFields
        // Each top-level field of the form separately, so that an edit shows what changed; read from the
        // stored bytes when the fast writer can vouch for them, else written by Foundation as always.
        if let formFields = FormFieldSnapshotWriter.topLevelFields(of: payloadJSON) {
            for (key, text) in formFields { fields["form.\(key)"] = text }
            return fields
        }
        return referenceAuditSnapshot
    }

    /// The snapshot as the audit trail has always written it: each top-level field through `JSONSerialization`
    /// with sorted keys. The definition `auditSnapshot`'s fast path is held to (and confirms a mismatch with).
    public var referenceAuditSnapshot: AuditSnapshot {
        var fields = controlFields
        if let object = try? JSONSerialization.jsonObject(with: Data(payloadJSON.utf8)) as? [String: Any] {
            for (key, value) in object {
                let data = (try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .fragmentsAllowed, .withoutEscapingSlashes])) ?? Data()
                fields["form.\(key)"] = String(decoding: data, as: UTF8.self)
            }
        } else {
            fields["form.payload"] = payloadJSON
        }
        return fields
    }

    private var controlFields: AuditSnapshot {
        var fields: AuditSnapshot = ["participantID": participantID, "siteCode": siteCode, "form": form, "createdAt": createdAt]
        fields["verifiedBy"] = verifiedBy
        fields["verifiedAt"] = verifiedAt
        fields["lockedBy"] = lockedBy
        fields["computedResponse"] = computedJSON
        fields["acknowledgedBy"] = acknowledgedBy
        fields["acknowledgedAt"] = acknowledgedAt
        return fields
    }
}

extension CaseReportFormRecord {
    /// Every stored form, read column by column through SQL: building Fluent models by reflection cost more
    /// than checking them when `audit verify` compares tens of thousands of forms with their history. The
    /// records are for reading only (they are not marked as existing, so they cannot be saved back).
    public static func allForVerification(on database: any Database) async throws -> [CaseReportFormRecord] {
        let columns = ["id", "participant_id", "site_code", "form", "payload_json", "created_at", "verified_by", "verified_at", "locked_by",
                       "computed_json", "acknowledged_by", "acknowledged_at"]
        if let sqlite = database as? any SQLiteDatabase {
            // SQLite's rows by column, without the generic row decoder.
            let rows = try await sqlite.query("SELECT \(columns.joined(separator: ", ")) FROM \(schema)", [])
            return try rows.map { row in
                func text(_ column: String) throws -> String {
                    guard let value = row.column(column)?.string else { throw StoreError.invalidConfiguration("a stored form's \(column) is empty") }
                    return value
                }
                let record = CaseReportFormRecord()
                guard let id = UUID(uuidString: try text("id")) else { throw StoreError.invalidConfiguration("a stored form's id is not a UUID") }
                record.id = id
                record.participantID = try text("participant_id")
                record.siteCode = try text("site_code")
                record.form = try text("form")
                record.payloadJSON = try text("payload_json")
                record.createdAt = try text("created_at")
                record.verifiedBy = row.column("verified_by")?.string
                record.verifiedAt = row.column("verified_at")?.string
                record.lockedBy = row.column("locked_by")?.string
                record.computedJSON = row.column("computed_json")?.string
                record.acknowledgedBy = row.column("acknowledged_by")?.string
                record.acknowledgedAt = row.column("acknowledged_at")?.string
                return record
            }
        }
        guard let sql = database as? any SQLDatabase else { return try await query(on: database).all() }
        let rows = try await sql.select().columns(columns.map { SQLIdentifier($0) }).from(schema).all()
        return try rows.map { row in
            let record = CaseReportFormRecord()
            record.id = try row.decode(column: "id", as: UUID.self)
            record.participantID = try row.decode(column: "participant_id", as: String.self)
            record.siteCode = try row.decode(column: "site_code", as: String.self)
            record.form = try row.decode(column: "form", as: String.self)
            record.payloadJSON = try row.decode(column: "payload_json", as: String.self)
            record.createdAt = try row.decode(column: "created_at", as: String.self)
            record.verifiedBy = try row.decode(column: "verified_by", as: String?.self)
            record.verifiedAt = try row.decode(column: "verified_at", as: String?.self)
            record.lockedBy = try row.decode(column: "locked_by", as: String?.self)
            record.computedJSON = try row.decode(column: "computed_json", as: String?.self)
            record.acknowledgedBy = try row.decode(column: "acknowledged_by", as: String?.self)
            record.acknowledgedAt = try row.decode(column: "acknowledged_at", as: String?.self)
            return record
        }
    }
}

struct AddRecordControls: AsyncMigration {
    // SQLite adds one column per ALTER TABLE, so each column is its own schema update.
    static let columns: [(schema: String, field: FieldKey)] = [
        (CaseReportFormRecord.schema, "verified_by"), (CaseReportFormRecord.schema, "verified_at"), (CaseReportFormRecord.schema, "locked_by"),
        (ParticipantRecord.schema, "locked_by"), (ParticipantRecord.schema, "signed_by"), (ParticipantRecord.schema, "signed_at"),
        (ParticipantRecord.schema, "signature_meaning"),
    ]

    func prepare(on database: any Database) async throws {
        for column in Self.columns {
            try await database.schema(column.schema).field(column.field, .string).update()
        }
    }

    func revert(on database: any Database) async throws {
        for column in Self.columns.reversed() {
            try await database.schema(column.schema).deleteField(column.field).update()
        }
    }
}

struct AddComputedResponsesAndAlerts: AsyncMigration {
    static let columns: [FieldKey] = ["computed_json", "acknowledged_by", "acknowledged_at"]

    func prepare(on database: any Database) async throws {
        for column in Self.columns {
            try await database.schema(CaseReportFormRecord.schema).field(column, .string).update()
        }
    }

    func revert(on database: any Database) async throws {
        for column in Self.columns.reversed() {
            try await database.schema(CaseReportFormRecord.schema).deleteField(column).update()
        }
    }
}

struct CreateCaseReportForms: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(CaseReportFormRecord.schema)
            .id()
            .field("participant_id", .string, .required)
            .field("site_code", .string, .required)
            .field("form", .string, .required)
            .field("payload_json", .string, .required)
            .field("created_at", .string, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(CaseReportFormRecord.schema).delete()
    }
}
