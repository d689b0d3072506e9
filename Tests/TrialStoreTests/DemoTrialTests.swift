import FluentKit
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

    @Test func the_demo_needs_an_empty_database() async throws {
        try await withStoreDatabase { db in
            _ = try await DemoTrialLoader(database: db.database, seed: 1, participants: 2, today: Self.cutoff, passwordHash: "x").load()
            await #expect(throws: ValidationFailure.self) {
                _ = try await DemoTrialLoader(database: db.database, seed: 1, participants: 2, today: Self.cutoff, passwordHash: "x").load()
            }
        }
    }
}
