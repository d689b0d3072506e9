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
            maximum, with the events and month of each analysis and the expected events under H0 and H1.
            Output: {"eventsRequired", "eventsRequiredExact", "sampleSize", "sampleSizeExact", "power",
            "analysisTimeMonths", "expectedEventsAtAnalysis", "monthsToRoundedEvents", ...}; exact values are
            unrounded, the others rounded up.
            """
    )

    struct Request: Decodable {
        let alpha: Double
        let sided: Int?
        let power: Double?
        let sampleSize: Double?
        let hazardRatio: Double
        let allocationRatio: Double?
        let controlMedianMonths: Double?
        let controlHazardPerMonth: Double?
        let controlEventRate: Double?
        let controlEventRateMonth: Double?
        let accrualMonths: Double
        let followUpMonths: Double
        let dropoutRatePerYear: Double?
        let method: String?
        let informationFractions: [Double]?
        let type: String?
        let gamma: Double?
    }

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
    }

    @Argument(help: "The JSON file with the design question.") var file: String
    @Flag(help: "Print the result as JSON.") var json = false

    func run() throws {
        let request = try CommandOutput.decodeInput(Request.self, from: CommandOutput.readInput(path: file))
        let (method, design) = try DesignCommand.checked { try Self.answer(request) }
        let sequential = !design.eventsPerStage.isEmpty
        let result = Result(
            method: method.rawValue, eventsRequired: design.eventsRequired, eventsRequiredExact: design.eventsRequiredExact,
            sampleSize: design.sampleSize, sampleSizeExact: design.sampleSizeExact, power: design.power,
            analysisTimeMonths: design.analysisTimeMonths, expectedEventsAtAnalysis: design.expectedEventsAtAnalysis,
            monthsToRoundedEvents: design.monthsToRoundedEvents,
            eventsPerStage: sequential ? design.eventsPerStage : nil,
            analysisMonthsPerStage: sequential ? design.analysisMonthsPerStage : nil,
            expectedEventsH0: design.expectedEventsH0, expectedEventsH1: design.expectedEventsH1,
            inflationFactor: sequential ? design.inflationFactor : nil)
        if json { return try CommandOutput.printJSON(result) }
        let f = DesignCommand.format
        print("\(method.rawValue): \(design.eventsRequired) events (\(f(design.eventsRequiredExact, 2))), "
              + "\(design.sampleSize) participants (\(f(design.sampleSizeExact, 2))), power \(f(design.power, 4)), "
              + "analysis at month \(f(design.analysisTimeMonths, 2))")
    }

    static func answer(_ request: Request) throws -> (EventCountMethod, SurvivalDesign) {
        let methodName = request.method ?? "schoenfeld"
        guard let method = EventCountMethod(rawValue: methodName) else {
            throw DesignError(field: "method", rule: "must be schoenfeld or freedman")
        }
        let control: ControlSurvival
        switch (request.controlMedianMonths, request.controlHazardPerMonth, request.controlEventRate) {
        case (let median?, nil, nil): control = .medianMonths(median)
        case (nil, let hazard?, nil): control = .hazardPerMonth(hazard)
        case (nil, nil, let rate?):
            guard let month = request.controlEventRateMonth else {
                throw DesignError(field: "controlEventRateMonth", rule: "is required with controlEventRate")
            }
            control = .eventProbability(rate, byMonth: month)
        default:
            throw DesignError(field: "controlMedianMonths",
                              rule: "is required, or instead controlHazardPerMonth, or controlEventRate with "
                                  + "controlEventRateMonth (exactly one of the three)")
        }
        let assumptions = try SurvivalTrialAssumptions(
            hazardRatio: request.hazardRatio, allocationRatio: request.allocationRatio ?? 1, control: control,
            accrualMonths: request.accrualMonths, dropoutRatePerYear: request.dropoutRatePerYear ?? 0)
        let sided = request.sided ?? 1
        var sequential: GroupSequentialDesign?
        if let fractions = request.informationFractions {
            sequential = try GroupSequentialDesign(
                alpha: request.alpha, sided: sided, informationFractions: fractions,
                boundary: GroupSequentialBoundary(code: request.type ?? "asOF", gamma: request.gamma))
        }
        let design = try SurvivalDesign.make(
            alpha: request.alpha, sided: sided, power: request.power, sampleSize: request.sampleSize,
            assumptions: assumptions, followUpMonths: request.followUpMonths, method: method, sequential: sequential)
        return (method, design)
    }
}
