import FluentKit
import FluentSQL
import Foundation
import TrialCore

/// One participant's casebook data as of one chain head: the participant, the forms with their versions, the
/// protocol versions, and the head itself, all read in one read transaction, so that no write commits between
/// the reads (a reader that compares or keeps what it read must not mix two states of the data). SQLite's
/// read transaction sees one snapshot of the file; PostgreSQL's is asked for one (repeatable read).
public struct CasebookSnapshot: Sendable {
    public var head: (sequence: Int64, hash: String)
    public var participant: ParticipantRecord
    public var records: [CaseReportFormRecord]
    public var versions: [String: Int64]
    public var history: StudyVersionHistory?

    /// nil when the participant no longer exists.
    public static func read(participantID: String, store: TrialStore) async throws -> CasebookSnapshot? {
        try await store.database.transaction { db in
            if let sql = db as? any SQLDatabase, sql.dialect.name == "postgresql" {
                try await sql.raw("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ").run()
            }
            let reader = TrialStore(database: db, now: store.now)
            let head = try await reader.chainHead()
            guard let participant = try await ParticipantRecord.read(participantID: participantID, on: db) else { return nil }
            let records = try await CaseReportFormRecord.read(participantID: participantID, on: db)
            let versions = try await reader.versions(of: records)
            let history = try await StoredStudyHistory.load(on: db)
            return CasebookSnapshot(head: head, participant: participant, records: records, versions: versions, history: history)
        }
    }
}
