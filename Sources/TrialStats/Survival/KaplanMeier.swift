import Foundation

/// Kaplan-Meier estimate of the survival function with Greenwood variance, as R's `survfit(Surv(t, e) ~ 1)`.
///
/// S(t) = prod over event times t_i <= t of (1 - d_i / n_i); Greenwood: var(log S) = sum d_i / (n_i (n_i - d_i))
/// (Kaplan & Meier 1958; Greenwood 1926; Klein & Moeschberger 2003, sec. 4.2). `stdErr` is the standard error
/// of S(t) itself (S times the Greenwood root), as R's summary.survfit prints it; NaN there (S = 0) is nil.
/// The table has one row per distinct time, event or censoring, as survfit's fit$time.
public struct KaplanMeier: Sendable, Codable, Hashable {
    /// Scale on which the pointwise confidence interval is symmetric (R's `conf.type`).
    public enum ConfidenceType: String, Sendable, Codable, Hashable, CaseIterable {
        case log
        case logLog = "log-log"
        case plain
    }

    public struct Row: Sendable, Codable, Hashable {
        public let time: Double
        public let nRisk: Int
        public let nEvent: Int
        public let nCensor: Int
        public let survival: Double
        public let stdErr: Double?
        public let lower: Double?
        public let upper: Double?

        /// Encodes every key, a missing value as null (never an absent key).
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(time, forKey: .time)
            try container.encode(nRisk, forKey: .nRisk)
            try container.encode(nEvent, forKey: .nEvent)
            try container.encode(nCensor, forKey: .nCensor)
            try container.encode(survival, forKey: .survival)
            try container.encode(stdErr, forKey: .stdErr)
            try container.encode(lower, forKey: .lower)
            try container.encode(upper, forKey: .upper)
        }
    }

    public let n: Int
    public let events: Int
    public let confidenceType: ConfidenceType
    public let confidenceLevel: Double
    public let table: [Row]

    /// Fits the curve. `events`: 1 event, 0 censored.
    public static func fit(
        times: [Double], events: [Int],
        confidenceType: ConfidenceType = .log, confidenceLevel: Double = 0.95
    ) throws(SurvivalInputError) -> KaplanMeier {
        try SurvivalInputError.validate(times: times, events: events)
        guard confidenceLevel > 0 && confidenceLevel < 1 else {
            throw SurvivalInputError(argument: "confidenceLevel", message: "\(confidenceLevel) must lie strictly between 0 and 1")
        }
        let order = SurvivalOrder.ascending(times)
        // One gather into contiguous sorted arrays; the walk below is then sequential.
        let sortedTimes = order.map { times[Int($0)] }
        let sortedEvents = order.map { events[Int($0)] }
        let z = Normal.quantile(1 - (1 - confidenceLevel) / 2)
        var table: [Row] = []
        table.reserveCapacity(times.count)
        var atRisk = times.count
        var survival = 1.0
        var greenwood = 0.0
        var totalEvents = 0
        var position = 0
        while position < order.count {
            let time = sortedTimes[position]
            var died = 0
            var censored = 0
            while position < order.count, sortedTimes[position] == time {
                if sortedEvents[position] == 1 { died += 1 } else { censored += 1 }
                position += 1
            }
            if died > 0 {
                survival *= Double(atRisk - died) / Double(atRisk)
                // survfit: the Greenwood term is infinite when everyone at risk dies (S drops to 0).
                greenwood += atRisk > died ? Double(died) / (Double(atRisk) * Double(atRisk - died)) : .infinity
            }
            let logStdErr = greenwood.squareRoot()
            let limits = confidenceLimits(survival: survival, logStdErr: logStdErr, z: z, type: confidenceType)
            let stdErr = survival * logStdErr
            table.append(Row(time: time, nRisk: atRisk, nEvent: died, nCensor: censored, survival: survival,
                             stdErr: stdErr.isFinite ? stdErr : nil, lower: limits.lower, upper: limits.upper))
            totalEvents += died
            atRisk -= died + censored
        }
        return KaplanMeier(n: times.count, events: totalEvents, confidenceType: confidenceType,
                           confidenceLevel: confidenceLevel, table: table)
    }

    /// Pointwise limits as R's survfit_confint: log S +- z se (log), log(-log S) +- z se / log S (log-log),
    /// S +- z se S (plain), bounded to [0, 1]; a limit that is undefined (S = 0, or S = 1 for log-log) is nil.
    static func confidenceLimits(survival: Double, logStdErr: Double, z: Double, type: ConfidenceType)
        -> (lower: Double?, upper: Double?)
    {
        func finite(_ value: Double) -> Double? { value.isNaN ? nil : value }
        switch type {
        case .plain:
            let halfWidth = logStdErr == 0 ? 0 : z * logStdErr * survival
            return (finite(max(survival - halfWidth, 0)), finite(min(survival + halfWidth, 1)))
        case .log:
            guard survival > 0 else { return (nil, nil) }
            let halfWidth = z * logStdErr
            return (finite(exp(log(survival) - halfWidth)), finite(min(exp(log(survival) + halfWidth), 1)))
        case .logLog:
            guard survival > 0 && survival < 1 else { return (nil, nil) }
            let logLog = log(-log(survival))
            let halfWidth = z * logStdErr / log(survival)
            return (finite(exp(-exp(logLog - halfWidth))), finite(exp(-exp(logLog + halfWidth))))
        }
    }

    /// The Greenwood standard error of log S at a row (recovered from stdErr = S * se(log S)).
    func logStdErr(row index: Int) -> Double {
        let row = table[index]
        guard let stdErr = row.stdErr, row.survival > 0 else { return .infinity }
        return stdErr / row.survival
    }
}
