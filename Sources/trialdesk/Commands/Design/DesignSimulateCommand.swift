import ArgumentParser
import Foundation
import TrialStats

/// `trialdesk design simulate FILE`: whole trials repeated many times on all cores; power (or type I error
/// under HR 1), the analysis month and the hazard ratio estimate, each with its Monte-Carlo standard error,
/// beside the closed form for the same design.
struct DesignSimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Simulate whole trials: power or type I error, analysis month and HR estimate, with their errors.",
        discussion: """
            Input: {"participants": 120, "allocationRatio": 1, "controlMedianMonths": 5, "hazardRatio": 0.6,
            "accrualMonths": 13.14, "dropoutRatePerYear": 0.05, "eventsAtAnalysis": 99, "alpha": 0.025,
            "sided": 1, "trials": 100000, "seed": 1}. Uniform accrual, arms of fixed size in random order,
            exponential PFS and dropout, one analysis at the given number of events by TrialStats' log-rank
            test. Not yet: stratification, piecewise-exponential survival, interim analyses. The closed form
            beside it is Schoenfeld's power at the events (alpha under HR 1).
            """
    )

    struct Request: Decodable {
        let participants: Int
        let allocationRatio: Double?
        let controlMedianMonths: Double
        let hazardRatio: Double
        let accrualMonths: Double
        let dropoutRatePerYear: Double?
        let eventsAtAnalysis: Int
        let alpha: Double?
        let sided: Int?
        let trials: Int?
        let seed: UInt64?
    }

    struct Output: Encodable {
        let simulation: SurvivalTrialSimulation.Result
        let closedFormRejectionRate: Double
        /// (simulated - closed form) / Monte-Carlo standard error.
        let differenceInStandardErrors: Double
        let workers: Int
    }

    @Argument(help: "The JSON file with the trial to simulate.") var file: String
    @Option(help: "Threads to use (default: every core).") var workers: Int?
    @Flag(help: "Print the result as JSON.") var json = false

    func run() throws {
        let request = try CommandOutput.decodeInput(Request.self, from: CommandOutput.readInput(path: file))
        let trials = request.trials ?? 100_000
        guard trials >= 10 && trials <= 10_000_000 else {
            throw CommandOutput.reject(field: "trials", message: "must be between 10 and 10000000")
        }
        let (simulation, closedForm) = try DesignCommand.checked { () throws -> (SurvivalTrialSimulation, Double) in
            let simulation = try SurvivalTrialSimulation(
                participants: request.participants, allocationRatio: request.allocationRatio ?? 1,
                controlMedianMonths: request.controlMedianMonths, hazardRatio: request.hazardRatio,
                accrualMonths: request.accrualMonths, dropoutRatePerYear: request.dropoutRatePerYear ?? 0,
                eventsAtAnalysis: request.eventsAtAnalysis, alpha: request.alpha ?? 0.025, sided: request.sided ?? 1)
            return (simulation, try Self.closedForm(simulation))
        }
        let workerCount = max(1, workers ?? ProcessInfo.processInfo.activeProcessorCount)
        let result = simulation.run(trials: trials, seed: request.seed ?? 1, workers: workerCount)
        let difference = (result.rejectionRate.value - closedForm) / result.rejectionRate.monteCarloStandardError
        let output = Output(simulation: result, closedFormRejectionRate: closedForm,
                            differenceInStandardErrors: difference, workers: workerCount)
        if json { return try CommandOutput.printJSON(output) }
        let f = DesignCommand.format
        let rate = result.rejectionRate
        print("\(trials) trials in \(f(result.seconds, 2)) s on \(workerCount) threads")
        print("\(simulation.hazardRatio == 1 ? "type I error" : "power") \(f(rate.value, 4)) "
              + "(Monte-Carlo SE \(f(rate.monteCarloStandardError, 4))); closed form \(f(closedForm, 4)), "
              + "difference \(f(difference, 1)) SE")
        print("analysis month \(f(result.analysisMonth.value, 2)) (SE \(f(result.analysisMonth.monteCarloStandardError, 3)), "
              + "quartiles \(result.analysisMonthQuantiles.map { f($0, 2) }.joined(separator: ", ")))")
        print("hazard ratio estimate quartiles \(result.hazardRatioQuantiles.map { f($0, 3) }.joined(separator: ", ")); "
              + "mean log HR \(f(result.logHazardRatio.value, 4)) (SE \(f(result.logHazardRatio.monteCarloStandardError, 4)))")
    }

    /// Schoenfeld's power at the planned events, or alpha when the hazard ratio is 1.
    static func closedForm(_ simulation: SurvivalTrialSimulation) throws -> Double {
        if simulation.hazardRatio == 1 { return simulation.alpha }
        let assumptions = try SurvivalTrialAssumptions(
            hazardRatio: simulation.hazardRatio, allocationRatio: simulation.allocationRatio,
            control: .hazardPerMonth(simulation.controlHazard), accrualMonths: simulation.accrualMonths,
            dropoutRatePerYear: simulation.dropoutRatePerYear)
        let power = try SurvivalSampleSize.power(events: Double(simulation.eventsAtAnalysis), alpha: simulation.alpha,
                                                 sided: simulation.sided, assumptions: assumptions, method: .schoenfeld)
        // The simulation rejects one-sided for a lower experimental hazard only.
        return simulation.hazardRatio > 1 && simulation.sided == 1
            ? Normal.cdf(-Normal.quantile(1 - simulation.alpha) - abs(log(simulation.hazardRatio))
                         * (Double(simulation.eventsAtAnalysis) * simulation.allocationRatio).squareRoot()
                         / (1 + simulation.allocationRatio))
            : power
    }
}
