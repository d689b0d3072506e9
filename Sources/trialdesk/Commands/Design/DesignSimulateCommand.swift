import ArgumentParser
import Foundation
import TrialReports
import TrialStats
import TrialStudyFile

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
            "sided": 1, "trials": 100000, "seed": 1}. Optional: "piecewiseSurvivalTime" with
            "controlHazardsPerMonth" instead of controlMedianMonths; "accrualTime" with "accrualIntensity" instead
            of accrualMonths; "analysisMonth" instead of eventsAtAnalysis; "informationFractions", "type",
            "gamma", "futilityBounds" for interim looks; "randomization": "study" (the study's permuted blocks
            per stratum, the default) or "random" (arms of fixed size in random order), with "studyFile" (default:
            the built-in study) and "stratumShares" ({stratum key: share}, default equal). Each analysis is
            TrialStats' stratified log-rank test, the HR Cox's. The closed form beside it is Schoenfeld's
            power at the events (through the boundaries when sequential; alpha under HR 1).
            """
    )

    struct Request: Decodable {
        let participants: Int
        let allocationRatio: Double?
        let controlMedianMonths: Double?
        let piecewiseSurvivalTime: [Double]?
        let controlHazardsPerMonth: [Double]?
        let hazardRatio: Double
        let accrualMonths: Double?
        let accrualTime: [Double]?
        let accrualIntensity: [Double]?
        let dropoutRatePerYear: Double?
        let eventsAtAnalysis: Int?
        let analysisMonth: Double?
        let informationFractions: [Double]?
        let type: String?
        let gamma: Double?
        let futilityBounds: [Double]?
        let randomization: String?
        let studyFile: String?
        let stratumShares: [String: Double]?
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
        let allocation = try Self.allocation(request)
        let (simulation, closedForm) = try DesignCommand.checked { () throws -> (SurvivalTrialSimulation, Double) in
            let simulation = try Self.simulation(request, allocation: allocation)
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
        if !result.rejectPerStage.isEmpty {
            print("rejecting at each look " + result.rejectPerStage.map { f($0.value, 4) }.joined(separator: ", ")
                  + (result.futilityPerStage.isEmpty ? ""
                     : "; stopping for futility " + result.futilityPerStage.map { f($0.value, 4) }.joined(separator: ", ")))
        }
        print("events at the analysis \(f(result.eventsAtAnalysis.value, 1)); randomization "
              + (simulation.allocation.strataCount > 1 ? "the study's permuted blocks in \(simulation.allocation.strataCount) strata"
                 : "in \(simulation.allocation.strataCount) stratum"))
        print("Cox hazard ratio estimate quartiles \(result.hazardRatioQuantiles.map { f($0, 3) }.joined(separator: ", ")); "
              + "mean log HR \(f(result.logHazardRatio.value, 4)) (SE \(f(result.logHazardRatio.monteCarloStandardError, 4)))")
    }

    /// The study's permuted blocks per stratum (default), or arms in random order.
    static func allocation(_ request: Request) throws -> (any TrialAllocation)? {
        switch request.randomization ?? "study" {
        case "random": return nil
        case "study":
            do {
                let study = try request.studyFile.map { try StudyDefinitionFile.load(path: $0) }
                    ?? StudyDefinitionFile.loadDefault()
                return try StudyRandomizationAllocation(study: study, stratumShares: request.stratumShares)
            } catch let problem as StudyRandomizationAllocation.Problem {
                throw CommandOutput.reject(field: "randomization", message: problem.description)
            }
        default:
            throw CommandOutput.reject(field: "randomization", message: "must be study or random")
        }
    }

    static func simulation(_ request: Request, allocation: (any TrialAllocation)?) throws -> SurvivalTrialSimulation {
        let control: PiecewiseExponential
        switch (request.controlMedianMonths, request.controlHazardsPerMonth) {
        case (let median?, nil):
            guard median.isFinite && median > 0 else {
                throw DesignError(field: "controlMedianMonths", rule: "must be > 0")
            }
            control = .exponential(hazard: M_LN2 / median)
        case (nil, let hazards?):
            control = try PiecewiseExponential(starts: request.piecewiseSurvivalTime ?? [], hazards: hazards)
        default:
            throw DesignError(field: "controlMedianMonths",
                              rule: "is required, or instead controlHazardsPerMonth with piecewiseSurvivalTime")
        }
        let accrual: Accrual
        switch (request.accrualMonths, request.accrualTime) {
        case (let months?, nil): accrual = try Accrual.uniform(months: months)
        case (nil, let times?): accrual = try Accrual(times: times, intensities: request.accrualIntensity ?? [])
        default:
            throw DesignError(field: "accrualMonths", rule: "is required, or instead accrualTime with accrualIntensity")
        }
        let analysis: SimulatedAnalysis
        switch (request.eventsAtAnalysis, request.analysisMonth) {
        case (let events?, nil): analysis = .events(events)
        case (nil, let month?): analysis = .calendarMonth(month)
        default: throw DesignError(field: "eventsAtAnalysis", rule: "is required, or instead analysisMonth")
        }
        let alpha = request.alpha ?? 0.025, sided = request.sided ?? 1
        let sequential = try request.informationFractions.map {
            try GroupSequentialDesign(alpha: alpha, sided: sided, informationFractions: $0,
                                      boundary: GroupSequentialBoundary(code: request.type ?? "asOF", gamma: request.gamma),
                                      futilityBounds: request.futilityBounds ?? [])
        }
        return try SurvivalTrialSimulation(
            participants: request.participants, allocationRatio: request.allocationRatio ?? 1, controlSurvival: control,
            hazardRatio: request.hazardRatio, accrual: accrual, dropoutRatePerYear: request.dropoutRatePerYear ?? 0,
            analysis: analysis, sequential: sequential, allocation: allocation, alpha: alpha, sided: sided)
    }

    /// Schoenfeld's power at the planned events (through the boundaries when sequential; at the events
    /// expected by the analysis month when analysed at a month), or alpha when the hazard ratio is 1.
    static func closedForm(_ simulation: SurvivalTrialSimulation) throws -> Double {
        if simulation.hazardRatio == 1 { return simulation.alpha }
        let assumptions = try SurvivalTrialAssumptions(
            hazardRatio: simulation.hazardRatio, allocationRatio: simulation.allocationRatio,
            control: .piecewiseHazards(starts: simulation.controlSurvival.starts,
                                       hazardsPerMonth: simulation.controlSurvival.hazards),
            accrual: simulation.accrual, dropoutRatePerYear: simulation.dropoutRatePerYear)
        let events: Double
        switch simulation.analysis {
        case .events(let planned): events = Double(planned)
        case .calendarMonth(let month):
            events = assumptions.expectedEvents(participants: Double(simulation.participants), atMonth: month)
        }
        // The simulation rejects one-sided for a lower experimental hazard only: the drift is signed.
        let drift = -log(simulation.hazardRatio) * simulation.allocationRatio.squareRoot()
            / (1 + simulation.allocationRatio) * events.squareRoot()
        if let sequential = simulation.sequential {
            return sequential.stoppingProbabilities(drift: drift).overallReject
        }
        let critical = Normal.quantile(1 - simulation.alpha / Double(simulation.sided))
        return Normal.survival(critical - drift) + (simulation.sided == 2 ? Normal.cdf(-critical - drift) : 0)
    }
}
