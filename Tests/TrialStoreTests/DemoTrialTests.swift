import FluentKit
import FluentSQL
import Foundation
import Testing
@testable import TrialCore
import TrialStudyFile
@testable import TrialStore

/// The demo study goes through the same rules as real data: every casebook passes the edit checks' hard
/// rules, the audit chain verifies, and the same seed gives the same data.
@Suite(.serialized) struct DemoTrialTests {
    static let cutoff = CalendarDate(iso8601: "2026-11-25")!

    /// What a load produced, without the random record ids: per participant the arm and every form's content.
    static func content(_ db: StoreTestDatabase) async throws -> [String] {
        let participants = try await ParticipantRecord.query(on: db.database).sort(\.$participantID).all()
        var lines: [String] = []
        for participant in participants {
            let forms = try await CaseReportFormRecord.query(on: db.database).filter(\.$participantID == participant.participantID).all()
            lines.append("\(participant.participantID) \(participant.arm ?? "-") \(participant.randomizedOn ?? "-")")
            lines += forms.map { "  \($0.form) \($0.payloadJSON)" }.sorted()
        }
        return lines
    }

    @Test func a_small_demo_passes_every_hard_rule_verifies_and_is_reproducible() async throws {
        var first: (DemoTrialLoader.Summary, [String])?
        for _ in 0..<2 {
            try await withStoreDatabase { db in
                let summary = try await DemoTrialLoader(database: db.database, seed: 7, participants: 24, today: Self.cutoff,
                                                        timeZone: TimeZone(identifier: "Asia/Shanghai")!, passwordHash: "x").load()
                #expect(summary.randomized == 24)
                #expect(summary.screened >= 24)
                #expect(try await UserRecord.query(on: db.database).count() == DemoTrialLoader.usernames.count)
                #expect(try await AuditVerifier(database: db.database).verify().isIntact)

                let installed = try await StudyRepository(store: db.store).installIfNeeded(yaml: StudyDefinitionFile.defaultYAML, source: "default")
                let service = CaseReportService(store: db.store, study: installed.definition, dictionary: try CtcaeDictionary.bundled())
                var progressions = 0
                var schedules: [ParticipantVisitSchedule] = []
                let participants = try await ParticipantRecord.query(on: db.database).all()
                let bulk = try await service.casebooks(of: participants)
                for participant in participants {
                    let (_, casebook) = try await service.casebook(participantID: participant.participantID)
                    // The analysis reads all casebooks with one query: the same casebooks.
                    #expect(bulk[participant.participantID] == casebook)
                    let hard = EditChecks.run(on: casebook, study: installed.definition).filter { $0.severity == .hard }
                    #expect(hard.isEmpty, "\(participant.participantID): \(hard)")
                    #expect(casebook.baseline != nil)
                    // The stored responses are the ones TrialCore computes from the measurements.
                    let computed = AssessmentResponses.storedResponses(for: casebook)
                    // One evaluation of the whole series gives what evaluating every prefix gives.
                    if let baseline = casebook.baseline?.form {
                        let ordered = AssessmentResponses.sorted(casebook.assessments)
                        #expect(try AssessmentResponses.recomputeAll(baseline: baseline, assessments: casebook.assessments)
                                == AssessmentResponses.responsesOfEachPrefix(baseline: baseline, ordered: ordered,
                                                                             recistSettings: RecistSettings(), percistSettings: PercistSettings()))
                    }
                    for record in try await CaseReportFormRecord.query(on: db.database).filter(\.$participantID == participant.participantID)
                        .filter(\.$form == CaseReportForm.tumourAssessment.rawValue).all() {
                        #expect(record.computedResponse == computed[record.auditEntityID])
                    }
                    if computed.values.contains(where: { $0.recist?.overall == .progressiveDisease }) { progressions += 1 }
                    if let schedule = ParticipantVisitSchedule(casebook: casebook, study: installed.definition, today: Self.cutoff) {
                        schedules.append(schedule)
                    }
                }
                #expect(progressions > 0)
                #expect(!ParticipantVisitSchedule.overdueList(schedules, today: Self.cutoff).isEmpty || schedules.count < 24)
                let lines = try await Self.content(db)
                if let first {
                    #expect(first.0 == summary)
                    #expect(first.1 == lines)
                } else {
                    first = (summary, lines)
                }
            }
        }
    }

    /// Each save takes the casebook the save before it left when it finds that head (`KeptCasebooks`). A demo built
    /// so must be the demo built by reading every casebook: the same forms, the same trail in the same order
    /// (the edit checks' queries and the stored responses included) and the same planned visits.
    @Test func a_demo_built_from_the_casebooks_saves_leave_is_the_demo_built_by_reading_them() async throws {
        var built: [[String]] = []
        var summaries: [DemoTrialLoader.Summary] = []
        for kept in [true, false] {
            try await KeptCasebooks.$areKept.withValue(kept) {
                try await withStoreDatabase { db in
                    let summary = try await DemoTrialLoader(database: db.database, seed: 11, participants: 12, today: Self.cutoff,
                                                            timeZone: TimeZone(identifier: "Asia/Shanghai")!, passwordHash: "x").load()
                    summaries.append(summary)
                    var lines = try await Self.content(db)
                    let events = try await AuditEventRecord.query(on: db.database).sort(\.$id).all()
                    lines += events.map { "\($0.sequence) \($0.occurredAt) \($0.action) \($0.entityType) \($0.changes.map(\.field).sorted())" }
                    let visits = try await PlannedVisitRecord.query(on: db.database).all()
                    lines += visits.map { "\($0.participantID) \($0.position) \($0.visitCode) \($0.due) \($0.doneOn ?? "-")" }.sorted()
                    built.append(lines)
                }
            }
        }
        #expect(built.count == 2 && built[0].count > 500)
        // The first line that differs, rather than two whole demos.
        let withKept = built.first ?? [], byReading = built.last ?? []
        let differing = withKept.indices.first { $0 >= byReading.count || withKept[$0] != byReading[$0] }
        #expect(differing == nil, "line \(differing ?? 0): \(differing.map { withKept[$0] } ?? "") against \(differing.map { byReading[$0] } ?? "")")
        #expect(withKept.count == byReading.count)
        #expect(summaries.first == summaries.last)
    }

    @Test func the_demo_needs_an_empty_database() async throws {
        try await withStoreDatabase { db in
            _ = try await DemoTrialLoader(database: db.database, seed: 1, participants: 2, today: Self.cutoff, passwordHash: "x").load()
            await #expect(throws: ValidationFailure.self) {
                _ = try await DemoTrialLoader(database: db.database, seed: 1, participants: 2, today: Self.cutoff, passwordHash: "x").load()
            }
        }
    }
}

/// The demo is one transaction: a step the database refuses part-way leaves the database as empty as it was
/// (no half-built trial to clean up), and the demo can simply be run again.
@Suite(.serialized) struct DemoTrialAtomicityTests {
    /// Refuses the 31st form: the failure comes from the database, deep inside the follow-up, after users,
    /// the study, the randomization lists and many participants were already written.
    static func refuseAForm(on db: StoreTestDatabase) -> [String] {
        let forms = CaseReportFormRecord.schema
        if db.configuration.kind == "postgresql" {
            return [
                """
                CREATE FUNCTION demo_refuses_a_form() RETURNS trigger AS $$ BEGIN
                IF (SELECT COUNT(*) FROM \(forms)) >= 30 THEN RAISE EXCEPTION 'refused for the test'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql
                """,
                "CREATE TRIGGER demo_refuses_a_form BEFORE INSERT ON \(forms) FOR EACH ROW EXECUTE FUNCTION demo_refuses_a_form()",
            ]
        }
        return ["CREATE TRIGGER demo_refuses_a_form BEFORE INSERT ON \(forms) WHEN (SELECT COUNT(*) FROM \(forms)) >= 30 BEGIN SELECT RAISE(ABORT, 'refused for the test'); END"]
    }

    static func rowCounts(_ db: StoreTestDatabase) async throws -> [String: Int] {
        [
            "users": try await UserRecord.query(on: db.database).count(),
            "studies": try await StudyVersionRecord.query(on: db.database).count(),
            "screenings": try await ScreeningRecord.query(on: db.database).count(),
            "participants": try await ParticipantRecord.query(on: db.database).count(),
            "forms": try await CaseReportFormRecord.query(on: db.database).count(),
            "events": try await AuditEventRecord.query(on: db.database).count(),
        ]
    }

    @Test func a_refused_step_leaves_the_database_as_it_was_and_the_demo_runs_again() async throws {
        try await withStoreDatabase { db in
            let before = try await Self.rowCounts(db)
            let headBefore = try await db.store.chainHead()
            for statement in Self.refuseAForm(on: db) { try await db.sql.raw(SQLQueryString(statement)).run() }
            await #expect(throws: (any Error).self) {
                _ = try await DemoTrialLoader(database: db.database, seed: 3, participants: 12, today: DemoTrialTests.cutoff, passwordHash: "x").load()
            }
            #expect(try await Self.rowCounts(db) == before)
            let headAfter = try await db.store.chainHead()
            #expect(headAfter.sequence == headBefore.sequence && headAfter.hash == headBefore.hash)

            let drop = db.configuration.kind == "postgresql"
                ? ["DROP TRIGGER demo_refuses_a_form ON \(CaseReportFormRecord.schema)", "DROP FUNCTION demo_refuses_a_form()"]
                : ["DROP TRIGGER demo_refuses_a_form"]
            for statement in drop { try await db.sql.raw(SQLQueryString(statement)).run() }
            let summary = try await DemoTrialLoader(database: db.database, seed: 3, participants: 12, today: DemoTrialTests.cutoff, passwordHash: "x").load()
            #expect(summary.randomized == 12)
            #expect(summary.forms > 30)
            #expect(try await AuditVerifier(database: db.database).verify().isIntact)
        }
    }
}
