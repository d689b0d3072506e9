import FluentKit
import FluentSQL
import Foundation
import Testing
import TrialCore
import TrialStudyFile
@testable import TrialStore

/// The stored plan is what the casebooks determine: on any day, the work lists read from it equal the ones
/// built from every casebook, and a rebuild (the migration's) writes the same rows the writes kept.
@Suite(.serialized) struct PlannedVisitsTests {
    static let cutoff = CalendarDate(iso8601: "2026-11-25")!

    /// On SQLite the work lists' read finds every column in the open visits' index: no table lookup per visit.
    @Test func the_open_visits_are_read_from_their_index_alone() async throws {
        try await withStoreDatabase { db in
            guard let sql = db.database as? any SQLDatabase, sql.dialect.name == "sqlite" else { return }
            for (scope, site) in [(SiteScope.allSites, nil), (.site("960"), nil), (.allSites, "961")] as [(SiteScope, String?)] {
                let select = SiteScopedRecords(store: db.store, scope: scope).openPlannedVisitsSelect(through: Self.cutoff, site: site, on: sql)
                let steps = try await sqliteQueryPlan(of: select.select, on: sql)
                #expect(steps.contains { $0.contains("COVERING INDEX planned_visits_open") }, "\(scope) \(site ?? ""): \(steps)")
            }
        }
    }

    @Test func work_lists_from_the_stored_plan_equal_those_from_the_casebooks_on_any_day() async throws {
        try await withStoreDatabase { db in
            _ = try await DemoTrialLoader(database: db.database, seed: 11, participants: 30, sites: 2, today: Self.cutoff,
                                          timeZone: TimeZone(identifier: "Asia/Shanghai")!, passwordHash: "x").load()
            let study = try #require(try await StudyRepository(store: db.store).current()).definition
            // The demo applies version 1.1 part-way: the plan follows every version (`StudyVersionHistory`).
            let history = try #require(try await StudyRepository(store: db.store).history())
            #expect(history.versions.count == 2)
            let visits = Dictionary(study.scheduledVisits.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
            let service = CaseReportService(store: db.store, study: study, dictionary: try CtcaeDictionary.bundled())
            var sawOverdue = false
            for scope in [SiteScope.allSites, .site("960"), .site("961")] {
                let records = SiteScopedRecords(store: db.store, scope: scope)
                let participants = try await records.participants(status: .randomized)
                #expect(!participants.isEmpty)
                let casebooks = try await service.casebooks(of: participants)
                let signatures = try await records.casebookSignatures()
                for offset in [-200, -60, 0, 30, 400] {
                    let today = Self.cutoff.adding(days: offset)
                    let fromCasebooks = SiteWorkList(participants.compactMap { participant in
                        guard let casebook = casebooks[participant.participantID],
                              let schedule = ParticipantVisitSchedule(casebook: casebook, history: history, today: today) else { return nil }
                        return (schedule, casebook, participant.signedBy != nil)
                    }, today: today)
                    let rows = try await records.openPlannedVisits(through: SiteWorkList.horizon(from: today))
                    let fromPlan = SiteWorkList(visits: rows.compactMap { row in
                        row.visit(in: visits, today: today).map { SiteWorkList.Entry(participantId: row.participantID, visit: $0) }
                    }, casebooks: signatures, today: today)
                    #expect(fromPlan.due == fromCasebooks.due, "due lists differ on \(today.iso8601) for \(scope)")
                    #expect(fromPlan.overdue == fromCasebooks.overdue, "overdue lists differ on \(today.iso8601) for \(scope)")
                    #expect(fromPlan.missedCount == fromCasebooks.missedCount, "missed counts differ on \(today.iso8601) for \(scope)")
                    #expect(fromPlan.unsignedCasebooks == fromCasebooks.unsignedCasebooks)
                    // The overdue list read from the visits past their window only is the one from every open visit.
                    func overdue(_ rows: [PlannedVisitRow]) -> [OverdueVisit] {
                        ParticipantVisit.overdueList(rows.compactMap { row in row.visit(in: visits, today: today).map { (row.participantID, $0) } }, today: today)
                    }
                    let pastWindow = try await records.plannedVisitsPastWindow(on: today)
                    #expect(overdue(pastWindow) == overdue(try await records.openPlannedVisits(through: today)), "on \(today.iso8601) for \(scope)")
                    #expect(pastWindow.count <= rows.count)
                    sawOverdue = sawOverdue || !overdue(pastWindow).isEmpty
                }
            }
            #expect(sawOverdue, "some day must have overdue visits for the comparison to mean anything")
            // A rebuild from the casebooks writes exactly the rows the writes kept.
            func snapshot() async throws -> [String] {
                try await PlannedVisitRecord.query(on: db.database).all()
                    .map { "\($0.participantID) \($0.position) \($0.visitCode) \($0.dueFrom) \($0.overdueFrom ?? "-") \($0.missedFrom ?? "-") \($0.doneOn ?? "-") \($0.protocolVersion ?? "-")" }
                    .sorted()
            }
            let kept = try await snapshot()
            try await PlannedVisits.rebuildAll(study: study, on: db.database)
            #expect(try await snapshot() == kept)
            #expect(!kept.isEmpty)
        }
    }

    @Test func versions_of_many_records_equal_each_records_version() async throws {
        try await withStoreDatabase { db in
            _ = try await DemoTrialLoader(database: db.database, seed: 3, participants: 6, today: Self.cutoff, passwordHash: "x").load()
            let forms = try await CaseReportFormRecord.query(on: db.database).all()
            let versions = try await db.store.versions(of: forms)
            for form in forms {
                #expect(versions[form.auditEntityID] == (try await db.store.version(of: form)))
            }
            #expect(try await db.store.versions(of: [CaseReportFormRecord]()).isEmpty)
        }
    }
}
