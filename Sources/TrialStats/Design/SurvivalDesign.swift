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
    /// Expected events at the drift halfway between H0 and the alternative (rpact's expectedEventsH01).
    public let expectedEventsH01: Double?
    /// Stopping probabilities of each stage under the alternative (rejecting on its side only) and under
    /// H0 (either side), futility bounds obeyed (nil for a fixed design).
    public let stoppingH1: GroupSequentialDesign.StoppingProbabilities?
    public let stoppingH0: GroupSequentialDesign.StoppingProbabilities?
    /// Maximum events over the fixed design's events.
    public let inflationFactor: Double
    /// The assumptions the design was computed under.
    public let assumptions: SurvivalTrialAssumptions

    /// Follow-up after the last enrolment to the (final) analysis.
    public var followUpMonths: Double { analysisTimeMonths - assumptions.accrualMonths }

    /// Expected events at calendar month `month` among `sampleSizeExact` participants.
    public func expectedEvents(atMonth month: Double) -> Double {
        assumptions.expectedEvents(participants: sampleSizeExact, atMonth: month)
    }

    /// Sample size for a target power (`power` given) or power for a sample size (`sampleSize` given),
    /// analysed at accrual + `followUpMonths`. With `sequential`, the events are the group-sequential
    /// maximum: the fixed design's events times the inflation factor (the drift giving the target power
    /// through the boundaries, squared, over the fixed design's drift squared); interim analyses fall
    /// when the information fraction of the maximum events is expected.
    ///
    /// With a follow-up, the accrual intensities give the shape of enrolment only and the sample size is
    /// the events over the event probability at the analysis (rpact's relative accrualIntensity). Without
    /// one (`followUpMonths` nil, `power` given), the intensities are participants per month, the sample
    /// size is what the accrual enrols, and the analysis falls when the required events are expected
    /// (rpact's absolute accrualIntensity, its follow-up solved).
    public static func make(alpha: Double, sided: Int, power: Double? = nil, sampleSize: Double? = nil,
                            assumptions: SurvivalTrialAssumptions, followUpMonths: Double?,
                            method: EventCountMethod, sequential: GroupSequentialDesign? = nil) throws -> SurvivalDesign {
        try DesignError.checkAlphaAndSides(alpha: alpha, sided: sided)
        try DesignError.require((power == nil) != (sampleSize == nil), "power",
                                "or sampleSize must be given, not both")
        if let sequential {
            try DesignError.require(sequential.alpha == alpha && sequential.sided == sided, "alpha",
                                    "must equal the group-sequential design's alpha and sides")
        }
        guard let followUpMonths else {
            try DesignError.require(power != nil, "followUpMonths",
                                    "is required when sampleSize is given (the accrual then gives only its shape)")
            return try accrualFixed(alpha: alpha, sided: sided, power: power!, assumptions: assumptions,
                                    method: method, sequential: sequential)
        }
        try DesignError.require(followUpMonths.isFinite && followUpMonths >= 0, "followUpMonths", "must be >= 0")
        let analysis = assumptions.accrualMonths + followUpMonths
        let omega = assumptions.eventProbability(atMonth: analysis)
        return try finish(alpha: alpha, sided: sided, power: power, sampleSize: sampleSize, assumptions: assumptions,
                          method: method, sequential: sequential, analysis: analysis, omega: omega)
    }

    /// The sample size fixed by the accrual (intensities in participants per month), the analysis when
    /// the required (maximum) events are expected among them.
    static func accrualFixed(alpha: Double, sided: Int, power: Double, assumptions: SurvivalTrialAssumptions,
                             method: EventCountMethod, sequential: GroupSequentialDesign?) throws -> SurvivalDesign {
        let probe = try finish(alpha: alpha, sided: sided, power: power, sampleSize: nil, assumptions: assumptions,
                               method: method, sequential: sequential, analysis: assumptions.accrualMonths, omega: 1)
        let participants = assumptions.accrual.participants
        guard let analysis = assumptions.month(whenExpectedEventsReach: probe.eventsRequiredExact,
                                               participants: participants),
              analysis >= assumptions.accrualMonths else {
            throw DesignError(field: "accrualIntensity",
                              rule: "must enrol enough participants to expect the \(probe.eventsRequired) events required "
                                  + "after the end of accrual (it enrols \(Int(participants.rounded())))")
        }
        return try finish(alpha: alpha, sided: sided, power: power, sampleSize: nil, assumptions: assumptions,
                          method: method, sequential: sequential, analysis: analysis,
                          omega: assumptions.eventProbability(atMonth: analysis), enrolled: participants)
    }

    private static func finish(alpha: Double, sided: Int, power: Double?, sampleSize: Double?,
                               assumptions: SurvivalTrialAssumptions, method: EventCountMethod,
                               sequential: GroupSequentialDesign?, analysis: Double, omega: Double,
                               enrolled: Double? = nil) throws -> SurvivalDesign {
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
            // Accrual in participants per month enrols a known number; otherwise events over omega.
            participants = enrolled ?? events / omega
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
        var h01: Double?
        var stoppingH1: GroupSequentialDesign.StoppingProbabilities?
        var stoppingH0: GroupSequentialDesign.StoppingProbabilities?
        if let sequential, sequential.informationFractions.count > 1 {
            perStage = fractions.map { $0 * events }
            months = perStage.enumerated().map { k, stageEvents in
                k == fractions.count - 1 ? analysis
                    : assumptions.month(whenExpectedEventsReach: stageEvents, participants: participants) ?? analysis
            }
            let driftH1 = abs(assumptions.driftPerSqrtEvent(method)) * events.squareRoot()
            h0 = expectedEvents(sequential, drift: 0, maximum: events)
            h1 = expectedEvents(sequential, drift: driftH1, maximum: events)
            h01 = expectedEvents(sequential, drift: driftH1 / 2, maximum: events)
            // Under the alternative only the side of the alternative counts as rejecting, as for the power
            // (rpact's rejectPerStage of a two-sided design).
            stoppingH1 = sequential.stoppingProbabilities(drift: driftH1, upperSideOnly: true)
            stoppingH0 = sequential.stoppingProbabilities(drift: 0)
        }
        return SurvivalDesign(
            eventsRequiredExact: events, eventsRequired: roundedEvents, sampleSizeExact: participants,
            sampleSize: roundedParticipants, power: achievedPower, analysisTimeMonths: analysis,
            expectedEventsAtAnalysis: participants * omega,
            monthsToRoundedEvents: assumptions.month(whenExpectedEventsReach: Double(roundedEvents),
                                                     participants: Double(roundedParticipants)),
            eventsPerStage: perStage, analysisMonthsPerStage: months, expectedEventsH0: h0, expectedEventsH1: h1,
            expectedEventsH01: h01, stoppingH1: stoppingH1, stoppingH0: stoppingH0,
            inflationFactor: inflation, assumptions: assumptions)
    }

    /// Sum over stages of the events at the stage times the probability of stopping there (rejecting
    /// or stopping for futility at an interim, or reaching the last analysis).
    static func expectedEvents(_ design: GroupSequentialDesign, drift: Double, maximum: Double) -> Double {
        let stopping = design.stoppingProbabilities(drift: drift)
        let last = design.informationFractions.count - 1
        var expected = 0.0
        var stoppedBefore = 0.0
        for k in 0..<last {
            let stop = stopping.rejectPerStage[k] + (k < stopping.futilityPerStage.count ? stopping.futilityPerStage[k] : 0)
            expected += design.informationFractions[k] * stop
            stoppedBefore += stop
        }
        expected += 1 - stoppedBefore
        return expected * maximum
    }
}
