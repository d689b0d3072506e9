import Foundation

/// A survival design question as the command line's JSON and the statistician's page state it (months
/// throughout; keys as docs/design.md lists them), and its answer. One place turns the keys into
/// assumptions, so that every entry point applies the same rules.
public struct SurvivalDesignQuestion: Codable, Sendable, Equatable {
    public var alpha: Double
    public var sided: Int?
    public var power: Double?
    public var sampleSize: Double?
    public var hazardRatio: Double
    public var allocationRatio: Double?
    public var controlMedianMonths: Double?
    public var controlHazardPerMonth: Double?
    public var controlEventRate: Double?
    public var controlEventRateMonth: Double?
    /// Piecewise-exponential control survival: interval starts (beginning with 0) and one hazard each.
    public var piecewiseSurvivalTime: [Double]?
    public var controlHazardsPerMonth: [Double]?
    /// Uniform accrual over this many months, or piecewise accrual: accrualTime (0, ..., end of accrual)
    /// with one accrualIntensity (participants per month) per interval.
    public var accrualMonths: Double?
    public var accrualTime: [Double]?
    public var accrualIntensity: [Double]?
    /// Follow-up after the last enrolment. Leave it out with piecewise accrual in participants per month
    /// to have the accrual fix the sample size and the analysis fall when the events are expected.
    public var followUpMonths: Double?
    public var dropoutRatePerYear: Double?
    public var method: String?
    public var informationFractions: [Double]?
    public var type: String?
    public var gamma: Double?
    /// Non-binding futility bounds on the z scale, one per stage but the last.
    public var futilityBounds: [Double]?

    public init(alpha: Double, sided: Int? = nil, power: Double? = nil, sampleSize: Double? = nil,
                hazardRatio: Double, allocationRatio: Double? = nil, controlMedianMonths: Double? = nil,
                controlHazardPerMonth: Double? = nil, controlEventRate: Double? = nil,
                controlEventRateMonth: Double? = nil, piecewiseSurvivalTime: [Double]? = nil,
                controlHazardsPerMonth: [Double]? = nil, accrualMonths: Double? = nil, accrualTime: [Double]? = nil,
                accrualIntensity: [Double]? = nil, followUpMonths: Double? = nil, dropoutRatePerYear: Double? = nil,
                method: String? = nil, informationFractions: [Double]? = nil, type: String? = nil,
                gamma: Double? = nil, futilityBounds: [Double]? = nil) {
        self.alpha = alpha; self.sided = sided; self.power = power; self.sampleSize = sampleSize
        self.hazardRatio = hazardRatio; self.allocationRatio = allocationRatio
        self.controlMedianMonths = controlMedianMonths; self.controlHazardPerMonth = controlHazardPerMonth
        self.controlEventRate = controlEventRate; self.controlEventRateMonth = controlEventRateMonth
        self.piecewiseSurvivalTime = piecewiseSurvivalTime; self.controlHazardsPerMonth = controlHazardsPerMonth
        self.accrualMonths = accrualMonths; self.accrualTime = accrualTime; self.accrualIntensity = accrualIntensity
        self.followUpMonths = followUpMonths; self.dropoutRatePerYear = dropoutRatePerYear; self.method = method
        self.informationFractions = informationFractions; self.type = type; self.gamma = gamma
        self.futilityBounds = futilityBounds
    }

    public func eventCountMethod() throws -> EventCountMethod {
        guard let method = EventCountMethod(rawValue: method ?? "schoenfeld") else {
            throw DesignError(field: "method", rule: "must be schoenfeld or freedman")
        }
        return method
    }

    public func controlSurvival() throws -> ControlSurvival {
        switch (controlMedianMonths, controlHazardPerMonth, controlEventRate, controlHazardsPerMonth) {
        case (let median?, nil, nil, nil): return .medianMonths(median)
        case (nil, let hazard?, nil, nil): return .hazardPerMonth(hazard)
        case (nil, nil, let rate?, nil):
            guard let month = controlEventRateMonth else {
                throw DesignError(field: "controlEventRateMonth", rule: "is required with controlEventRate")
            }
            return .eventProbability(rate, byMonth: month)
        case (nil, nil, nil, let hazards?):
            guard let starts = piecewiseSurvivalTime else {
                throw DesignError(field: "piecewiseSurvivalTime", rule: "is required with controlHazardsPerMonth")
            }
            return .piecewiseHazards(starts: starts, hazardsPerMonth: hazards)
        default:
            throw DesignError(field: "controlMedianMonths",
                              rule: "is required, or instead controlHazardPerMonth, controlEventRate with "
                                  + "controlEventRateMonth, or controlHazardsPerMonth with piecewiseSurvivalTime "
                                  + "(exactly one of the four)")
        }
    }

    public func accrual() throws -> Accrual {
        switch (accrualMonths, accrualTime) {
        case (let months?, nil): return try Accrual.uniform(months: months)
        case (nil, let times?):
            guard let intensities = accrualIntensity else {
                throw DesignError(field: "accrualIntensity", rule: "is required with accrualTime")
            }
            return try Accrual(times: times, intensities: intensities)
        default:
            throw DesignError(field: "accrualMonths",
                              rule: "is required, or instead accrualTime with accrualIntensity (exactly one of the two)")
        }
    }

    public func assumptions() throws -> SurvivalTrialAssumptions {
        try SurvivalTrialAssumptions(hazardRatio: hazardRatio, allocationRatio: allocationRatio ?? 1,
                                     control: controlSurvival(), accrual: accrual(),
                                     dropoutRatePerYear: dropoutRatePerYear ?? 0)
    }

    /// The group-sequential design, nil for a single analysis.
    public func sequentialDesign() throws -> GroupSequentialDesign? {
        guard let fractions = informationFractions else {
            try DesignError.require(futilityBounds == nil, "futilityBounds", "need informationFractions")
            return nil
        }
        return try GroupSequentialDesign(alpha: alpha, sided: sided ?? 1, informationFractions: fractions,
                                         boundary: GroupSequentialBoundary(code: type ?? "asOF", gamma: gamma),
                                         futilityBounds: futilityBounds ?? [])
    }

    public func answer() throws -> SurvivalDesign {
        let method = try eventCountMethod()
        let assumptions = try assumptions()
        if followUpMonths == nil && accrualTime == nil {
            throw DesignError(field: "followUpMonths", rule: "is required with accrualMonths")
        }
        return try SurvivalDesign.make(alpha: alpha, sided: sided ?? 1, power: power, sampleSize: sampleSize,
                                       assumptions: assumptions, followUpMonths: followUpMonths, method: method,
                                       sequential: sequentialDesign())
    }
}
