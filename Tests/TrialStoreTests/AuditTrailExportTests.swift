import FluentKit
import Foundation
import Testing
import TrialCore
@testable import TrialStore

/// The audit trail leaves the system as CSV or JSON that verifies without the database: a complete export end
/// to end, a filtered one event by event, and any value changed in the file is found at its event.
@Suite(.serialized) struct AuditTrailExportTests {
    static let cutoff = CalendarDate(iso8601: "2026-11-25")!

    /// A two-site demo of eight participants, its export under `filter`, and the chain head.
    static func withDemo(_ body: (StoreTestDatabase) async throws -> Void) async throws {
        try await withStoreDatabase { db in
            _ = try await DemoTrialLoader(database: db.database, seed: 3, participants: 8, sites: 2, today: cutoff,
                                          timeZone: TimeZone(identifier: "Asia/Shanghai")!, passwordHash: "x").load()
            try await body(db)
        }
    }

    /// The CSV text with the first event row's cell in `column` (among rows where it is not empty) replaced.
    static func tampered(_ csv: Data, column: String, where accept: ([String: String]) -> Bool = { _ in true }) -> (Data, Int64) {
        var rows = CSVRows.parse(String(decoding: csv, as: UTF8.self).replacingOccurrences(of: "\u{FEFF}", with: ""))
        let header = rows[0]
        let index = header.firstIndex(of: column)!
        for row in 1..<rows.count {
            let cells = Dictionary(uniqueKeysWithValues: zip(header, rows[row]))
            guard cells["record"] == "event", !(cells[column] ?? "").isEmpty, accept(cells) else { continue }
            rows[row][index] += "9"
            let text = rows.map { $0.map(AuditTrailExport.csvField).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
            return (Data(text.utf8), Int64(cells["sequence"]!)!)
        }
        Issue.record("no event row has a value in \(column)")
        return (csv, 0)
    }

    @Test func a_complete_export_verifies_end_to_end_in_both_formats() async throws {
        try await Self.withDemo { db in
            let export = try await AuditTrailExporter(store: db.store).export(scope: .allSites, filter: AuditExportFilter(), exportedBy: nil)
            let head = try await db.store.chainHead()
            #expect(export.isComplete)
            #expect(export.events.count == Int(head.sequence))
            #expect(export.chainHead == .init(sequence: head.sequence, hash: head.hash))
            for data in [export.csv(), try export.json()] {
                let read = try AuditTrailExport.read(data, source: "export")
                #expect(read.events == export.events)
                let report = AuditExportVerifier.verify(read)
                #expect(report.isIntact, "\(report.problems.prefix(3))")
                #expect(report.isComplete)
                #expect(report.eventsChecked == Int(head.sequence))
            }
            // A spreadsheet reads one row per changed field, with the participant beside each form's event.
            let csv = String(decoding: export.csv(), as: UTF8.self)
            #expect(csv.hasPrefix("\u{FEFF}record,sequence,occurred_at,user,role,site,action"))
            #expect(csv.contains(",case-report-form,"))
        }
    }

    @Test func values_a_spreadsheet_would_run_as_formulas_are_neutralized_and_read_back_as_recorded() throws {
        let values = ["=HYPERLINK(\"x\")", "+1 day", "@SUM(A1)", "-1.5", "'=quoted", "'plain", "-", "\tTab", "ordinary"]
        let changes = values.enumerated().map { AuditFieldChange(field: "f\($0.offset)", old: nil, new: $0.element) }
        var event = AuditExportedEvent(sequence: 1, occurredAt: "2026-11-25T20:00:00.000Z", user: "=cmd", role: "coordinator", site: "960",
                                       action: "create", entityType: "query", entityID: "id", participantID: nil, changes: changes,
                                       reason: "'why", previousHash: AuditChain.genesisHash, hash: "")
        event.hash = event.recomputedHash
        let export = AuditTrailExport(exportedAt: "2026-11-25T20:00:00.000Z", exportedBy: nil, filter: AuditExportFilter(),
                                      chainHead: .init(sequence: 1, hash: event.hash), checkpoints: [], events: [event])
        let csv = String(decoding: export.csv(), as: UTF8.self)
        #expect(csv.contains(",\"'=HYPERLINK(") && csv.contains(",'+1 day,") && csv.contains(",'@SUM(A1),") && csv.contains(",-1.5,"))
        #expect(csv.contains(",'=cmd,") && csv.contains(",''why,") && csv.contains(",''=quoted,"))
        let read = try AuditTrailExport.read(export.csv(), source: "x")
        #expect(read.events == [event])
        #expect(AuditExportVerifier.verify(read).isIntact)
    }

    @Test func one_value_changed_in_the_file_is_found_at_its_event() async throws {
        try await Self.withDemo { db in
            let export = try await AuditTrailExporter(store: db.store).export(scope: .allSites, filter: AuditExportFilter(), exportedBy: nil)
            // A new value of a form field, in the CSV.
            let (csv, sequence) = Self.tampered(export.csv(), column: "new_value") { $0["entity_type"] == "case-report-form" }
            let report = AuditExportVerifier.verify(try AuditTrailExport.read(csv, source: "tampered.csv"))
            #expect(!report.isIntact)
            #expect(report.problems.map(\.kind) == [.hashMismatch])
            #expect(report.problems.first?.sequence == sequence)
            // A reason, and a user name.
            for column in ["reason", "user"] {
                let (changed, at) = Self.tampered(export.csv(), column: column)
                let problems = AuditExportVerifier.verify(try AuditTrailExport.read(changed, source: "tampered.csv")).problems
                #expect(problems.map(\.kind) == [.hashMismatch] && problems.first?.sequence == at, "\(column): \(problems)")
            }
            // In the JSON: an old value turned into another, and an event removed from the end.
            var json = export
            let index = json.events.firstIndex { $0.changes.contains { $0.old != nil } }!
            let field = json.events[index].changes.firstIndex { $0.old != nil }!
            json.events[index].changes[field].old = "tampered"
            #expect(AuditExportVerifier.verify(try AuditTrailExport.read(try json.json(), source: "x")).problems.map(\.kind) == [.hashMismatch])
            var shortened = export
            shortened.events.removeLast()
            #expect(AuditExportVerifier.verify(shortened).problems.map(\.kind) == [.headMismatch])
            var gap = export
            gap.events.remove(at: 3)
            #expect(Set(AuditExportVerifier.verify(gap).problems.map(\.kind)) == [.sequenceGap])
        }
    }

    @Test func a_filtered_export_holds_its_events_only_and_verifies_as_partial() async throws {
        try await Self.withDemo { db in
            let exporter = AuditTrailExporter(store: db.store)
            let participant = try #require(try await ParticipantRecord.query(on: db.database).filter(\.$siteCode == "961").first())
            let forms = try await CaseReportFormRecord.query(on: db.database).filter(\.$participantID == participant.participantID).all()
            let one = try await exporter.export(scope: .allSites, filter: AuditExportFilter(participantID: participant.participantID), exportedBy: "dm")
            #expect(!one.isComplete)
            #expect(one.events.allSatisfy { $0.participantID == participant.participantID })
            let entities = Set(one.events.map(\.entityID))
            #expect(entities.isSuperset(of: forms.map(\.auditEntityID)))
            #expect(entities.contains(participant.auditEntityID))
            #expect(entities.contains(participant.screeningID.uuidString.lowercased()))
            let report = AuditExportVerifier.verify(try AuditTrailExport.read(one.csv(), source: "one.csv"))
            #expect(report.isIntact, "\(report.problems.prefix(3))")
            #expect(!report.isComplete)

            // A monitor of site 960 gets site 960's events, never 961's, and is refused 961 by name.
            let own = try await exporter.export(scope: .site("960"), filter: AuditExportFilter(), exportedBy: "monitor")
            #expect(own.filter.siteCode == "960")
            #expect(!own.events.isEmpty)
            #expect(!own.events.contains { $0.participantID == participant.participantID })
            await #expect(throws: StoreError.outsideSite(site: "961", scope: "960")) {
                try await exporter.export(scope: .site("960"), filter: AuditExportFilter(siteCode: "961"), exportedBy: "monitor")
            }
            let all = try await exporter.export(scope: .allSites, filter: AuditExportFilter(), exportedBy: nil)
            let later = try await exporter.export(scope: .allSites, filter: AuditExportFilter(from: "2026-01-01"), exportedBy: nil)
            #expect(later.events.allSatisfy { $0.occurredAt >= "2026-01-01" })
            #expect(later.events.count == all.events.filter { $0.occurredAt >= "2026-01-01" }.count)
            #expect(throws: ValidationFailure.self) { try AuditExportFilter(from: "25/11/2026").validated() }
        }
    }
}
