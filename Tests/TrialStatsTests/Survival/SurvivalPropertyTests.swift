import Foundation
import PropertyBased
import Testing
@testable import TrialStats

/// Laws every fit must obey whatever the data: checked on random data sets with ties (integer times).
struct SurvivalPropertyTests {
    /// Integer times 0...30 (many ties, events and censorings at the same time) and events from one draw each.
    static func data(_ draws: [Int]) -> (times: [Double], events: [Int]) {
        (draws.map { Double($0 / 2) }, draws.map { $0 % 2 })
    }

    @Test func kaplan_meier_survival_stays_in_0_1_and_never_increases() async {
        await propertyCheck(input: Gen.int(in: 0...61).array(of: 1...80)) { draws in
            let (times, events) = Self.data(draws)
            let fit = try KaplanMeier.fit(times: times, events: events, confidenceType: .logLog)
            var previous = 1.0
            for row in fit.table {
                #expect(row.survival >= 0 && row.survival <= previous)
                if let lower = row.lower, let upper = row.upper { #expect(0 <= lower && lower <= row.survival + 1e-12 && row.survival <= upper + 1e-12 && upper <= 1) }
                previous = row.survival
            }
            #expect(fit.table.map(\.nEvent).reduce(0, +) == events.reduce(0, +))
            #expect(fit.table.map { $0.nEvent + $0.nCensor }.reduce(0, +) == times.count)
            // The risk set shrinks by exactly those who leave at each time.
            for (row, next) in zip(fit.table, fit.table.dropFirst()) {
                #expect(next.nRisk == row.nRisk - row.nEvent - row.nCensor)
            }
        }
    }

    @Test func restricted_mean_lies_between_0_and_tau() async {
        await propertyCheck(input: Gen.int(in: 0...61).array(of: 1...60), Gen.double(in: 0.5...40)) { draws, tau in
            let (times, events) = Self.data(draws)
            let rmst = try KaplanMeier.fit(times: times, events: events).restrictedMean(tau: tau)
            #expect(rmst.estimate >= 0 && rmst.estimate <= tau + 1e-12)
            #expect(rmst.se >= 0)
        }
    }

    @Test func log_rank_observed_and_expected_totals_agree() async {
        await propertyCheck(input: Gen.int(in: 0...61).array(of: 4...80)) { draws in
            let (times, events) = Self.data(draws)
            let groups = draws.indices.map { $0 % 3 == 0 ? "a" : "b" }
            let test = try LogRankTest.test(times: times, events: events, groups: groups, levels: ["a", "b"])
            let observed = test.groups.map(\.observed).reduce(0, +)
            let expected = test.groups.map(\.expected).reduce(0, +)
            #expect(abs(observed - expected) <= 1e-9 * max(1, observed))
            #expect(test.chisq >= 0 && test.p >= 0 && test.p <= 1)
        }
    }

    @Test func integer_coded_log_rank_equals_the_labelled_one() async {
        await propertyCheck(input: Gen.int(in: 0...61).array(of: 4...80)) { draws in
            let (times, events) = Self.data(draws)
            let codes = draws.indices.map { ($0 * 7) % 3 }
            let strata = draws.indices.map { $0 % 2 }
            let labelled = try LogRankTest.test(times: times, events: events, groups: codes.map { ["x", "y", "z"][$0] },
                                                levels: ["x", "y", "z"], strata: strata.map(String.init), rho: 1)
            let coded = try LogRankTest.test(times: times, events: events, groupIndices: codes, levels: ["x", "y", "z"],
                                             strataIndices: strata, strataCount: 2, rho: 1)
            #expect(labelled == coded)
        }
    }

    @Test func without_ties_the_cox_score_test_of_one_binary_covariate_is_the_log_rank_test() async {
        await propertyCheck(input: Gen.int(in: 0...61).array(of: 6...60)) { draws in
            // Distinct times (no ties), so the hypergeometric and the Cox information agree exactly.
            let times = draws.enumerated().map { Double($1 / 2) + Double($0) / 1_000 }
            let events = draws.map { $0 % 2 }
            let arm = draws.indices.map { $0 % 2 }
            guard events.contains(1) else { return }
            let logRank = try LogRankTest.test(times: times, events: events, groupIndices: arm, levels: ["0", "1"])
            let data = try CoxData(times: times, events: events, covariates: [arm.map(Double.init)], names: ["arm"])
            let cox = CoxProportionalHazards.fit(data, ties: .breslow)
            if let score = cox.scoreTest {
                #expect(abs(score.chisq - logRank.chisq) <= 1e-9 * max(1, logRank.chisq))
            } else {
                // No information at b = 0: every event happened with one arm alone at risk.
                #expect(logRank.chisq == 0)
            }
        }
    }

    @Test func radix_order_matches_a_comparison_sort_and_is_stable() async {
        await propertyCheck(input: Gen.int(in: 0...5_000).array(of: 500...3_000)) { draws in
            let times = draws.map { Double($0) / 7 }
            let order = SurvivalOrder.ascending(times).map(Int.init)
            let expected = times.indices.sorted { (times[$0], $0) < (times[$1], $1) }
            #expect(order == expected)
        }
    }

    @Test func cox_fit_never_lowers_the_likelihood_and_concordance_is_a_proportion() async {
        await propertyCheck(input: Gen.int(in: 1...1_000_000)) { seed in
            let simulated = SurvivalBenchmarkData.generate(count: 200, seed: UInt64(seed))
            let data = try CoxData(times: simulated.times, events: simulated.events,
                                   covariates: simulated.covariates, names: SurvivalBenchmarkData.covariateNames)
            let fit = CoxProportionalHazards.fit(data)
            #expect(fit.converged)
            #expect(fit.logLik.final >= fit.logLik.initial)
            let concordance = fit.concordance(data)
            #expect(concordance.estimate >= 0 && concordance.estimate <= 1 && concordance.se >= 0)
        }
    }
}
