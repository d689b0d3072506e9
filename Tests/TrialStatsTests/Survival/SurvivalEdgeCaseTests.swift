import Foundation
import Testing
@testable import TrialStats

struct SurvivalEdgeCaseTests {
    @Test func with_no_events_survival_stays_1_and_the_median_is_not_reached() throws {
        let fit = try KaplanMeier.fit(times: [3, 5, 5, 8], events: [0, 0, 0, 0])
        #expect(fit.table.allSatisfy { $0.survival == 1 && $0.stdErr == 0 })
        #expect(fit.median == SurvivalQuantile(estimate: nil, lower: nil, upper: nil))
        #expect(fit.restrictedMean(tau: 6) == RestrictedMeanSurvival(tau: 6, estimate: 6, se: 0))
    }

    @Test func a_curve_that_drops_to_0_has_no_standard_error_or_limits_there() throws {
        let fit = try KaplanMeier.fit(times: [1, 2, 3], events: [1, 1, 1])
        let last = try #require(fit.table.last)
        #expect(last.survival == 0)
        #expect(last.stdErr == nil && last.lower == nil && last.upper == nil)
    }

    @Test func landmarks_after_the_last_follow_up_are_not_estimated() throws {
        let fit = try KaplanMeier.fit(times: [1, 2, 3], events: [1, 0, 0])
        let landmark = try #require(fit.survival(at: [10]).first)
        #expect(landmark.survival == nil)
    }

    @Test func log_rank_with_no_events_has_no_evidence() throws {
        let test = try LogRankTest.test(times: [1, 2, 3, 4], events: [0, 0, 0, 0], groups: ["a", "b", "a", "b"])
        #expect(test.chisq == 0 && test.df == 0 && test.p == 1)
    }

    @Test func log_rank_whose_events_all_fall_with_one_patient_at_risk_has_chisq_0_not_nan() throws {
        // Per stratum the only event is the last patient at risk: variance 0, observed = expected.
        let test = try LogRankTest.test(times: [5, 1, 6, 2], events: [1, 0, 1, 0], groups: ["x", "y", "z", "y"],
                                        strata: ["s1", "s1", "s2", "s2"])
        #expect(test.groups.map(\.expected) == [1, 0, 1])
        #expect(test.chisq == 0)
        #expect(test.df == 1)
        #expect(test.p == 1)
    }

    @Test func cox_without_events_reports_no_coefficients() throws {
        let data = try CoxData(times: [1, 2, 3, 4], events: [0, 0, 0, 0], covariates: [[0, 1, 0, 1]], names: ["arm"])
        let fit = CoxProportionalHazards.fit(data)
        #expect(!fit.converged)
        #expect(!fit.warnings.isEmpty)
        #expect(fit.terms.allSatisfy { $0.coef == nil && $0.se == nil })
        #expect(fit.scoreTest == nil && fit.waldTest == nil)
    }

    @Test func cox_with_collinear_covariates_is_rejected_naming_the_redundant_column() {
        let error = #expect(throws: SurvivalInputError.self) {
            try CoxData(times: [1, 2, 3, 4, 5], events: [1, 1, 0, 1, 1],
                        covariates: [[1, 2, 3, 4, 5], [2, 4, 6, 8, 10]], names: ["dose", "doubleDose"])
        }
        #expect(error?.argument == "doubleDose")
    }

    @Test func cox_factor_with_one_level_is_rejected() {
        #expect(throws: SurvivalInputError.self) {
            try CoxData(times: [1, 2, 3], events: [1, 1, 0], covariates: [.factor(name: "arm", labels: ["A", "A", "A"])])
        }
    }

    @Test func invalid_event_codes_and_times_name_the_position() {
        let badEvent = #expect(throws: SurvivalInputError.self) { try KaplanMeier.fit(times: [1, 2], events: [1, 2]) }
        #expect(badEvent?.argument == "events" && badEvent?.position == 2)
        let badTime = #expect(throws: SurvivalInputError.self) { try KaplanMeier.fit(times: [1, -2], events: [1, 0]) }
        #expect(badTime?.argument == "times" && badTime?.position == 2)
    }

    @Test func rmst_difference_needs_exactly_two_arms() {
        #expect(throws: SurvivalInputError.self) {
            try RestrictedMeanDifference.compare(times: [1, 2, 3], events: [1, 1, 1], groups: ["a", "b", "c"],
                                                 levels: ["a", "b", "c"], tau: 2)
        }
    }

    @Test func benchmark_data_is_deterministic_and_censors_about_30_percent() {
        let first = SurvivalBenchmarkData.generate(count: 20_000, seed: 7)
        let second = SurvivalBenchmarkData.generate(count: 20_000, seed: 7)
        #expect(first.times == second.times && first.events == second.events && first.covariates == second.covariates)
        let censored = Double(first.events.filter { $0 == 0 }.count) / 20_000
        #expect(abs(censored - 0.30) < 0.03)
        #expect(Set(first.arms) == [0, 1])
    }
}
