import Foundation
import Testing
@testable import TrialStats

/// Whole-trial simulation against rpact's getSimulationSurvival for this trial's design
/// (Tests/Reference/design/simulation.R, scenario trial: 100,000 trials each at HR 0.6 and HR 1).
@Suite struct SurvivalTrialSimulationTests {
    static let accrualMonths = 400.0 / 30.4375

    static func reference() throws -> [Double: (rate: Double, standardError: Double, month: Double)] {
        let file = try ReferenceValuesFile(area: "design", file: "simulation.csv")
        var values: [Double: (Double, Double, Double)] = [:]
        for row in file.rows where file.text(row, "scenario") == "trial" {
            values[file.number(row, "hazardRatio")] = (file.number(row, "rejectionRate"),
                                                       file.number(row, "monteCarloStandardError"),
                                                       file.number(row, "analysisMonth"))
        }
        return values
    }

    static func simulation(hazardRatio: Double) throws -> SurvivalTrialSimulation {
        try SurvivalTrialSimulation(participants: 120, controlMedianMonths: 5, hazardRatio: hazardRatio,
                                    accrualMonths: accrualMonths, dropoutRatePerYear: 0.05, eventsAtAnalysis: 99)
    }

    /// Power at HR 0.6 and type I error at HR 1 within 3 combined Monte-Carlo standard errors of rpact's
    /// simulation, and the mean analysis month within 0.1 month.
    @Test(arguments: [0.6, 1.0])
    func rejection_rate_agrees_with_rpacts_simulation(hazardRatio: Double) throws {
        let reference = try #require(try Self.reference()[hazardRatio])
        let result = try Self.simulation(hazardRatio: hazardRatio).run(trials: 20_000, seed: 20_261_206)
        let combined = (pow(result.rejectionRate.monteCarloStandardError, 2) + pow(reference.standardError, 2)).squareRoot()
        #expect(abs(result.rejectionRate.value - reference.rate) < 3 * combined,
                "simulated \(result.rejectionRate.value), rpact \(reference.rate), combined SE \(combined)")
        // rpact enrols at evenly spaced times and alternates the arms; here entry is uniform at random and
        // the arms are in random order, which moves the mean analysis month by about a day.
        #expect(abs(result.analysisMonth.value - reference.month) < 0.1)
        #expect(result.trialsShortOfEvents == 0)
    }

    @Test func the_result_does_not_depend_on_the_number_of_threads() throws {
        let simulation = try Self.simulation(hazardRatio: 0.7)
        let one = simulation.run(trials: 100, seed: 7, workers: 1)
        let two = simulation.run(trials: 100, seed: 7, workers: 2)
        #expect(one.rejectionRate == two.rejectionRate)
        #expect(one.hazardRatioQuantiles == two.hazardRatioQuantiles)
    }

    /// Piecewise-exponential event times drawn by inverting the cumulative hazard: the share of events by
    /// month 6 without dropout matches 1 - exp(-H(6)) within 4 standard errors.
    @Test func piecewise_event_times_follow_their_distribution() throws {
        let survival = try PiecewiseExponential(starts: [0, 3, 9], hazards: [0.1, 0.15, 0.08])
        var generator = SeededGenerator(seed: 3)
        let draws = 40_000
        var early = 0
        for _ in 0..<draws where survival.time(atCumulativeHazard: generator.nextExponential(rate: 1)) <= 6 { early += 1 }
        let expected = -expm1(-survival.cumulativeHazard(at: 6))
        let se = (expected * (1 - expected) / Double(draws)).squareRoot()
        #expect(abs(Double(early) / Double(draws) - expected) < 4 * se)
        #expect(abs(survival.eventProbability(by: 6, dropout: 0) - expected) < 1e-15)
    }

    @Test func an_interim_look_needs_an_analysis_at_a_number_of_events() throws {
        let design = try GroupSequentialDesign(alpha: 0.025, informationFractions: [0.5, 1],
                                               boundary: .alphaSpending(.obrienFlemingLike))
        #expect(throws: DesignError.self) {
            try SurvivalTrialSimulation(participants: 120, controlSurvival: .exponential(hazard: 0.1), hazardRatio: 0.6,
                                        accrual: Accrual.uniform(months: 12), analysis: .calendarMonth(24),
                                        sequential: design)
        }
    }

    /// At a calendar month the analysis takes whatever events there are: their mean is the expected
    /// number (closed form) within 4 standard errors.
    @Test func an_analysis_at_a_month_sees_the_expected_events() throws {
        let simulation = try SurvivalTrialSimulation(
            participants: 120, controlSurvival: .exponential(hazard: M_LN2 / 5), hazardRatio: 0.6,
            accrual: Accrual.uniform(months: 12), dropoutRatePerYear: 0.05, analysis: .calendarMonth(18))
        let result = simulation.run(trials: 2_000, seed: 5)
        let assumptions = try SurvivalTrialAssumptions(hazardRatio: 0.6, control: .medianMonths(5), accrualMonths: 12,
                                                       dropoutRatePerYear: 0.05)
        let expected = assumptions.expectedEvents(participants: 120, atMonth: 18)
        #expect(abs(result.eventsAtAnalysis.value - expected) < 4 * result.eventsAtAnalysis.monteCarloStandardError)
        #expect(abs(result.analysisMonth.value - 18) < 1e-12)
    }

    @Test func bad_inputs_name_the_field_and_the_rule() {
        #expect(throws: DesignError(field: "eventsAtAnalysis", rule: "must be between 2 and participants")) {
            try SurvivalTrialSimulation(participants: 120, controlMedianMonths: 5, hazardRatio: 0.6,
                                        accrualMonths: 12, eventsAtAnalysis: 121)
        }
    }
}
