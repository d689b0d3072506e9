import Foundation

/// How the number of events a log-rank comparison needs is derived from the hazard ratio.
public enum EventCountMethod: String, Sendable, CaseIterable {
    /// Schoenfeld (1981, Biometrika 68:316-319): the log-rank statistic is approximately
    /// N(log(HR) sqrt(D r) / (1 + r), 1), so D = (z_a + z_b)^2 (1 + r)^2 / (r log(HR)^2).
    case schoenfeld
    /// Freedman (1982, Statistics in Medicine 1:121-129): the expected log-rank statistic is
    /// sqrt(D r) (1 - HR) / (1 + r HR), so D = (z_a + z_b)^2 (1 + r HR)^2 / (r (1 - HR)^2).
    case freedman
}

/// The control arm's survival, exponential in any of the three ways a protocol states it, or
/// piecewise exponential.
public enum ControlSurvival: Sendable, Equatable {
    case medianMonths(Double)
    case hazardPerMonth(Double)
    /// The probability of an event by `month` (rpact's pi2 with eventTime).
    case eventProbability(Double, byMonth: Double)
    /// Hazards per month on intervals starting at `starts` (rpact's piecewiseSurvivalTime and lambda2).
    case piecewiseHazards(starts: [Double], hazardsPerMonth: [Double])

    /// The constant hazard per month: log 2 / median, or -log(1 - p) / month (the first interval's when piecewise).
    public func hazard() throws -> Double {
        try distribution().hazards[0]
    }

    public func distribution() throws -> PiecewiseExponential {
        switch self {
        case .medianMonths(let median):
            try DesignError.require(median.isFinite && median > 0, "controlMedianMonths", "must be > 0")
            return .exponential(hazard: M_LN2 / median)
        case .hazardPerMonth(let hazard):
            try DesignError.require(hazard.isFinite && hazard > 0, "controlHazardPerMonth", "must be > 0")
            return .exponential(hazard: hazard)
        case .eventProbability(let p, let month):
            try DesignError.require(p.isFinite && p > 0 && p < 1, "controlEventRate", "must be > 0 and < 1")
            try DesignError.require(month.isFinite && month > 0, "controlEventRateMonth", "must be > 0")
            return .exponential(hazard: -log1p(-p) / month)
        case .piecewiseHazards(let starts, let hazards):
            return try PiecewiseExponential(starts: starts, hazards: hazards)
        }
    }
}

/// A two-arm survival trial as a sample size calculation sees it: exponential or piecewise-exponential
/// survival in each arm (the experimental arm's hazards are the control's times the hazard ratio),
/// uniform or piecewise accrual, and exponential dropout with the same hazard in both arms. Months
/// throughout.
public struct SurvivalTrialAssumptions: Sendable, Equatable {
    public let hazardRatio: Double
    /// Experimental participants per control participant.
    public let allocationRatio: Double
    public let controlSurvival: PiecewiseExponential
    /// The control hazard of the first interval (the only one when exponential).
    public var controlHazard: Double { controlSurvival.hazards[0] }
    public let accrual: Accrual
    /// The end of accrual.
    public var accrualMonths: Double { accrual.endMonth }
    /// The probability of dropping out within 12 months.
    public let dropoutRatePerYear: Double

    public init(hazardRatio: Double, allocationRatio: Double = 1, control: ControlSurvival,
                accrualMonths: Double, dropoutRatePerYear: Double = 0) throws {
        try self.init(hazardRatio: hazardRatio, allocationRatio: allocationRatio, control: control,
                      accrual: Accrual.uniform(months: accrualMonths), dropoutRatePerYear: dropoutRatePerYear)
    }

    public init(hazardRatio: Double, allocationRatio: Double = 1, control: ControlSurvival,
                accrual: Accrual, dropoutRatePerYear: Double = 0) throws {
        try DesignError.require(hazardRatio.isFinite && hazardRatio > 0 && hazardRatio != 1, "hazardRatio",
                                "must be > 0 and != 1")
        try DesignError.require(allocationRatio.isFinite && allocationRatio > 0, "allocationRatio", "must be > 0")
        try DesignError.require(dropoutRatePerYear.isFinite && dropoutRatePerYear >= 0 && dropoutRatePerYear < 1,
                                "dropoutRatePerYear", "must be >= 0 and < 1")
        self.hazardRatio = hazardRatio
        self.allocationRatio = allocationRatio
        self.controlSurvival = try control.distribution()
        self.accrual = accrual
        self.dropoutRatePerYear = dropoutRatePerYear
    }

    /// The dropout hazard per month that gives `dropoutRatePerYear` within 12 months: -log(1 - rate) / 12.
    public var dropoutHazard: Double { -log1p(-dropoutRatePerYear) / 12 }

    /// P(event by calendar month T) for one participant of an arm with event hazard `hazard`, enrolled at
    /// a uniform time in the accrual period, counted against all who will be enrolled (so that N times it
    /// is the expected number of events at T). With mu = hazard + dropout hazard, a participant followed
    /// s months has had the event with probability hazard / mu (1 - exp(-mu s)); averaging over entry:
    ///   T >= a: hazard / mu [1 - exp(-mu (T - a)) (1 - exp(-mu a)) / (mu a)]
    ///   T <  a: hazard / mu [T / a - (1 - exp(-mu T)) / (mu a)]
    /// (Lachin & Foulkes 1986, Biometrics 42:507-519, with exponential dropout.)
    static func armEventProbability(hazard: Double, dropoutHazard: Double, accrualMonths a: Double,
                                    atMonth t: Double) -> Double {
        if t <= 0 { return 0 }
        let mu = hazard + dropoutHazard
        let share = hazard / mu
        if t >= a {
            return share * (1 - exp(-mu * (t - a)) * -expm1(-mu * a) / (mu * a))
        }
        return share * (t / a + expm1(-mu * t) / (mu * a))
    }

    /// The probability of an event by calendar month T averaged over the arms in the allocation ratio
    /// (rpact's omega at T).
    public func eventProbability(atMonth t: Double) -> Double {
        (allocationRatio * armEventProbability(hazardRatio: hazardRatio, atMonth: t)
            + armEventProbability(hazardRatio: 1, atMonth: t)) / (1 + allocationRatio)
    }

    /// One arm's P(event by calendar month T), averaged over entry times distributed as the accrual.
    /// Exponential survival with uniform accrual uses the closed form above; otherwise, with F(s) the
    /// probability of an event within s months of entry (`PiecewiseExponential.eventProbability`) and
    /// G its integral, the accrual interval [A_i, A_(i+1)) with intensity w_i contributes
    /// w_i (G(T - A_i) - G(T - A_(i+1))) / (sum of w_i (A_(i+1) - A_i)): closed form again.
    func armEventProbability(hazardRatio factor: Double, atMonth t: Double) -> Double {
        let survival = controlSurvival.scaled(by: factor)
        if survival.isExponential && accrual.isUniform {
            return Self.armEventProbability(hazard: survival.hazards[0], dropoutHazard: dropoutHazard,
                                            accrualMonths: accrualMonths, atMonth: t)
        }
        if t <= 0 { return 0 }
        if t == .infinity { return survival.eventProbability(by: .infinity, dropout: dropoutHazard) }
        var total = 0.0
        for i in accrual.intensities.indices where accrual.intensities[i] > 0 && t > accrual.times[i] {
            let integral = survival.eventProbability(by: t - accrual.times[i], dropout: dropoutHazard, integrated: true)
                - survival.eventProbability(by: t - accrual.times[i + 1], dropout: dropoutHazard, integrated: true)
            total += accrual.intensities[i] * integral
        }
        return total / accrual.participants
    }

    /// Expected events at calendar month T when `participants` are enrolled uniformly over the accrual period.
    public func expectedEvents(participants: Double, atMonth t: Double) -> Double {
        participants * eventProbability(atMonth: t)
    }

    /// The calendar month at which `events` are expected among `participants`, or nil when they never are
    /// (dropout and the sample size cap them).
    public func month(whenExpectedEventsReach events: Double, participants: Double) -> Double? {
        if events <= 0 { return 0 }
        guard participants * eventProbability(atMonth: .infinity) > events else { return nil }
        var upper = max(accrualMonths, 1.0)
        while expectedEvents(participants: participants, atMonth: upper) < events { upper *= 2 }
        return MonotoneRoot.solve(lower: 0, upper: upper, tolerance: 1e-12 * upper) {
            expectedEvents(participants: participants, atMonth: $0) - events
        }
    }

    /// The drift per sqrt(event): the mean of the log-rank statistic is this times sqrt(D), positive
    /// when the experimental arm does better (HR < 1).
    func driftPerSqrtEvent(_ method: EventCountMethod) -> Double {
        let r = allocationRatio
        switch method {
        case .schoenfeld: return -log(hazardRatio) * r.squareRoot() / (1 + r)
        case .freedman: return (1 - hazardRatio) * r.squareRoot() / (1 + r * hazardRatio)
        }
    }
}

/// Events, sample size, power and timing of a fixed (single-analysis) or group-sequential log-rank
/// comparison. Events come from Schoenfeld's or Freedman's formula; participants from the events and the
/// probability of an event by the analysis (`SurvivalTrialAssumptions.eventProbability`); power from the
/// normal approximation of the same formula. Both sides count toward the power of a two-sided test.
public enum SurvivalSampleSize {
    /// Required events of a fixed design: (z(1 - alpha/sided) + z(power))^2 / drift per sqrt(event)^2.
    public static func eventsRequired(alpha: Double, sided: Int, power: Double, assumptions: SurvivalTrialAssumptions,
                                      method: EventCountMethod) throws -> Double {
        try DesignError.checkAlphaAndSides(alpha: alpha, sided: sided)
        try DesignError.require(power.isFinite && power > alpha / Double(sided) && power < 1, "power",
                                "must be > alpha / sided and < 1")
        let z = Normal.quantile(1 - alpha / Double(sided)) + Normal.quantile(power)
        let drift = assumptions.driftPerSqrtEvent(method)
        return z * z / (drift * drift)
    }

    /// Power of a fixed design with `events` events: P(Z >= z(1 - alpha/sided)) + (two-sided) P(Z <= -z),
    /// Z ~ N(drift sqrt(events), 1).
    public static func power(events: Double, alpha: Double, sided: Int, assumptions: SurvivalTrialAssumptions,
                             method: EventCountMethod) throws -> Double {
        try DesignError.checkAlphaAndSides(alpha: alpha, sided: sided)
        try DesignError.require(events.isFinite && events > 0, "events", "must be > 0")
        let critical = Normal.quantile(1 - alpha / Double(sided))
        let mean = abs(assumptions.driftPerSqrtEvent(method)) * events.squareRoot()
        let upper = Normal.survival(critical - mean)
        return sided == 2 ? upper + Normal.cdf(-critical - mean) : upper
    }
}
