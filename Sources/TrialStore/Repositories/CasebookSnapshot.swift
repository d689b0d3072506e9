import FluentKit
import FluentSQL
import Foundation
import TrialCore

/// One participant's casebook data as of one chain head: the participant, the forms with their versions, the
/// protocol versions, and the head itself, all read in one read transaction, so that no write commits between
/// the reads (a reader that compares or keeps what it read must not mix two states of the data). SQLite's
/// read transaction sees one snapshot of the file; PostgreSQL's is asked for one (repeatable read).
public struct CasebookSnapshot: Sendable {
    public var participant: ParticipantRecord
    public var records: [CaseReportFormRecord]
    public var versions: [String: Int64]
    public var history: StudyVersionHistory?
    /// What the casebook is computed from, read with the data (`CasebookDataVersion`), the chain head included.
    public var dataVersion: CasebookDataVersion

    /// nil when the participant no longer exists.
    public static func read(participantID: String, store: TrialStore) async throws -> CasebookSnapshot? {
        try await store.database.transaction { db in
            if let sql = db as? any SQLDatabase, sql.dialect.name == "postgresql" {
                try await sql.raw("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ").run()
            }
            let reader = TrialStore(database: db, now: store.now)
            guard let participant = try await ParticipantRecord.read(participantID: participantID, on: db) else { return nil }
            let records = try await CaseReportFormRecord.read(participantID: participantID, on: db)
            let versions = try await reader.versions(of: records)
            let history = try await StoredStudyHistory.load(on: db)
            let dataVersion = try await CasebookDataVersion.read(participant: participant, formIDs: records.map(\.auditEntityID), on: db)
            return CasebookSnapshot(participant: participant, records: records, versions: versions, history: history,
                                    dataVersion: dataVersion)
        }
    }
}

/// The version of one participant's casebook data, read in one statement (so from one state of the data on
/// SQLite and PostgreSQL alike): the chain head, and a marker that changes with any change of what a
/// casebook answer is computed from. Every change of the participant or of a form is an audited write with
/// an event on that record, whose sequence is above every earlier one; a new form changes the count of the
/// participant's forms; a protocol version is an event on a study version. So the marker holds the count and
/// the latest event of the participant, of the forms already read, and of the protocol versions.
///
/// A casebook read while other participants' data change (a coordinator entering forms while others read
/// their casebooks) asks this one statement instead of reading the participant, every form, their versions
/// and the protocol versions again.
public struct CasebookDataVersion: Hashable, Sendable {
    public var headSequence: Int64
    public var headHash: String
    public var marker: String

    public init(headSequence: Int64, headHash: String, marker: String) {
        self.headSequence = headSequence
        self.headHash = headHash
        self.marker = marker
    }

    /// `formIDs`: the audit IDs of the forms the answer was computed from.
    public static func read(participant: ParticipantRecord, formIDs: [String], on database: any Database) async throws -> CasebookDataVersion {
        let participantID = participant.participantID
        guard let sql = database as? any SQLDatabase else { throw StoreError.invalidConfiguration("the database does not speak SQL") }
        let events = AuditEventRecord.schema
        var query: SQLQueryString = """
            SELECT h."sequence" AS head_sequence, h."hash" AS head_hash,
            (SELECT COUNT(*) FROM "\(unsafeRaw: CaseReportFormRecord.schema)" WHERE "participant_id" = \(bind: participantID)) AS forms,
            (SELECT MAX("sequence") FROM "\(unsafeRaw: events)" WHERE "entity_type" = \(bind: ParticipantRecord.auditEntityType) AND "entity_id" = \(bind: participant.auditEntityID)) AS participant_event,
            (SELECT MAX("sequence") FROM "\(unsafeRaw: events)" WHERE "entity_type" = \(bind: StudyVersionRecord.auditEntityType)) AS protocol_event,
            """
        if formIDs.isEmpty {
            query.appendLiteral(" NULL AS form_event")
        } else {
            query.appendLiteral(" (SELECT MAX(\"sequence\") FROM \"\(events)\" WHERE \"entity_type\" = ")
            query.appendInterpolation(bind: CaseReportFormRecord.auditEntityType)
            query.appendLiteral(" AND \"entity_id\" IN (")
            query.appendInterpolation(binds: formIDs)
            query.appendLiteral(")) AS form_event")
        }
        query.appendLiteral(" FROM \"\(AuditChainHead.schema)\" h WHERE h.\"id\" = ")
        query.appendInterpolation(bind: AuditChainHead.rowID)
        guard let row = try await PlainRow.all(query, on: sql).first else { throw StoreError.auditChainUninitialised }
        func text(_ value: Int?) -> String { value.map(String.init) ?? "-" }
        let marker = "forms=\(try row.integer("forms"));participant=\(text(try row.optionalInteger("participant_event")));"
            + "formEvent=\(text(try row.optionalInteger("form_event")));protocol=\(text(try row.optionalInteger("protocol_event")))"
        return CasebookDataVersion(headSequence: Int64(try row.integer("head_sequence")), headHash: try row.string("head_hash"), marker: marker)
    }
}
