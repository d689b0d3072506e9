import Foundation

/// A piecewise-exponential survival distribution: hazard `hazards[j]` per month from `starts[j]` to
/// `starts[j + 1]` (the last piece without end), as rpact's piecewiseSurvivalTime and lambda2.
/// A single piece is the exponential distribution.
public struct PiecewiseExponential: Sendable, Equatable {
    public let starts: [Double]
    public let hazards: [Double]

    /// `starts` begins with 0 and increases strictly; one hazard > 0 per piece.
    public init(starts: [Double], hazards: [Double], field: String = "piecewiseSurvivalTime") throws {
        try DesignError.require(!starts.isEmpty && starts.count <= 50 && starts[0] == 0, field,
                                "must start with 0 and list at most 50 times")
        try DesignError.require(starts.allSatisfy(\.isFinite) && zip(starts, starts.dropFirst()).allSatisfy { $0 < $1 },
                                field, "must increase strictly")
        try DesignError.require(hazards.count == starts.count, "controlHazardsPerMonth",
                                "must give one hazard for each interval of \(field)")
        try DesignError.require(hazards.allSatisfy { $0.isFinite && $0 > 0 }, "controlHazardsPerMonth", "must be > 0")
        self.starts = starts
        self.hazards = hazards
    }

    public static func exponential(hazard: Double) -> PiecewiseExponential {
        PiecewiseExponential(unchecked: [0], hazards: [hazard])
    }

    private init(unchecked starts: [Double], hazards: [Double]) {
        self.starts = starts
        self.hazards = hazards
    }

    /// The same intervals with every hazard multiplied by `factor` (the experimental arm: the hazard ratio).
    public func scaled(by factor: Double) -> PiecewiseExponential {
        PiecewiseExponential(unchecked: starts, hazards: hazards.map { $0 * factor })
    }

    public var isExponential: Bool { hazards.count == 1 }

    /// Cumulative hazard by month s.
    public func cumulativeHazard(at s: Double) -> Double {
        var total = 0.0
        for j in hazards.indices {
            let end = j + 1 < starts.count ? starts[j + 1] : .infinity
            if s <= starts[j] { break }
            total += hazards[j] * (min(s, end) - starts[j])
        }
        return total
    }

    /// Month s at which the cumulative hazard reaches `h` (the inverse used to draw event times).
    public func time(atCumulativeHazard h: Double) -> Double {
        var remaining = h
        for j in hazards.indices {
            let end = j + 1 < starts.count ? starts[j + 1] : .infinity
            let piece = hazards[j] * (end - starts[j])
            if remaining <= piece { return starts[j] + remaining / hazards[j] }
            remaining -= piece
        }
        return .infinity
    }

    /// P(event by month s) when an independent exponential dropout with hazard `dropout` competes:
    /// within piece j (mu_j = lambda_j + dropout) F grows by lambda_j / mu_j S(start_j) (1 - exp(-mu_j u)),
    /// S the probability of being free of both by then. Closed form, no integration.
    /// With `integrated`, the integral of that probability from 0 to s instead (used to average over
    /// entry times): on piece j it adds F_j u + lambda_j / mu_j S_j (u - (1 - exp(-mu_j u)) / mu_j).
    func eventProbability(by s: Double, dropout: Double, integrated: Bool = false) -> Double {
        if s <= 0 { return 0 }
        var probability = 0.0
        var integral = 0.0
        var free = 1.0
        for j in hazards.indices {
            if s <= starts[j] { break }
            let end = j + 1 < starts.count ? starts[j + 1] : .infinity
            let u = min(s, end) - starts[j]
            let mu = hazards[j] + dropout
            let share = hazards[j] / mu * free
            let decay = u == .infinity ? -1.0 : expm1(-mu * u)
            if integrated { integral += probability * u + share * (u + decay / mu) }
            probability += share * -decay
            free *= 1 + decay
        }
        return integrated ? integral : probability
    }
}

/// Enrolment over calendar time: `intensities[i]` participants per month from `times[i]` to
/// `times[i + 1]` (rpact's accrualTime, beginning with 0 and ending with the end of accrual, and
/// accrualIntensity). Uniform accrual over a months is times [0, a] with one intensity.
public struct Accrual: Sendable, Equatable {
    public let times: [Double]
    public let intensities: [Double]

    public init(times: [Double], intensities: [Double]) throws {
        try DesignError.require(times.count >= 2 && times.count <= 51 && times[0] == 0, "accrualTime",
                                "must start with 0 and end with the end of accrual (at most 50 intervals)")
        try DesignError.require(times.allSatisfy(\.isFinite) && zip(times, times.dropFirst()).allSatisfy { $0 < $1 },
                                "accrualTime", "must increase strictly")
        try DesignError.require(intensities.count == times.count - 1, "accrualIntensity",
                                "must give one intensity for each interval of accrualTime")
        try DesignError.require(intensities.allSatisfy { $0.isFinite && $0 >= 0 } && intensities.contains { $0 > 0 },
                                "accrualIntensity", "must be >= 0 and not all 0")
        self.times = times
        self.intensities = intensities
    }

    public static func uniform(months: Double) throws -> Accrual {
        try DesignError.require(months.isFinite && months > 0, "accrualMonths", "must be > 0")
        return try Accrual(times: [0, months], intensities: [1])
    }

    public var endMonth: Double { times[times.count - 1] }
    public var isUniform: Bool { intensities.count == 1 }

    /// Participants enrolled by the end of accrual when the intensities are participants per month.
    public var participants: Double {
        intensities.indices.reduce(0) { $0 + intensities[$1] * (times[$1 + 1] - times[$1]) }
    }

    /// Share of all participants enrolled by calendar month t.
    public func enrolledShare(byMonth t: Double) -> Double {
        var enrolled = 0.0
        for i in intensities.indices where t > times[i] {
            enrolled += intensities[i] * (min(t, times[i + 1]) - times[i])
        }
        return enrolled / participants
    }

    /// Calendar month by which `share` of all participants are enrolled (the inverse of enrolledShare).
    public func month(enrolledShare share: Double) -> Double {
        var remaining = share * participants
        for i in intensities.indices {
            let piece = intensities[i] * (times[i + 1] - times[i])
            if remaining <= piece && intensities[i] > 0 { return times[i] + remaining / intensities[i] }
            remaining -= piece
        }
        return endMonth
    }
}
