import ArgumentParser
import Foundation
import TrialCore
import TrialReports
import TrialStats
import TrialStudyFile

/// `trialdesk bench design`: the time of this trial's whole-trial simulation (120 participants, 400-day
/// accrual, control median 5 months, HR 0.6, 5% dropout, the study's permuted blocks per stratum, analysis
/// at 99 events by the stratified log-rank test, the Cox hazard ratio; docs/design.md).
struct BenchDesignCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "design",
        abstract: "Time the whole-trial simulation of this trial's design (100,000 trials by default).")

    @Option(help: "Trials to simulate.") var trials: Int = 100_000
    @Option(help: "Threads to use (default: every core).") var workers: Int?
    @Flag(help: "Print {\"trials\",\"workers\",\"seconds\",\"trialsPerSecond\",\"power\"}.") var json = false

    struct Timing: Encodable {
        let trials: Int
        let workers: Int
        let seconds: Double
        let trialsPerSecond: Double
        let power: Double
    }

    func run() throws {
        guard trials >= 10 && trials <= 10_000_000 else {
            throw CommandOutput.reject(field: "trials", message: "must be between 10 and 10000000")
        }
        let allocation = try StudyRandomizationAllocation(study: StudyDefinitionFile.loadDefault())
        let simulation = try DesignCommand.checked {
            try SurvivalTrialSimulation(participants: 120, controlSurvival: .exponential(hazard: M_LN2 / 5),
                                        hazardRatio: 0.6, accrual: Accrual.uniform(months: PlannedAccrual.demonstration.months),
                                        dropoutRatePerYear: 0.05, analysis: .events(99), allocation: allocation)
        }
        let workerCount = max(1, workers ?? ProcessInfo.processInfo.activeProcessorCount)
        let result = simulation.run(trials: trials, seed: 1, workers: workerCount)
        let timing = Timing(trials: trials, workers: workerCount, seconds: result.seconds,
                            trialsPerSecond: Double(trials) / result.seconds, power: result.rejectionRate.value)
        if json { return try CommandOutput.printJSON(timing) }
        print(String(format: "%d trials on %d threads in %.2f s (%.0f trials/s), power %.4f", trials, workerCount,
                     result.seconds, timing.trialsPerSecond, timing.power))
    }
}
