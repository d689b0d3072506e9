import Foundation

/// S(t) at a landmark time with its standard error and limits, as R's `summary(fit, times = t)`:
/// the value of the last row at or before t (1 before the first time). Beyond the last follow-up time
/// the curve is not estimated (R drops such times), so every field but `time` is nil there.
public struct SurvivalEstimateAtTime: Sendable, Codable, Hashable {
    public let time: Double
    public let survival: Double?
    public let stdErr: Double?
    public let lower: Double?
    public let upper: Double?

    /// Encodes every key, a missing value as null.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(time, forKey: .time)
        try container.encode(survival, forKey: .survival)
        try container.encode(stdErr, forKey: .stdErr)
        try container.encode(lower, forKey: .lower)
        try container.encode(upper, forKey: .upper)
    }
}

extension KaplanMeier {
    public func survival(at landmarks: [Double]) -> [SurvivalEstimateAtTime] {
        landmarks.map { time in
            guard let last = table.last, time <= last.time else {
                return SurvivalEstimateAtTime(time: time, survival: nil, stdErr: nil, lower: nil, upper: nil)
            }
            // Last row with row.time <= time (binary search: the table is sorted by time).
            var low = 0
            var high = table.count
            while low < high {
                let middle = (low + high) / 2
                if table[middle].time <= time { low = middle + 1 } else { high = middle }
            }
            guard low > 0 else {
                // Before the first time summary.survfit reports S = 1 with both limits 1, whatever the type.
                return SurvivalEstimateAtTime(time: time, survival: 1, stdErr: 0, lower: 1, upper: 1)
            }
            let row = table[low - 1]
            return SurvivalEstimateAtTime(time: time, survival: row.survival, stdErr: row.stdErr,
                                          lower: row.lower, upper: row.upper)
        }
    }
}
