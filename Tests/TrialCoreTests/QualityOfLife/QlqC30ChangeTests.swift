import PropertyBased
import Testing
@testable import TrialCore

@Test func a_functional_scale_improves_when_it_rises_by_the_threshold() {
    #expect(QlqC30Change.classify(baseline: 50, followUp: 60, higherIsBetter: true) == .improved)
    #expect(QlqC30Change.classify(baseline: 50, followUp: 59.9, higherIsBetter: true) == .stable)
    #expect(QlqC30Change.classify(baseline: 50, followUp: 40, higherIsBetter: true) == .worsened)
    #expect(QlqC30Change.classify(baseline: 50, followUp: 40.1, higherIsBetter: true) == .stable)
}

@Test func a_symptom_scale_improves_when_it_falls_by_the_threshold() {
    #expect(QlqC30Change.classify(baseline: 50, followUp: 40, higherIsBetter: false) == .improved)
    #expect(QlqC30Change.classify(baseline: 50, followUp: 60, higherIsBetter: false) == .worsened)
    #expect(QlqC30Change.classify(baseline: 50, followUp: 55, higherIsBetter: false) == .stable)
}

@Test func the_threshold_is_a_parameter() {
    #expect(QlqC30Change.classify(baseline: 50, followUp: 55, higherIsBetter: true, threshold: 5) == .improved)
    #expect(QlqC30Change.classify(baseline: 50, followUp: 60, higherIsBetter: true, threshold: 20) == .stable)
}

@Test func a_change_of_exactly_ten_points_counts_even_when_floating_point_falls_short() throws {
    // PF2 all five answered, sum 6: RS 1.2 -> (1 - 0.2/3) x 100 = 93.333.
    let before = QlqC30Scoring.scores(try QlqC30Answers(answers: [1: 1, 2: 1, 3: 1, 4: 1, 5: 2, 8: 2]))
    // PF2 four answered, sum 6: RS 1.5 -> (1 - 0.5/3) x 100 = 83.333: exactly 10 points lower.
    let after = QlqC30Scoring.scores(try QlqC30Answers(answers: [1: 1, 2: 1, 3: 2, 4: 2, 8: 2]))
    #expect(QlqC30Change.classify(.physicalFunctioning, baseline: before, followUp: after) == .worsened)
    #expect(QlqC30Change.classify(.physicalFunctioning, baseline: after, followUp: before) == .improved)
    // DY unchanged (33.333 both times): stable; FA never answered: not comparable.
    #expect(QlqC30Change.classify(.dyspnoea, baseline: before, followUp: after) == .stable)
    #expect(QlqC30Change.classify(.fatigue, baseline: before, followUp: after) == nil)
}

@Test func summary_score_change_is_missing_unless_both_are_available() throws {
    var full: [Int: Int] = [:]
    for item in 1...28 { full[item] = 1 }
    let best = QlqC30Scoring.scores(try QlqC30Answers(answers: full))
    for item in 1...28 { full[item] = 2 }
    let worse = QlqC30Scoring.scores(try QlqC30Answers(answers: full))
    // Summary 100 -> every scale one step worse: functional 66.667, symptoms reversed 66.667 -> 66.667.
    #expect(QlqC30Change.classifySummaryScore(baseline: best, followUp: worse) == .worsened)
    let partial = QlqC30Scoring.scores(try QlqC30Answers(answers: [1: 1]))
    #expect(QlqC30Change.classifySummaryScore(baseline: best, followUp: partial) == nil)
    let all = QlqC30Change.classifyAll(baseline: best, followUp: worse)
    #expect(all[.fatigue] == .worsened)
    #expect(all[.physicalFunctioning] == .worsened)
    #expect(all[.globalHealthStatus] == nil)
}

@Test func swapping_baseline_and_follow_up_swaps_improved_and_worsened() async {
    await propertyCheck(input: Gen.int(in: 0...100), Gen.int(in: 0...100), Gen.bool()) { before, after, higherIsBetter in
        let forward = QlqC30Change.classify(baseline: Double(before), followUp: Double(after), higherIsBetter: higherIsBetter)
        let backward = QlqC30Change.classify(baseline: Double(after), followUp: Double(before), higherIsBetter: higherIsBetter)
        switch forward {
        case .improved: #expect(backward == .worsened)
        case .worsened: #expect(backward == .improved)
        case .stable: #expect(backward == .stable)
        }
        #expect((forward == .stable) == (abs(after - before) < 10))
    }
}
