import Foundation

/// The answer to "how many events and participants, what power, and when": a fixed design, or the
/// maximum of a group-sequential one. Exact values are unrounded; the rounded ones are rounded up.
public struct SurvivalDesign: Sendable, Equatable {
    public let eventsRequiredExact: Double
    public let eventsRequired: Int
    public let sampleSizeExact: Double
    public let sampleSize: Int
    /// The target power (sample size given power) or the power the sample size gives.
    public let power: Double
    /// Calendar months from the first enrolment to the (final) analysis: accrual plus follow-up.
    public let analysisTimeMonths: Double
    /// Expected events at the analysis among `sampleSizeExact` participants.
    public let expectedEventsAtAnalysis: Double
    /// Calendar month at which `eventsRequired` events are expected among `sampleSize` participants
    /// (both rounded up), nil when that many are never expected.
    public let monthsToRoundedEvents: Double?
    /// Group-sequential designs: events at each analysis, their calendar months, and the expected events
    /// under H0 and under the alternative (`stoppingProbabilities` weights; empty for a fixed design).
    public let eventsPerStage: [Double]
    public let analysisMonthsPerStage: [Double]
    public let expectedEventsH0: Double?
    public let expectedEventsH1: Double?
    /// Maximum events over the fixed design's events.
    public let inflationFactor: Double

    /// Sample size for a target power (`power` given) or power for a sample size (`sampleSize` given),
    /// analysed at accrual + `followUpMonths`. With `sequential`, the events are the group-sequential
    /// maximum: the fixed design's events times the inflation factor (the drift giving the target power
    /// through the boundaries, squared, over the fixed design's drift squared); interim analyses fall
    /// when the information fraction of the maximum events is expected.
    public static func make(alpha: Double, sided: Int, power: Double? = nil, sampleSize: Double? = nil,
                            assumptions: SurvivalTrialAssumptions, followUpMonths: Double,
                            method: EventCountMethod, sequential: GroupSequentialDesign? = nil) throws -> SurvivalDesign {
        try DesignError.checkAlphaAndSides(alpha: alpha, sided: sided)
        try DesignError.require(followUpMonths.isFinite && followUpMonths >= 0, "followUpMonths", "must be >= 0")
        try DesignError.require((power == nil) != (sampleSize == nil), "power",
                                "or sampleSize must be given, not both")
        if let sequential {
            try DesignError.require(sequential.alpha == alpha && sequential.sided == sided, "alpha",
                                    "must equal the group-sequential design's alpha and sides")
        }
        let analysis = assumptions.accrualMonths + followUpMonths
        let omega = assumptions.eventProbability(atMonth: analysis)
        let fractions = sequential?.informationFractions ?? [1]
        var inflation = 1.0
        let events: Double
        let participants: Double
        let achievedPower: Double
        if let power {
            let fixed = try SurvivalSampleSize.eventsRequired(alpha: alpha, sided: sided, power: power,
                                                              assumptions: assumptions, method: method)
            if let sequential, sequential.informationFractions.count > 1 {
                let fixedDrift = Normal.quantile(1 - alpha / Double(sided)) + Normal.quantile(power)
                // The power of a two-sided design counts the side of the alternative only, as the
                // fixed design's formula does (rpact's default, twoSidedPower = FALSE).
                let drift = MonotoneRoot.solve(lower: 0, upper: 4 * fixedDrift + 10) {
                    sequential.rejectionProbabilities(drift: $0, upperSideOnly: true).reduce(0, +) - power
                }
                inflation = (drift / fixedDrift) * (drift / fixedDrift)
            }
            events = fixed * inflation
            participants = events / omega
            achievedPower = power
        } else {
            let n = sampleSize!
            try DesignError.require(n.isFinite && n > 0, "sampleSize", "must be > 0")
            try DesignError.require(sequential == nil || sequential!.informationFractions.count == 1, "sampleSize",
                                    "is supported for fixed designs only; give power for a group-sequential design")
            participants = n
            events = n * omega
            achievedPower = try SurvivalSampleSize.power(events: events, alpha: alpha, sided: sided,
                                                         assumptions: assumptions, method: method)
        }
        let roundedEvents = Int(events.rounded(.up))
        let roundedParticipants = Int(participants.rounded(.up))
        var perStage: [Double] = []
        var months: [Double] = []
        var h0: Double?
        var h1: Double?
        if let sequential, sequential.informationFractions.count > 1 {
            perStage = fractions.map { $0 * events }
            months = perStage.enumerated().map { k, stageEvents in
                k == fractions.count - 1 ? analysis
                    : assumptions.month(whenExpectedEventsReach: stageEvents, participants: participants) ?? analysis
            }
            let driftH1 = abs(assumptions.driftPerSqrtEvent(method)) * events.squareRoot()
            h0 = expectedEvents(sequential, drift: 0, maximum: events)
            h1 = expectedEvents(sequential, drift: driftH1, maximum: events)
        }
        return SurvivalDesign(
            eventsRequiredExact: events, eventsRequired: roundedEvents, sampleSizeExact: participants,
            sampleSize: roundedParticipants, power: achievedPower, analysisTimeMonths: analysis,
            expectedEventsAtAnalysis: participants * omega,
            monthsToRoundedEvents: assumptions.month(whenExpectedEventsReach: Double(roundedEvents),
                                                     participants: Double(roundedParticipants)),
            eventsPerStage: perStage, analysisMonthsPerStage: months, expectedEventsH0: h0, expectedEventsH1: h1,
            inflationFactor: inflation)
    }

    /// Sum over stages of the events at the stage times the probability of stopping there (rejecting
    /// at an interim, or reaching the last analysis).
    static func expectedEvents(_ design: GroupSequentialDesign, drift: Double, maximum: Double) -> Double {
        let reject = design.rejectionProbabilities(drift: drift)
        let last = design.informationFractions.count - 1
        var expected = 0.0
        var stoppedBefore = 0.0
        for k in 0..<last {
            expected += design.informationFractions[k] * reject[k]
            stoppedBefore += reject[k]
        }
        expected += 1 - stoppedBefore
        return expected * maximum
    }
}
