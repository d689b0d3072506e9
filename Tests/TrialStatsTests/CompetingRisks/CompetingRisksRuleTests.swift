import Foundation
import PropertyBased
import Testing
@testable import TrialStats

/// Laws of the Aalen-Johansen estimator and the inputs the competing-risks methods refuse.
@Suite struct CompetingRisksRuleTests {
    /// Random competing-risks data on a coarse time grid (ties between events and censorings).
    static func data(seed: Int, n: Int) -> (time: [Double], status: [Int], group: [String]) {
        var random = ClassicalSplitMix(seed: UInt64(seed))
        let time = (0..<n).map { _ in Double(1 + random.next() % 20) }
        let status = (0..<n).map { _ in Int(random.next() % 3) }
        let group = (0..<n).map { _ in random.next() % 2 == 0 ? "control" : "seed" }
        return (time, status, group)
    }

    /// All-cause Kaplan-Meier of one group, computed the plain way, for comparison.
    static func kaplanMeier(_ time: [Double], _ status: [Int], at t: Double) -> Double {
        var survival = 1.0
        for u in Set(time).sorted() where u <= t {
            let atRisk = time.filter { $0 >= u }.count
            let events = zip(time, status).filter { $0.0 == u && $0.1 > 0 }.count
            survival *= 1 - Double(events) / Double(atRisk)
        }
        return survival
    }

    @Test func incidences_of_all_causes_add_up_to_one_minus_all_cause_survival() async {
        await propertyCheck(input: Gen.int(in: 1...1_000_000), Gen.int(in: 5...80)) { seed, n in
            let (time, status, group) = Self.data(seed: seed, n: n)
            let curves = try CumulativeIncidence.estimate(time: time, status: status, group: group, causes: 2)
            for level in Set(group) {
                let rows = group.indices.filter { group[$0] == level }
                let t = rows.map { time[$0] }, s = rows.map { status[$0] }
                for u in Set(t) {
                    let total = curves.filter { $0.group == level }.reduce(0) { $0 + $1.value(at: u).estimate }
                    #expect(abs(total - (1 - Self.kaplanMeier(t, s, at: u))) <= 1e-13)
                }
            }
        }
    }

    @Test func incidence_never_decreases_and_its_error_is_zero_before_the_first_event() async {
        await propertyCheck(input: Gen.int(in: 1...1_000_000), Gen.int(in: 5...80)) { seed, n in
            let (time, status, _) = Self.data(seed: seed, n: n)
            let curves = try CumulativeIncidence.estimate(time: time, status: status, causes: 2)
            for curve in curves {
                for (previous, next) in zip(curve.points, curve.points.dropFirst()) {
                    #expect(next.estimate >= previous.estimate)
                }
                #expect(curve.value(at: 0.5) == CumulativeIncidencePoint(time: 0.5, estimate: 0, stdErr: 0))
                #expect(curve.points.allSatisfy { $0.stdErr >= 0 && $0.estimate <= 1 })
            }
        }
    }

    @Test func a_cause_that_takes_every_subject_reaches_exactly_one() throws {
        // Summing the jumps S(t-) d/Y can land one ulp above 1 (1.0000000000000002 on this data).
        let time: [Double] = [4, 18, 13, 14, 7, 11, 7, 19, 4, 20, 4, 15, 11, 8, 15, 10]
        let status = [2, 2, 2, 0, 0, 0, 0, 0, 0, 2, 0, 0, 2, 0, 2, 2]
        let curves = try CumulativeIncidence.estimate(time: time, status: status, causes: 2)
        #expect(curves[1].points.last?.estimate == 1)
    }

    @Test func data_with_no_events_gives_flat_zero_curves() throws {
        let curves = try CumulativeIncidence.estimate(time: [1, 2, 3], status: [0, 0, 0], causes: 2)
        #expect(curves.count == 2)
        #expect(curves.allSatisfy { $0.points.allSatisfy { $0.estimate == 0 && $0.stdErr == 0 } })
    }

    @Test func a_negative_time_is_refused_naming_its_row() {
        #expect(throws: CompetingRisksError(field: "time", row: 1, message: "-1.0 is not a finite time >= 0")) {
            try CumulativeIncidence.estimate(time: [2, -1], status: [1, 0])
        }
    }

    @Test func a_cause_code_above_the_declared_causes_is_refused() {
        #expect(throws: CompetingRisksError(field: "status", row: 2, message: "3 is above the largest cause 2")) {
            try CumulativeIncidence.estimate(time: [1, 2, 3], status: [1, 2, 3], causes: 2)
        }
    }

    @Test func gray_test_needs_two_groups() {
        #expect(throws: CompetingRisksError.self) {
            try GrayTest.test(time: [1, 2, 3], status: [1, 2, 0], group: ["a", "a", "a"], cause: 1)
        }
    }

    @Test func gray_statistic_does_not_depend_on_group_labels() throws {
        let (time, status, group) = Self.data(seed: 7, n: 60)
        let renamed = group.map { $0 == "control" ? "z" : "a" }
        let first = try GrayTest.test(time: time, status: status, group: group, cause: 1)
        let second = try GrayTest.test(time: time, status: status, group: renamed, cause: 1)
        let chisq = try #require(first.chisq), other = try #require(second.chisq)
        #expect(abs(chisq - other) <= 1e-12 * chisq)
    }

    @Test func fine_gray_refuses_a_constant_covariate() {
        #expect(throws: CompetingRisksError(field: "arm", message: "is constant, so its coefficient cannot be estimated")) {
            try FineGrayRegression.fit(time: [1, 2, 3, 4], status: [1, 2, 0, 1],
                                       covariates: [(name: "arm", values: [1, 1, 1, 1])])
        }
    }

    @Test func fine_gray_refuses_data_without_events_of_the_cause() {
        #expect(throws: CompetingRisksError.self) {
            try FineGrayRegression.fit(time: [1, 2, 3, 4], status: [2, 2, 0, 0],
                                       covariates: [(name: "arm", values: [0, 1, 0, 1])], cause: 1)
        }
    }

    @Test func fine_gray_without_competing_events_or_censoring_is_cox_with_breslow_ties() throws {
        // With no other-cause failures the weights vanish and the score is Cox's partial-likelihood score;
        // for one binary covariate and no ties the estimate solves sum over events of (x_i - mean in risk set) = 0.
        let time = [1.0, 2, 3, 4, 5, 6, 7, 8]
        let x = [1.0, 0, 1, 0, 0, 1, 0, 1]
        let status = [1, 1, 1, 0, 1, 1, 1, 0]
        let fit = try FineGrayRegression.fit(time: time, status: status, covariates: [(name: "x", values: x)])
        let beta = fit.terms[0].coef
        var score = 0.0
        for i in time.indices where status[i] == 1 {
            let risk = time.indices.filter { time[$0] >= time[i] }
            let weights = risk.map { exp(beta * x[$0]) }
            score += x[i] - zip(risk, weights).reduce(0) { $0 + x[$1.0] * $1.1 } / weights.reduce(0, +)
        }
        #expect(abs(score) < 1e-10)
    }
}

