import FluentKit
import FluentSQL
import FluentSQLiteDriver
import Foundation
import Testing
import TrialCore
@testable import TrialStore

/// `audit verify` reads SQLite's chain as one packed text per batch and hashes it as bytes; what it reads must
/// be what the rows hold, and anything it cannot unpack must go back to the rows.
@Suite(.serialized) struct ChainBatchTests {
    /// Texts a packed batch must carry through unchanged: Chinese, emoji, combining marks, line breaks, quotes,
    /// the packing's own separators, and texts that look like a length or a NULL.
    static let awkwardTexts = ["病灶 🙂 e\u{301}", "line\none\ttab\r", #"said "no" \ then /"#, "-", "12:ab;-", "", ":", ";3;", "\u{1}\u{1f}\u{7f}"]

    @Test func a_packed_batch_holds_exactly_what_the_rows_hold() async throws {
        try await withStoreDatabase { db in
            _ = try await DemoTrialLoader(database: db.database, seed: 5, participants: 6, today: CalendarDate(iso8601: "2026-11-25")!,
                                          timeZone: TimeZone(identifier: "Asia/Shanghai")!, passwordHash: "x").load()
            let head = try #require(try await AuditChainHead.find(AuditChainHead.rowID, on: db.database))
            // Events after the head (they are read here, not verified) with every awkward text in every column
            // and both optional columns NULL and set.
            for (offset, text) in Self.awkwardTexts.enumerated() {
                let sequence = head.sequence + 1 + Int64(offset)
                let changes = AuditChain.canonicalChanges([AuditFieldChange(field: text, old: text, new: text)])
                try await db.sql.raw("""
                    INSERT INTO audit_events (sequence, occurred_at, actor, role, site, action, entity_type, entity_id, changes, reason, previous_hash, hash)
                    VALUES (\(bind: sequence), \(bind: text), \(bind: text), \(bind: text), \(bind: offset % 2 == 0 ? nil : text), \(bind: text),
                            \(bind: text), \(bind: text), \(bind: changes), \(bind: offset % 3 == 0 ? nil : text), \(bind: text), \(bind: text))
                    """).run()
            }
            var rows: [ChainRow] = []
            var batches: [ChainBatch] = []
            // Small batches, so that several follow one another and the last is short.
            while true {
                let after = rows.last?.sequence ?? 0
                let expected = try await ChainRow.batch(after: after, limit: 37, on: db.database)
                let batch = try await ChainBatch.read(after: after, limit: 37, on: db.database)
                if let sqlite = db.database as? any SQLiteDatabase {
                    let packed = try await ChainBatch.packed(after: after, limit: 37, on: sqlite)
                    #expect(packed != nil, "SQLite's batch after \(after) was not packed")
                }
                rows += expected
                batches.append(batch)
                #expect(batch.count == expected.count)
                if expected.count < 37 { break }
            }
            #expect(rows.count == Int(head.sequence) + Self.awkwardTexts.count)
            var event = 0
            for batch in batches {
                for index in 0..<batch.count {
                    let read = batch.row(index)
                    let row = rows[event]
                    #expect(read.content.sequence == row.content.sequence && read.previousHash == row.previousHash && read.hash == row.hash)
                    #expect(String(describing: read.content) == String(describing: row.content), "event \(row.sequence)")
                    event += 1
                }
            }
            #expect(event == rows.count)
            // The chain up to the head verifies from the bytes: every hash matches and every link holds.
            let verified = batches.flatMap { batch in (0..<batch.count).map { batch.hashesMatch(in: $0..<($0 + 1))[0] } }
            #expect(verified.prefix(Int(head.sequence)).allSatisfy { $0 })
            #expect(verified.suffix(Self.awkwardTexts.count).allSatisfy { !$0 })
            // The forms, which the verifier reads the same way (their equality with Fluent's read is held by
            // AuditVerifyReadTests), are packed on SQLite too.
            if let sqlite = db.database as? any SQLiteDatabase {
                let forms = try await CaseReportFormRecord.query(on: db.database).count()
                let packed = try await PackedRows.read(CaseReportFormRecord.storedColumns, of: "SELECT * FROM case_report_forms", binds: [], on: sqlite)
                #expect(forms > 0 && packed?.count == forms)
            }
        }
    }

    @Test func a_packed_text_that_does_not_unpack_is_declined() throws {
        let columnCount = ChainBatch.columnNames.count
        func packed(_ columns: [String?], sequence: String? = "7") -> [UInt8] {
            Array(([sequence] + columns).map { $0.map { "\($0.utf8.count):\($0)" } ?? "-" }.joined().utf8)
        }
        let complete: [String?] = ["2026-11-25T00:00:00Z", "a", "r", nil, "create", "site", "x", "[]", nil, String(repeating: "0", count: 64), "h"]
        let rows = try #require(PackedRows(unpacking: packed(complete) + packed(complete, sequence: "8"), columnCount: columnCount))
        let batch = try #require(ChainBatch(rows))
        #expect(batch.count == 2 && batch.sequences == [7, 8])
        #expect(batch.row(1).content.occurredAt == "2026-11-25T00:00:00Z" && batch.row(1).content.site == nil && batch.row(1).hash == "h")
        // Events packed out of order are put back in sequence order, each with its own columns.
        var eighth = complete
        eighth[10] = "h8"
        let outOfOrder = try #require(PackedRows(unpacking: packed(eighth, sequence: "8") + packed(complete), columnCount: columnCount))
        let reordered = try #require(ChainBatch(outOfOrder))
        #expect(reordered.sequences == [7, 8] && reordered.row(0).hash == "h" && reordered.row(1).hash == "h8")
        // Texts that are not packed rows of this many columns.
        for declined in [Array(packed(complete).dropLast()), packed(Array(complete.dropLast())), Array("7;".utf8), Array("2:7".utf8),
                         Array("1:7x:a".utf8), Array("1:799:ab".utf8), packed(complete) + Array("1".utf8)] {
            #expect(PackedRows(unpacking: declined, columnCount: columnCount) == nil, "\(String(decoding: declined, as: UTF8.self))")
        }
        #expect(PackedRows(unpacking: [], columnCount: columnCount)?.count == 0)
        // Packed rows that are not chain events: a NULL where the chain requires a value, a sequence that is no number.
        var required = complete
        required[1] = nil
        for notEvents in [packed(required), packed(complete, sequence: nil), packed(complete, sequence: "x")] {
            let rows = try #require(PackedRows(unpacking: notEvents, columnCount: columnCount))
            #expect(ChainBatch(rows) == nil, "\(String(decoding: notEvents, as: UTF8.self))")
        }
    }
}
