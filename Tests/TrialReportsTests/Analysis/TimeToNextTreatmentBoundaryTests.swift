import Foundation
import Testing
import TrialCore
@testable import TrialReports

/// The TTNT rule counts a new line begun strictly after randomization: a line started on the randomization
/// day is the randomized treatment. Checked through the whole analysis (casebook, ADTTE, analysis numbers).
@Suite struct TimeToNextTreatmentBoundaryTests {
    /// Participant B of the hand-derived cases (alive on day 182, no new line) with one more line for a
    /// clinical decision started on `startDay`.
    static func input(lineOnDay startDay: Int) -> TrialAnalysisInput {
        var participant = HandDerivedCases.participantB
        let start = participant.randomizationDate.adding(days: startDay)
        participant.casebook.therapyLines = [RecordedForm(id: "T1", form: HandDerivedCases.line(1, start: start, reason: .clinicalDecision))]
        return TrialAnalysisInput(study: HandDerivedCases.study, dataCutoff: HandDerivedCases.date("2026-12-31"), language: .english,
                                  screeningLog: [], participants: [HandDerivedCases.participantA, participant])
    }

    static func ttntRow(_ output: TrialReportOutput) throws -> [String: AnalysisValue] {
        try AnalysisDatasetRowTests.row(try #require(output.datasets.dataset(named: "ADTTE")), subject: "960-0002", paramcd: "TTNT")
    }

    @Test func a_clinical_decision_line_on_day_0_is_not_the_ttnt_event() throws {
        let output = try TrialReportOutput(Self.input(lineOnDay: 0))
        let row = try Self.ttntRow(output)
        #expect(row["CNSR"] == .number(1) && row["AVAL"] == .number(182))
        #expect(row["EVNTDESC"] == .text("NO NEW LINE OF SYSTEMIC THERAPY AT LAST CONTACT"))
        let systemicArm = try #require(output.analysis.timeToNextTreatment.arms.first { $0.arm == "SYS" })
        #expect(systemicArm.events == 0)
    }

    @Test func a_clinical_decision_line_on_day_1_is_the_ttnt_event() throws {
        let output = try TrialReportOutput(Self.input(lineOnDay: 1))
        let row = try Self.ttntRow(output)
        #expect(row["CNSR"] == .number(0) && row["AVAL"] == .number(1))
        let systemicArm = try #require(output.analysis.timeToNextTreatment.arms.first { $0.arm == "SYS" })
        #expect(systemicArm.events == 1)
    }
}
