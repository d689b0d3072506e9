import FluentKit
import FluentSQL
import FluentSQLiteDriver
import Foundation
import Testing
import TrialCore
@testable import TrialStore

/// Forms are inserted and updated with plain statements (`PlainlyWrittenRecord`); the rows must be the ones
/// Fluent writes, value by value and, on SQLite, storage class by storage class.
@Suite struct PlainFormWriteTests {
    private static func form(id: UUID, allSet: Bool) -> CaseReportFormRecord {
        let form = CaseReportFormRecord()
        form.id = id
        form.participantID = "960-0001"; form.siteCode = "960"; form.form = "baseline"; form.payloadJSON = "{\"\u{75c5}\":\"\u{1F600} \\\"q\\\"\"}"
        form.createdAt = "2026-01-01T00:00:00.000Z"
        if allSet {
            form.verifiedBy = "monitor"; form.verifiedAt = "2026-01-02T00:00:00.000Z"; form.lockedBy = "dm"; form.computedJSON = "{\"x\":1}"
            form.acknowledgedBy = "m2"; form.acknowledgedAt = "2026-01-03T00:00:00.000Z"; form.studyVersion = "1.1"
        }
        return form
    }

    /// Each column of the row as text after its storage class (SQLite) or type (PostgreSQL).
    private static func stored(_ id: UUID, on db: StoreTestDatabase) async throws -> [String] {
        let sqlite = db.database is any SQLiteDatabase
        var select = "SELECT "
        select += CaseReportFormRecord.storedColumns.map { column in
            let type = sqlite ? "typeof(\"\(column)\")" : "CAST(pg_typeof(\"\(column)\") AS TEXT)"
            return "\(type) || ':' || COALESCE(CAST(\"\(column)\" AS TEXT), 'null') AS \"\(column)\""
        }.joined(separator: ", ")
        var query = SQLQueryString(select + " FROM case_report_forms WHERE id = ")
        query.appendInterpolation(bind: id)
        let row = try #require(try await db.sql.raw(query).first())
        return try CaseReportFormRecord.storedColumns.map { try row.decode(column: $0, as: String.self) }
    }

    /// A column added to the model and not to the plain statements would be left out of every save.
    @Test func the_plain_statements_write_every_field_of_the_model_in_its_order() {
        #expect(CaseReportFormRecord.storedColumns == CaseReportFormRecord.keys.map(\.description))
        #expect(Self.form(id: UUID(), allSet: true).plainValues.count == CaseReportFormRecord.storedColumns.count)
    }

    /// A form missing a required value is refused by the database with an error; nothing is saved.
    @Test func a_form_without_a_required_value_is_refused_not_a_crash() async throws {
        try await withStoreDatabase { db in
            let form = CaseReportFormRecord()
            form.id = UUID()
            form.participantID = "960-0001"; form.siteCode = "960"; form.form = "baseline"; form.createdAt = "2026-01-01T00:00:00.000Z"
            await #expect(throws: (any Error).self) {
                try await db.store.write(as: .system) { tx in try await tx.create(form) }
            }
            let forms = try await CaseReportFormRecord.query(on: db.database).count()
            let head = try await db.store.chainHead()
            #expect(forms == 0 && head.sequence == 0)
        }
    }

    @Test(arguments: [true, false])
    func a_form_written_plainly_is_the_row_fluent_writes(allSet: Bool) async throws {
        try await withStoreDatabase { db in
            let (plainID, fluentID) = (UUID(), UUID())
            let plain = Self.form(id: plainID, allSet: allSet)
            try await db.store.write(as: .system) { tx in try await tx.create(plain) }
            #expect(plain.$id.exists)
            try await Self.form(id: fluentID, allSet: allSet).create(on: db.database)

            func sameRows() async throws {
                let (a, b) = (try await Self.stored(plainID, on: db), try await Self.stored(fluentID, on: db))
                // The IDs differ in value; their storage must not.
                #expect(a.count == CaseReportFormRecord.storedColumns.count)
                #expect(a[0].split(separator: ":").first == b[0].split(separator: ":").first)
                #expect(Array(a.dropFirst()) == Array(b.dropFirst()))
            }
            try await sameRows()

            // An update through the write and one through Fluent, each turning set columns to null and null ones to values.
            for (id, plainly) in [(plainID, true), (fluentID, false)] {
                let record = try #require(try await CaseReportFormRecord.stored(id: id, on: db.database))
                record.payloadJSON = "{\"a\":2}"
                record.verifiedBy = allSet ? nil : "monitor-2"
                record.computedJSON = allSet ? nil : "{\"y\":3}"
                record.studyVersion = allSet ? "1.2" : nil
                if plainly {
                    try await db.store.write(as: .system, reason: "test") { tx in try await tx.update(record) }
                } else {
                    try await record.update(on: db.database)
                }
            }
            try await sameRows()
            let read = try #require(try await CaseReportFormRecord.find(plainID, on: db.database))
            #expect(read.payloadJSON == "{\"a\":2}" && read.verifiedBy == (allSet ? nil : "monitor-2") && read.studyVersion == (allSet ? "1.2" : nil))
            #expect(try await CaseReportFormRecord.query(on: db.database).count() == 2)
            let report = try await AuditVerifier(database: db.database).verify()
            // The Fluent twin has no history; the plainly written form matches its own.
            #expect(report.problems.map(\.kind) == [.recordWithoutHistory], "\(report.problems)")
        }
    }
}
