import FluentKit
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
        var fields: AuditSnapshot = ["participantID": participantID, "siteCode": siteCode, "form": form, "createdAt": createdAt]
        fields["verifiedBy"] = verifiedBy
        fields["verifiedAt"] = verifiedAt
        fields["lockedBy"] = lockedBy
        fields["computedResponse"] = computedJSON
        fields["acknowledgedBy"] = acknowledgedBy
        fields["acknowledgedAt"] = acknowledgedAt
        // Each top-level field of the form separately, so that an edit shows what changed.
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
