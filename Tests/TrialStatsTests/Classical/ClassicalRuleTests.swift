import Foundation
import PropertyBased
import Testing
@testable import TrialStats

/// Rules and laws of the classical tests that hold for any data, and the inputs they refuse.
@Suite struct ClassicalRuleTests {
    @Test func fisher_rejects_a_negative_count_naming_the_cell() {
        #expect(throws: ClassicalTestError(field: "c", message: "cell count -1 is negative; counts must be 0 or more")) {
            try FisherExactTest.test(a: 1, b: 2, c: -1, d: 4)
        }
    }

    @Test func fisher_p_is_a_probability_and_the_odds_ratio_lies_in_its_interval() async {
        await propertyCheck(input: Gen.int(in: 0...25), Gen.int(in: 0...25), Gen.int(in: 0...25), Gen.int(in: 0...25)) { a, b, c, d in
            let result = try FisherExactTest.test(a: a, b: b, c: c, d: d)
            #expect(result.p > 0 && result.p <= 1)
            #expect(result.lower <= result.oddsRatio && result.oddsRatio <= result.upper)
        }
    }

    @Test func fisher_odds_ratio_is_zero_or_infinite_on_the_edge_of_the_support() throws {
        let zero = try FisherExactTest.test(a: 0, b: 5, c: 7, d: 3)
        #expect(zero.oddsRatio == 0 && zero.lower == 0 && zero.upper.isFinite)
        let infinite = try FisherExactTest.test(a: 5, b: 0, c: 3, d: 7)
        #expect(infinite.oddsRatio == .infinity && infinite.upper == .infinity && infinite.lower > 0)
    }

    @Test func chi_square_refuses_a_table_with_an_empty_row() {
        #expect(throws: ClassicalTestError.self) { try ChiSquareTest.test([[0, 0], [3, 4]]) }
    }

    @Test func yates_correction_applies_to_2x2_tables_only() throws {
        let twoByTwo = try ChiSquareTest.test([[12, 48], [30, 30]])
        let plain = try ChiSquareTest.test([[12, 48], [30, 30]], continuityCorrection: false)
        let threeByTwo = try ChiSquareTest.test([[20, 25], [15, 12], [8, 3]])
        #expect(twoByTwo.continuityCorrected && !plain.continuityCorrected && !threeByTwo.continuityCorrected)
        #expect(twoByTwo.statistic < plain.statistic)
        #expect(threeByTwo.degreesOfFreedom == 2)
    }

    @Test func t_test_needs_two_values_per_sample() {
        #expect(throws: ClassicalTestError(field: "y", message: "has 1 values; at least 2 are needed")) {
            try TwoSampleTTest.test([1, 2, 3], [4])
        }
    }

    @Test func welch_and_student_agree_when_sizes_and_variances_are_equal() throws {
        let x = [1.0, 2, 3, 4, 5], y = [3.0, 4, 5, 6, 7]
        let welch = try TwoSampleTTest.test(x, y)
        let student = try TwoSampleTTest.test(x, y, equalVariances: true)
        #expect(abs(welch.statistic - student.statistic) < 1e-15 && abs(welch.degreesOfFreedom - 8) < 1e-12)
    }

    @Test func wilcoxon_statistics_of_swapped_samples_add_to_nx_times_ny() async {
        await propertyCheck(input: Gen.int(in: 1...1_000_000), Gen.int(in: 2...30), Gen.int(in: 2...30)) { seed, nx, ny in
            var generator = ClassicalSplitMix(seed: UInt64(seed))
            // Values on a coarse grid so that ties are common.
            let x = (0..<nx).map { _ in Double(generator.next() % 7) }
            let y = (0..<ny).map { _ in Double(generator.next() % 7) + 1 }
            let forward = try WilcoxonRankSumTest.test(x, y)
            let backward = try WilcoxonRankSumTest.test(y, x)
            #expect(forward.w + backward.w == Double(nx * ny))
            #expect(abs(forward.p - backward.p) <= 1e-14 && forward.p > 0 && forward.p <= 1)
        }
    }

    @Test func wilcoxon_refuses_samples_that_are_all_tied() {
        #expect(throws: ClassicalTestError.self) { try WilcoxonRankSumTest.test([2, 2], [2, 2, 2]) }
    }

    @Test func ancova_refuses_a_baseline_collinear_with_the_arm_and_names_it() {
        let arm = ["a", "a", "b", "b", "a", "b"]
        let baseline = arm.map { $0 == "b" ? 50.0 : 40.0 }
        #expect(throws: ClassicalTestError(field: "baseline", message: "is constant or a linear combination of the columns before it; the design is singular")) {
            try Ancova.fit(outcome: [1, 2, 3, 4, 5, 6], arm: arm, baseline: baseline)
        }
    }

    @Test func ancova_recovers_an_exact_linear_relation() throws {
        let arm = ["control", "seed", "control", "seed", "control", "seed", "seed"]
        let baseline = [10.0, 20, 30, 40, 55, 60, 75]
        let outcome = zip(arm, baseline).map { 5 + ($0 == "seed" ? 8 : 0) - 0.5 * $1 }
        let fit = try Ancova.fit(outcome: outcome, arm: arm, baseline: baseline)
        #expect(fit.terms.map(\.name) == ["(Intercept)", "arm=seed", "baseline"])
        #expect(abs(fit.terms[0].estimate - 5) < 1e-12 && abs(fit.terms[1].estimate - 8) < 1e-12)
        #expect(abs(fit.terms[2].estimate + 0.5) < 1e-13)
    }

    @Test func proportion_intervals_contain_the_estimate_and_stay_in_0_1() async {
        await propertyCheck(input: Gen.int(in: 1...500), Gen.double(in: 0...1)) { n, fraction in
            let x = Int((Double(n) * fraction).rounded(.down))
            for interval in [try ProportionIntervals.clopperPearson(successes: x, trials: n),
                             try ProportionIntervals.wilson(successes: x, trials: n)] {
                #expect(interval.lower >= 0 && interval.upper <= 1)
                // Wilson's limit at x = 0 (or n) is the estimate itself up to rounding in R's formula.
                #expect(interval.lower <= interval.estimate + 1e-15 && interval.estimate <= interval.upper + 1e-15)
            }
        }
    }

    @Test func proportion_refuses_more_successes_than_trials() {
        #expect(throws: ClassicalTestError(field: "successes", message: "must lie in 0...10, got 11")) {
            try ProportionIntervals.wilson(successes: 11, trials: 10)
        }
    }
}

/// Small deterministic generator for property-test data (SplitMix64, Steele et al. 2014).
struct ClassicalSplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
