import Foundation
import Testing
@testable import TrialCore

private typealias F = ResponseFixtures

@Test func faq_example_sums_100_70_70_80_80_are_partial_response_at_every_time_point() throws {
    // RECIST working group FAQ, "Managing PR when TP measurements change slightly over time".
    let evaluation = try RecistEvaluation(evaluating: F.request(
        targets: [F.target("T1", "liver", "60"), F.target("T2", "lung", "40")],
        followUps: [["42", "28"], ["42", "28"], ["48", "32"], ["48", "32"]]))
    #expect(evaluation.timepoints.map(\.sum) == ["70", "70", "80", "80"].map(F.mm))
    #expect(evaluation.timepoints.map(\.target) == Array(repeating: .partialResponse, count: 4))
    #expect(evaluation.timepoints.map(\.overall) == Array(repeating: .partialResponse, count: 4))
    #expect(evaluation.bestOverallResponse == .partialResponse)
    #expect(evaluation.progressionDate == nil)
}

@Test func faq_example_165_63_65_is_a_continuing_partial_response() throws {
    // EORTC RECIST 1.1 clarification on SD: 165 mm at baseline, 63 at week 8, 65 at week 16.
    let evaluation = try F.singleTarget("165", ["63", "65"])
    #expect(evaluation.timepoints.map(\.target) == [.partialResponse, .partialResponse])
    #expect(evaluation.timepoints[1].changeFromNadirPct == F.decimal("3.2"))
}

@Test func partial_response_persists_until_progression_then_ends() throws {
    // PR at 60; 70 (+16.7% over the nadir, -30% not met) stays PR; 80 is PD (+33% and +20 mm over the
    // nadir of 60); after PD, 71 (+18.3% over the nadir, -29% from baseline) is no longer carried as PR.
    let evaluation = try F.singleTarget("100", ["60", "70", "80", "71"])
    #expect(evaluation.timepoints.map(\.target) == [.partialResponse, .partialResponse, .progressiveDisease, .stableDisease])
    #expect(evaluation.progressionDate == F.scanDay(2))
}

@Test func equivocal_new_lesion_confirmed_later_dates_progression_from_first_sighting() throws {
    let evaluation = try F.singleTarget("50", ["40", "40", "40"], newLesions: [.equivocal, .equivocal, .unequivocal])
    #expect(evaluation.progressionDate == F.scanDay(0))
    #expect(evaluation.timepoints.map(\.overall) == [.progressiveDisease, .progressiveDisease, .progressiveDisease])
    // The targets themselves stay what they measured.
    #expect(evaluation.timepoints.map(\.target) == [.stableDisease, .stableDisease, .stableDisease])
    #expect(evaluation.bestOverallResponse == .progressiveDisease)
}

@Test func equivocal_new_lesion_not_yet_confirmed_is_not_progression() throws {
    let evaluation = try F.singleTarget("50", ["40", "40"], newLesions: [.noneSeen, .equivocal])
    #expect(evaluation.timepoints.map(\.overall) == [.stableDisease, .stableDisease])
    #expect(evaluation.progressionDate == nil)
}

@Test func equivocal_finding_that_resolved_is_not_backdated_by_a_later_new_lesion() throws {
    // Equivocal, then none (the finding resolved), then an unequivocal new lesion: PD at that scan.
    let evaluation = try F.singleTarget("50", ["40", "40", "40"], newLesions: [.equivocal, .noneSeen, .unequivocal])
    #expect(evaluation.progressionDate == F.scanDay(2))
    #expect(evaluation.timepoints.map(\.overall) == [.stableDisease, .stableDisease, .progressiveDisease])
}

@Test func confirmation_after_progression_does_not_move_the_progression_date() throws {
    // Equivocal at scan 1; PD by the targets at scan 2 (still equivocal); confirmed only at scan 3.
    let evaluation = try F.singleTarget("50", ["40", "50", "50"], newLesions: [.equivocal, .equivocal, .unequivocal])
    #expect(evaluation.progressionDate == F.scanDay(1))
    #expect(evaluation.timepoints[0].overall == .stableDisease)
}

@Test func confirmation_at_the_scan_of_target_progression_backdates_it() throws {
    let evaluation = try F.singleTarget("50", ["40", "50"], newLesions: [.equivocal, .unequivocal])
    #expect(evaluation.progressionDate == F.scanDay(0))
}

@Test func non_target_progression_is_overall_progression() throws {
    let evaluation = try RecistEvaluation(evaluating: F.request(
        targets: [F.target("T1", "liver", "50")],
        nonTargets: [.init(id: "B1", organ: "bone", nodal: false)],
        followUps: [["20"], ["20"]],
        nonTargetStatuses: [[.present], [.unequivocalProgression]]))
    #expect(evaluation.timepoints.map(\.nonTarget) == [.nonCRNonPD, .progressiveDisease])
    #expect(evaluation.timepoints.map(\.overall) == [.partialResponse, .progressiveDisease])
    #expect(evaluation.progressionDate == F.scanDay(1))
    #expect(evaluation.bestOverallResponse == .partialResponse)
}

@Test func targets_in_complete_response_with_non_targets_present_are_partial_response() throws {
    let evaluation = try RecistEvaluation(evaluating: F.request(
        targets: [F.target("T1", "liver", "50")],
        nonTargets: [.init(id: "B1", organ: "bone", nodal: false)],
        followUps: [["0"], ["0"]],
        nonTargetStatuses: [[.present], [.absent]]))
    #expect(evaluation.timepoints.map(\.target) == [.completeResponse, .completeResponse])
    #expect(evaluation.timepoints.map(\.overall) == [.partialResponse, .completeResponse])
    #expect(evaluation.bestOverallResponse == .completeResponse)
}

@Test func non_target_only_disease_reports_ND_for_targets_and_NonCR_NonPD() throws {
    let request = RecistEvaluationRequest(
        baseline: .init(date: F.baselineDate, targets: [], nonTargets: [.init(id: "N1", organ: "pelvis", nodal: true)]),
        followUps: [
            .init(date: F.day(56), targets: [], nonTargets: [.init(id: "N1", status: .present)]),
            .init(date: F.day(112), targets: [], nonTargets: [.init(id: "N1", status: .absent)]),
        ])
    let evaluation = try RecistEvaluation(evaluating: request)
    #expect(evaluation.baselineSum == nil)
    #expect(evaluation.timepoints.map(\.target) == [.noDisease, .noDisease])
    #expect(evaluation.timepoints.map(\.overall) == [.nonCRNonPD, .completeResponse])
    #expect(evaluation.timepoints.map(\.sum) == [nil, nil])
    #expect(evaluation.bestOverallResponse == .completeResponse)
}

@Test func best_overall_response_counts_stable_disease_only_after_the_minimum_duration() throws {
    // Scans on days 56 and 112. SD on day 56 counts with the default 42 days.
    #expect(try F.singleTarget("50", ["45"]).bestOverallResponse == .stableDisease)
    // With a minimum of 57 days the same SD comes too early; nothing evaluable follows: NE.
    #expect(try F.singleTarget("50", ["45"], minimumSDDays: 57).bestOverallResponse == .notEvaluable)
    // A minimum of exactly 56 days is met on day 56.
    #expect(try F.singleTarget("50", ["45"], minimumSDDays: 56).bestOverallResponse == .stableDisease)
    // Too-early SD followed by PD: PD.
    #expect(try F.singleTarget("50", ["45", "60"], minimumSDDays: 57).bestOverallResponse == .progressiveDisease)
    // Too-early SD followed by a not evaluable time point: NE.
    let notEvaluable = try RecistEvaluation(evaluating: F.request(
        targets: [F.target("T1", "liver", "50"), F.target("T2", "lung", "50")],
        followUps: [["45", "45"], [nil, "45"]], minimumSDDays: 57))
    #expect(notEvaluable.bestOverallResponse == .notEvaluable)
}

@Test func best_overall_response_ignores_time_points_after_progression() throws {
    // PD at the first scan; a later PR (after PD) does not count.
    let evaluation = try F.singleTarget("50", ["40", "60", "20"], newLesions: [.unequivocal, .noneSeen, .noneSeen])
    #expect(evaluation.progressionDate == F.scanDay(0))
    #expect(evaluation.bestOverallResponse == .progressiveDisease)
}

@Test func best_overall_response_takes_the_best_before_progression() throws {
    let evaluation = try F.singleTarget("100", ["80", "60", "0", "10"])
    #expect(evaluation.timepoints.map(\.overall) == [.stableDisease, .partialResponse, .completeResponse, .progressiveDisease])
    #expect(evaluation.bestOverallResponse == .completeResponse)
    #expect(evaluation.progressionDate == F.scanDay(3))
}

@Test func no_follow_up_gives_NE_and_no_progression() throws {
    let evaluation = try F.singleTarget("50", [])
    #expect(evaluation.timepoints.isEmpty)
    #expect(evaluation.bestOverallResponse == .notEvaluable)
    #expect(evaluation.progressionDate == nil)
    #expect(evaluation.baselineSum == F.mm("50"))
}

@Test func the_minimum_stable_disease_duration_is_a_setting() throws {
    let request = F.request(targets: [F.target("T1", "liver", "50")], followUps: [["45"]])
    #expect(try RecistEvaluation(evaluating: request, settings: RecistSettings(minimumStableDiseaseDays: 70)).bestOverallResponse == .notEvaluable)
    #expect(RecistSettings().minimumStableDiseaseDays == 42)
}
