import Foundation
import Testing
@testable import TrialCore

private typealias F = ResponseFixtures

@Test func partial_response_at_exactly_30_percent_decrease_compared_in_tenths() throws {
    // 9.8 against 14 is exactly -30%; in binary floating point 0.7 x 14 < 9.8 and the PR would be lost.
    let exact = try F.singleTarget("14", ["9.8"])
    #expect(exact.timepoints[0].target == .partialResponse)
    #expect(exact.timepoints[0].changeFromBaselinePct == -30)
    let justShort = try F.singleTarget("14", ["9.9"])
    #expect(justShort.timepoints[0].target == .stableDisease)
}

@Test func partial_response_on_the_sum_of_several_targets() throws {
    let request = F.request(
        targets: [F.target("T1", "liver", "60"), F.target("T2", "lung", "40")],
        followUps: [["42", "28"], ["42", "28.1"]])
    let evaluation = try RecistEvaluation(evaluating: request)
    #expect(evaluation.baselineSum == F.mm("100"))
    #expect(evaluation.timepoints.map(\.sum) == [F.mm("70"), F.mm("70.1")])
    #expect(evaluation.timepoints[0].target == .partialResponse)
    // 70.1 is not 30% below baseline, but an earlier PR persists until PD.
    #expect(evaluation.timepoints[1].target == .partialResponse)
    let fresh = try RecistEvaluation(evaluating: F.request(
        targets: [F.target("T1", "liver", "60"), F.target("T2", "lung", "40")], followUps: [["42", "28.1"]]))
    #expect(fresh.timepoints[0].target == .stableDisease)
}

@Test func progression_needs_20_percent_and_5mm_over_nadir() throws {
    // +20% exactly and +5.0 mm: PD.
    #expect(try F.singleTarget("25", ["30"]).timepoints[0].target == .progressiveDisease)
    // +20% exactly but only +4.9 mm: not PD.
    #expect(try F.singleTarget("24.5", ["29.4"]).timepoints[0].target == .stableDisease)
    // +5.9 mm but only +19.7%: not PD.
    #expect(try F.singleTarget("30", ["35.9"]).timepoints[0].target == .stableDisease)
    // +20% and 6 mm: PD.
    #expect(try F.singleTarget("30", ["36"]).timepoints[0].target == .progressiveDisease)
}

@Test func progression_is_measured_from_the_nadir_not_the_baseline() throws {
    // Nadir 50 after baseline 100: 60 is +20% and +10 mm over the nadir though still -40% from baseline.
    let evaluation = try F.singleTarget("100", ["50", "60"])
    #expect(evaluation.timepoints[1].nadir == F.mm("50"))
    #expect(evaluation.timepoints[1].changeFromNadirPct == 20)
    #expect(evaluation.timepoints[1].changeFromBaselinePct == -40)
    #expect(evaluation.timepoints[1].target == .progressiveDisease)
    #expect(evaluation.progressionDate == F.scanDay(1))
}

@Test func with_a_nadir_of_zero_any_sum_of_5mm_is_progression() {
    let settings = RecistSettings()
    #expect(settings.isProgression(sum: F.mm("5"), nadir: .zero))
    #expect(!settings.isProgression(sum: F.mm("4.9"), nadir: .zero))
}

@Test func a_target_node_below_10mm_counts_as_gone_for_complete_response() throws {
    let targets = [F.target("T1", "liver", "30"), F.target("N1", "mediastinum", "20", nodal: true)]
    let below = try RecistEvaluation(evaluating: F.request(targets: targets, followUps: [["0", "9.9"]]))
    #expect(below.timepoints[0].target == .completeResponse)
    // The sum is not 0 because of the node; CR all the same.
    #expect(below.timepoints[0].sum == F.mm("9.9"))
    let at10 = try RecistEvaluation(evaluating: F.request(targets: targets, followUps: [["0", "10"]]))
    #expect(at10.timepoints[0].target == .partialResponse)
}

@Test func complete_response_needs_every_non_nodal_target_at_zero() throws {
    #expect(try F.singleTarget("20", ["0"]).timepoints[0].target == .completeResponse)
    #expect(try F.singleTarget("20", ["0.1"]).timepoints[0].target == .partialResponse)
}

@Test func a_lesion_too_small_to_measure_counts_as_5mm_and_is_not_complete_response() throws {
    let request = RecistEvaluationRequest(
        baseline: .init(date: F.baselineDate, targets: [F.target("T1", "liver", "20")]),
        followUps: [.init(date: F.scanDay(0), targets: [F.reading("T1", nil, tooSmall: true)])])
    let evaluation = try RecistEvaluation(evaluating: request)
    #expect(evaluation.timepoints[0].sum == F.mm("5"))
    #expect(evaluation.timepoints[0].target == .partialResponse)
}

@Test func the_too_small_default_is_a_setting() throws {
    let request = RecistEvaluationRequest(
        baseline: .init(date: F.baselineDate, targets: [F.target("T1", "liver", "20")]),
        followUps: [.init(date: F.scanDay(0), targets: [F.reading("T1", nil, tooSmall: true)])])
    let evaluation = try RecistEvaluation(evaluating: request, settings: RecistSettings(tooSmallToMeasureDefault: F.mm("3")))
    #expect(evaluation.timepoints[0].sum == F.mm("3"))
}

@Test func a_node_too_small_to_measure_keeps_its_short_axis_when_given() throws {
    let targets = [F.target("N1", "axilla", "20", nodal: true)]
    let withAxis = RecistEvaluationRequest(
        baseline: .init(date: F.baselineDate, targets: targets),
        followUps: [.init(date: F.scanDay(0), targets: [F.reading("N1", "3.2", tooSmall: true)])])
    let measured = try RecistEvaluation(evaluating: withAxis)
    #expect(measured.timepoints[0].sum == F.mm("3.2"))
    #expect(measured.timepoints[0].target == .completeResponse)
    let withoutAxis = RecistEvaluationRequest(
        baseline: .init(date: F.baselineDate, targets: targets),
        followUps: [.init(date: F.scanDay(0), targets: [F.reading("N1", nil, tooSmall: true)])])
    #expect(try RecistEvaluation(evaluating: withoutAxis).timepoints[0].sum == F.mm("5"))
}

@Test func a_target_not_assessed_makes_the_target_response_not_evaluable() throws {
    let targets = [F.target("T1", "liver", "30"), F.target("T2", "lung", "20")]
    let evaluation = try RecistEvaluation(evaluating: F.request(targets: targets, followUps: [[nil, "5"]]))
    #expect(evaluation.timepoints[0].target == .notEvaluable)
    #expect(evaluation.timepoints[0].sum == nil)
    #expect(evaluation.timepoints[0].changeFromBaselinePct == nil)
    #expect(evaluation.timepoints[0].overall == .notEvaluable)
}

@Test func assessed_targets_that_already_prove_progression_give_PD_despite_a_missing_one() throws {
    let targets = [F.target("T1", "liver", "30"), F.target("T2", "lung", "20")]
    // Nadir 50; T2 alone at 60 is +20% and +10 mm: a missing lesion can only add to it.
    let progressed = try RecistEvaluation(evaluating: F.request(targets: targets, followUps: [[nil, "60"]]))
    #expect(progressed.timepoints[0].target == .progressiveDisease)
    #expect(progressed.progressionDate == F.scanDay(0))
    // T2 at 59.9 is +19.8% over the nadir of 50: not enough, so NE.
    let short = try RecistEvaluation(evaluating: F.request(targets: targets, followUps: [[nil, "59.9"]]))
    #expect(short.timepoints[0].target == .notEvaluable)
}

@Test func a_time_point_with_a_target_not_assessed_does_not_move_the_nadir() throws {
    let targets = [F.target("T1", "liver", "30"), F.target("T2", "lung", "20")]
    let evaluation = try RecistEvaluation(evaluating: F.request(targets: targets, followUps: [[nil, "5"], ["20", "10"]]))
    #expect(evaluation.timepoints[1].nadir == F.mm("50"))
}

@Test func reappearing_target_after_overall_complete_response_is_progression() throws {
    // T1 disappears (overall CR, no non-targets), then comes back at 3 mm: below the 5 mm rule, yet PD.
    let evaluation = try F.singleTarget("20", ["0", "3"])
    #expect(evaluation.timepoints.map(\.overall) == [.completeResponse, .progressiveDisease])
    #expect(evaluation.progressionDate == F.scanDay(1))
}

@Test func reappearing_target_node_after_overall_complete_response_is_progression() throws {
    let targets = [F.target("N1", "mediastinum", "20", nodal: true)]
    let evaluation = try RecistEvaluation(evaluating: F.request(targets: targets, followUps: [["8"], ["10"]]))
    #expect(evaluation.timepoints.map(\.overall) == [.completeResponse, .progressiveDisease])
    // A node that grows but stays below 10 mm is still CR.
    let normal = try RecistEvaluation(evaluating: F.request(targets: targets, followUps: [["5"], ["9.9"]]))
    #expect(normal.timepoints.map(\.overall) == [.completeResponse, .completeResponse])
}

@Test func reappearing_target_after_a_partial_response_is_added_to_the_sum_without_automatic_PD() throws {
    let targets = [F.target("T1", "liver", "20"), F.target("T2", "lung", "20")]
    // T1 disappears while T2 remains (PR); T1 reappears at 3 mm: the sum 13 is +30% but only +3 mm.
    let evaluation = try RecistEvaluation(evaluating: F.request(targets: targets, followUps: [["0", "10"], ["3", "10"]]))
    #expect(evaluation.timepoints[1].sum == F.mm("13"))
    #expect(evaluation.timepoints[1].target == .partialResponse)
    #expect(evaluation.progressionDate == nil)
}

@Test func a_complete_response_interrupted_by_a_not_evaluable_time_point_still_makes_reappearance_PD() throws {
    let targets = [F.target("T1", "liver", "20"), F.target("T2", "lung", "20")]
    let evaluation = try RecistEvaluation(evaluating: F.request(targets: targets, followUps: [["0", "0"], [nil, "0"], ["0", "2"]]))
    #expect(evaluation.timepoints.map(\.overall) == [.completeResponse, .notEvaluable, .progressiveDisease])
}

@Test func timepoint_nadir_is_the_smallest_earlier_sum_baseline_included() throws {
    let evaluation = try F.singleTarget("40", ["30", "35", "20", "22"])
    #expect(evaluation.timepoints.map(\.nadir) == ["40", "30", "30", "20"].map(F.mm))
    #expect(evaluation.timepoints.map(\.changeFromNadirPct) == [-25, decimal("16.7"), decimal("-33.3"), 10])
}

@Test func change_from_nadir_is_null_when_the_nadir_is_zero() throws {
    let evaluation = try F.singleTarget("20", ["0", "0"])
    #expect(evaluation.timepoints[1].nadir == .zero)
    #expect(evaluation.timepoints[1].changeFromNadirPct == nil)
    #expect(evaluation.timepoints[1].changeFromBaselinePct == -100)
}

private func decimal(_ text: String) -> Decimal { F.decimal(text) }
