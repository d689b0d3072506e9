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
    /// The protocol version whose rules the form is validated under: the version in force when it was first
    /// saved, until a data manager re-validates it under a later one. Nil for a form saved before versions
    /// were recorded (the first version governs it).
    @OptionalField(key: "study_version") public var studyVersion: String?

    /// The fields above, listed: Fluent otherwise finds them by reflection on every query, row and save, and
    /// this model is read and written on every save (`ModelFieldListTests` holds the list to what reflection finds).
    public var properties: [any AnyProperty] { [$id, $participantID, $siteCode, $form, $payloadJSON, $createdAt, $verifiedBy, $verifiedAt, $lockedBy, $computedJSON, $acknowledgedBy, $acknowledgedAt, $studyVersion] }

    public init() {}

    /// The stored computed response of a tumour assessment.
    public var computedResponse: ComputedTimepointResponse? {
        guard let computedJSON else { return nil }
        return try? JSONDecoder().decode(ComputedTimepointResponse.self, from: Data(computedJSON.utf8))
    }

    public var kind: CaseReportForm? { CaseReportForm(rawValue: form) }

    public func entry() throws -> CaseReportEntry {
        try CaseReportEntry.decodeStored(kind: try knownKind(), json: Data(payloadJSON.utf8))
    }

    /// The same, kept for the next read of this casebook (`DecodedForms`): for reads of one participant's
    /// casebook, which every save and every casebook page make again. Reads of the whole trial (the analysis,
    /// the exports) decode without keeping, so that the cache never holds a trial's forms.
    func casebookEntry() throws -> CaseReportEntry {
        let kind = try knownKind()
        guard let id else { return try entry() }
        return try DecodedForms.entry(id: id, kind: kind, json: payloadJSON)
    }

    private func knownKind() throws -> CaseReportForm {
        guard let kind else { throw StoreError.conflict(RuleMessage("store.unknownFormKind", "stored form {id} has an unknown kind {kind}", ["id": id?.uuidString ?? "", "kind": form])) }
        return kind
    }

    public var auditSnapshot: AuditSnapshot { auditColumns.auditSnapshot }

    /// The snapshot as the audit trail has always written it (`FormAuditColumns.referenceAuditSnapshot`).
    public var referenceAuditSnapshot: AuditSnapshot { auditColumns.referenceAuditSnapshot }

    /// The columns the audit trail records, as plain values.
    var auditColumns: FormAuditColumns {
        FormAuditColumns(participantID: participantID, siteCode: siteCode, form: form, createdAt: createdAt, payloadJSON: payloadJSON,
                         verifiedBy: verifiedBy, verifiedAt: verifiedAt, lockedBy: lockedBy, computedJSON: computedJSON,
                         acknowledgedBy: acknowledgedBy, acknowledgedAt: acknowledgedAt, studyVersion: studyVersion)
    }
}

/// A stored form's audited columns as plain values: what its audit snapshot is made of. `audit verify` reads
/// every form of the trial into these, without a Fluent model (a dozen property wrappers) per form; the
/// model's own snapshot is this same code.
struct FormAuditColumns: Sendable {
    var participantID: String
    var siteCode: String
    var form: String
    var createdAt: String
    var payloadJSON: String
    var verifiedBy: String?
    var verifiedAt: String?
    var lockedBy: String?
    var computedJSON: String?
    var acknowledgedBy: String?
    var acknowledgedAt: String?
    var studyVersion: String?

    init(participantID: String, siteCode: String, form: String, createdAt: String, payloadJSON: String, verifiedBy: String?,
         verifiedAt: String?, lockedBy: String?, computedJSON: String?, acknowledgedBy: String?, acknowledgedAt: String?, studyVersion: String?) {
        self.participantID = participantID
        self.siteCode = siteCode
        self.form = form
        self.createdAt = createdAt
        self.payloadJSON = payloadJSON
        self.verifiedBy = verifiedBy
        self.verifiedAt = verifiedAt
        self.lockedBy = lockedBy
        self.computedJSON = computedJSON
        self.acknowledgedBy = acknowledgedBy
        self.acknowledgedAt = acknowledgedAt
        self.studyVersion = studyVersion
    }

    /// The columns of a row read with `CaseReportFormRecord.selectedColumns`.
    init(_ row: PlainRow) throws {
        try self.init(column: row.optionalString)
    }

    /// The columns by their names in `CaseReportFormRecord.storedColumns` (`column` gives a column's text, nil for NULL).
    init(column: (String) throws -> String?) throws {
        func required(_ name: String) throws -> String {
            guard let value = try column(name) else { throw StoreError.invalidConfiguration("column \(name) is empty") }
            return value
        }
        self.init(participantID: try required("participant_id"), siteCode: try required("site_code"), form: try required("form"),
                  createdAt: try required("created_at"), payloadJSON: try required("payload_json"),
                  verifiedBy: try column("verified_by"), verifiedAt: try column("verified_at"), lockedBy: try column("locked_by"),
                  computedJSON: try column("computed_json"), acknowledgedBy: try column("acknowledged_by"),
                  acknowledgedAt: try column("acknowledged_at"), studyVersion: try column("study_version"))
    }

    var auditSnapshot: AuditSnapshot {
        // Each top-level field of the form separately, so that an edit shows what changed; read from the
        // stored bytes when the fast writer can vouch for them, else written by Foundation as always.
        FormFieldSnapshotWriter.topLevelFields(of: payloadJSON, keyPrefix: "form.", adding: controlFields) ?? referenceAuditSnapshot
    }

    /// The snapshot as the audit trail has always written it: each top-level field through `JSONSerialization`
    /// with sorted keys. The definition `auditSnapshot`'s fast path is held to (and confirms a mismatch with).
    var referenceAuditSnapshot: AuditSnapshot {
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

    /// Whether `auditSnapshot` equals `expected`, found without building the snapshot (`audit verify` compares
    /// every form with its history). False when they differ and when the fast reader cannot vouch for the
    /// stored JSON; the verifier then compares the snapshot itself.
    func auditSnapshotEquals(_ expected: AuditSnapshot) -> Bool {
        var compared = 0
        var same = true
        forEachControlField { name, value in
            if value != nil { compared += 1 }
            same = same && expected[name] == value
        }
        return same && FormFieldSnapshotWriter.topLevelFields(of: payloadJSON, keyPrefix: "form.", adding: compared, equal: expected)
    }

    private var controlFields: AuditSnapshot {
        var fields = AuditSnapshot(minimumCapacity: 24)
        forEachControlField { name, value in fields[name] = value }
        return fields
    }

    /// The fields of the form's record beside its answers, by their audit names (nil: no value).
    private func forEachControlField(_ field: (String, String?) -> Void) {
        field("participantID", participantID)
        field("siteCode", siteCode)
        field("form", form)
        field("createdAt", createdAt)
        field("verifiedBy", verifiedBy)
        field("verifiedAt", verifiedAt)
        field("lockedBy", lockedBy)
        field("computedResponse", computedJSON)
        field("acknowledgedBy", acknowledgedBy)
        field("acknowledgedAt", acknowledgedAt)
        field("studyVersion", studyVersion)
    }
}

extension CaseReportFormRecord {
    static let storedColumns = ["id", "participant_id", "site_code", "form", "payload_json", "created_at", "verified_by", "verified_at",
                                "locked_by", "computed_json", "acknowledged_by", "acknowledged_at", "study_version"]
    static let selectedColumns = PlainRow.columnList(storedColumns)

    /// A participant's forms of one kind, read through the (participant, kind) index (`AddWriteLookupIndexes`).
    static func ofParticipant(_ participantID: String, kind: CaseReportForm) -> (SQLSelectBuilder) -> SQLSelectBuilder {
        { $0.where("participant_id", .equal, SQLBind(participantID)).where("form", .equal, SQLBind(kind.rawValue)) }
    }

    /// Stored forms read column by column through SQL (`PlainRow`), the SELECT narrowed by `refine`. Fluent
    /// built each form by reflection, which cost more than reading it: every casebook read and every form save
    /// reads the participant's forms, and `audit verify` reads them all. The records are marked as existing,
    /// so they save back as those Fluent reads.
    static func read(on database: any Database, _ refine: (SQLSelectBuilder) -> SQLSelectBuilder = { $0 }) async throws -> [CaseReportFormRecord] {
        guard let sql = database as? any SQLDatabase else { throw StoreError.invalidConfiguration("the database does not speak SQL") }
        let rows = try await PlainRow.all(refine(sql.select().column(selectedColumns).from(schema)))
        return try rows.map { row in
            let record = CaseReportFormRecord()
            record.id = try row.uuid("id")
            record.$id.exists = true
            let columns = try FormAuditColumns(row)
            record.participantID = columns.participantID
            record.siteCode = columns.siteCode
            record.form = columns.form
            record.payloadJSON = columns.payloadJSON
            record.createdAt = columns.createdAt
            record.verifiedBy = columns.verifiedBy
            record.verifiedAt = columns.verifiedAt
            record.lockedBy = columns.lockedBy
            record.computedJSON = columns.computedJSON
            record.acknowledgedBy = columns.acknowledgedBy
            record.acknowledgedAt = columns.acknowledgedAt
            record.studyVersion = columns.studyVersion
            return record
        }
    }

    /// One participant's forms in the order they were saved.
    static func read(participantID: String, on database: any Database) async throws -> [CaseReportFormRecord] {
        try await read(on: database) { $0.where("participant_id", .equal, SQLBind(participantID)).orderBy("created_at") }
    }

    public static func allForVerification(on database: any Database) async throws -> [CaseReportFormRecord] {
        try await read(on: database)
    }

    /// Every stored form's audit entity ID and audited columns, read as plain rows without a model per form
    /// (`audit verify`: the forms are most of a trial's records).
    static func auditColumnsForVerification(on database: any Database) async throws -> [(id: String, columns: FormAuditColumns)] {
        guard let sql = database as? any SQLDatabase else { throw StoreError.invalidConfiguration("the database does not speak SQL") }
        // SQLite hands the forms over as one packed text (a trial's forms are most of its records).
        if let sqlite = database as? any SQLiteDatabase, let packed = try await PackedRows.read(storedColumns, of: "SELECT * FROM \(schema)", binds: [], on: sqlite) {
            let index = Dictionary(uniqueKeysWithValues: storedColumns.enumerated().map { ($1, $0) })
            return try (0..<packed.count).map { row in
                func text(_ name: String) -> String? { index[name].flatMap { packed.text(row: row, column: $0) } }
                guard let id = text("id").flatMap(UUID.init(uuidString:)) else { throw StoreError.invalidConfiguration("column id holds no UUID") }
                return (id.uuidString.lowercased(), try FormAuditColumns(column: text))
            }
        }
        return try await PlainRow.all(sql.select().column(selectedColumns).from(schema)).map { row in
            (try row.uuid("id").uuidString.lowercased(), try FormAuditColumns(row))
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

/// Each form records the protocol version it is validated under (`CaseReportFormRecord.studyVersion`).
struct AddFormStudyVersions: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(CaseReportFormRecord.schema).field("study_version", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(CaseReportFormRecord.schema).deleteField("study_version").update()
    }
}
