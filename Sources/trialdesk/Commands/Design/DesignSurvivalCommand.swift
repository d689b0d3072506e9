import ArgumentParser
import Foundation
import TrialStats

/// `trialdesk design survival FILE`: events and sample size for a target power, or power for a sample size.
struct DesignSurvivalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "survival",
        abstract: "Events, sample size and power of a two-arm log-rank comparison (Schoenfeld or Freedman).",
        discussion: """
            Input: {"alpha": 0.025, "sided": 1, "power": 0.8, "hazardRatio": 0.6, "allocationRatio": 1,
            "controlMedianMonths": 5, "accrualMonths": 12, "followUpMonths": 12, "dropoutRatePerYear": 0.05,
            "method": "schoenfeld"}. Give "sampleSize" instead of "power" to get the power. The control arm may
            instead be given as "controlHazardPerMonth", or "controlEventRate" with "controlEventRateMonth"
            (the probability of an event by that month). dropoutRatePerYear is the probability of dropping out
            within 12 months. allocationRatio is experimental per control participant. Optional
            "informationFractions" with "type" (and "gamma") make it group-sequential: the events become the
            maximum, with the events and month of each analysis and the expected events under H0 and H1;
            "futilityBounds" (z scale, one per stage but the last) adds non-binding futility stops.
            Piecewise-exponential control survival: "piecewiseSurvivalTime": [0, 3, 9] with
            "controlHazardsPerMonth": [0.1, 0.15, 0.08]. Piecewise accrual: "accrualTime": [0, 4, 12] with
            "accrualIntensity": [6, 14] (participants per month) instead of accrualMonths; with followUpMonths
            the intensities give the shape of enrolment and the sample size is computed, without it they fix
            the sample size and the analysis falls when the events are expected.
            Output: {"eventsRequired", "eventsRequiredExact", "sampleSize", "sampleSizeExact", "power",
            "analysisTimeMonths", "expectedEventsAtAnalysis", "monthsToRoundedEvents", ...}; exact values are
            unrounded, the others rounded up.
            """
    )

    struct Result: Encodable {
        let method: String
        let eventsRequired: Int
        let eventsRequiredExact: Double
        let sampleSize: Int
        let sampleSizeExact: Double
        let power: Double
        let analysisTimeMonths: Double
        let expectedEventsAtAnalysis: Double
        let monthsToRoundedEvents: Double?
        let eventsPerStage: [Double]?
        let analysisMonthsPerStage: [Double]?
        let expectedEventsH0: Double?
        let expectedEventsH1: Double?
        let inflationFactor: Double?
        let expectedEventsH01: Double?
        let criticalValues: [Double]?
        let futilityBounds: [Double]?
        let futilityBoundsPValueScale: [Double]?
        let rejectPerStageH1: [Double]?
        let futilityPerStageH1: [Double]?
        let earlyStopH1: Double?
        let rejectPerStageH0: [Double]?
        let futilityPerStageH0: [Double]?
        let earlyStopH0: Double?
        let followUpMonths: Double
        /// Expected events at each whole month up to the analysis (and at the analysis).
        let expectedEventsByMonth: [MonthEvents]
    }

    struct MonthEvents: Encodable {
        let month: Double
        let events: Double
    }

    @Argument(help: "The JSON file with the design question.") var file: String
    @Flag(help: "Print the result as JSON.") var json = false

    func run() throws {
        let request = try CommandOutput.decodeInput(SurvivalDesignQuestion.self, from: CommandOutput.readInput(path: file))
        let (method, design, sequentialDesign) = try DesignCommand.checked {
            (try request.eventCountMethod(), try request.answer(), try request.sequentialDesign())
        }
        let sequential = !design.eventsPerStage.isEmpty
        var months = stride(from: 0.0, to: design.analysisTimeMonths, by: 1).map { $0 }
        months.append(design.analysisTimeMonths)
        let result = Result(
            method: method.rawValue, eventsRequired: design.eventsRequired, eventsRequiredExact: design.eventsRequiredExact,
            sampleSize: design.sampleSize, sampleSizeExact: design.sampleSizeExact, power: design.power,
            analysisTimeMonths: design.analysisTimeMonths, expectedEventsAtAnalysis: design.expectedEventsAtAnalysis,
            monthsToRoundedEvents: design.monthsToRoundedEvents,
            eventsPerStage: sequential ? design.eventsPerStage : nil,
            analysisMonthsPerStage: sequential ? design.analysisMonthsPerStage : nil,
            expectedEventsH0: design.expectedEventsH0, expectedEventsH1: design.expectedEventsH1,
            inflationFactor: sequential ? design.inflationFactor : nil, expectedEventsH01: design.expectedEventsH01,
            criticalValues: sequential ? sequentialDesign?.criticalValues : nil,
            futilityBounds: sequentialDesign.flatMap { $0.futilityBounds.isEmpty ? nil : $0.futilityBounds },
            futilityBoundsPValueScale: sequentialDesign.flatMap {
                $0.futilityBounds.isEmpty ? nil : $0.futilityBoundsPValueScale },
            rejectPerStageH1: design.stoppingH1?.rejectPerStage, futilityPerStageH1: design.stoppingH1?.futilityPerStage,
            earlyStopH1: design.stoppingH1?.earlyStop, rejectPerStageH0: design.stoppingH0?.rejectPerStage,
            futilityPerStageH0: design.stoppingH0?.futilityPerStage, earlyStopH0: design.stoppingH0?.earlyStop,
            followUpMonths: design.followUpMonths,
            expectedEventsByMonth: months.map { MonthEvents(month: $0, events: design.expectedEvents(atMonth: $0)) })
        if json { return try CommandOutput.printJSON(result) }
        let f = DesignCommand.format
        print("\(method.rawValue): \(design.eventsRequired) events (\(f(design.eventsRequiredExact, 2))), "
              + "\(design.sampleSize) participants (\(f(design.sampleSizeExact, 2))), power \(f(design.power, 4)), "
              + "analysis at month \(f(design.analysisTimeMonths, 2))")
    }
}
