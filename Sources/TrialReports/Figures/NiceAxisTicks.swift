import Foundation

/// Axis ticks at "nice numbers" (1, 2, 2.5 or 5 times a power of ten; Heckbert, Graphics Gems 1990), and
/// the 1-2-5 sequence on a logarithmic axis.
public enum NiceAxisTicks {
    /// Ticks from 0 or below `lower` to at or above `upper`, at most about `maxCount` of them. With
    /// `preferredSteps`, the smallest of those steps that keeps the count within `maxCount` is used instead
    /// (months read best in steps of 3, 6 or 12).
    public static func linear(lower: Double, upper: Double, maxCount: Int = 6, preferredSteps: [Double] = []) -> [Double] {
        guard lower.isFinite, upper.isFinite else { return [0, 1] }
        let low = min(lower, upper), high = max(lower, upper)
        let span = high - low
        guard span > 0 else {
            let unit = low == 0 ? 1 : niceNumber(abs(low), round: false) / 2
            return [low - unit, low, low + unit].filter { lower >= 0 ? $0 >= 0 : true }
        }
        let count = max(2, maxCount)
        var step = preferredSteps.sorted().first { span / $0 <= Double(count - 1) }
            ?? niceNumber(span / Double(count - 1), round: true)
        // Rounding the step down can leave too many ticks; move up the 1-2-5 ladder until they fit.
        while (span / step - 1e-9).rounded(.up) > Double(count - 1) {
            step = niceNumber(step * 1.01, round: false)
        }
        return ticks(from: low, to: high, step: step)
    }

    /// Ticks with a given step covering [lower, upper] (the last tick is at or above `upper`).
    public static func ticks(from lower: Double, to upper: Double, step: Double) -> [Double] {
        guard step > 0, step.isFinite else { return [lower, upper] }
        let first = (lower / step).rounded(.down)
        let last = (upper / step - 1e-9).rounded(.up)
        guard last >= first else { return [first * step] }
        return stride(from: first, through: last, by: 1).map { cleaned($0 * step) }
    }

    /// The nice number near `value`: rounded (1, 2, 5, 10 times 10^k) or the ceiling (1, 2, 2.5, 5, 10).
    public static func niceNumber(_ value: Double, round: Bool) -> Double {
        guard value > 0, value.isFinite else { return 1 }
        let exponent = floor(log10(value))
        let power = pow(10, exponent)
        let fraction = value / power
        let nice: Double
        if round {
            nice = fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10
        } else {
            nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 2.5 ? 2.5 : fraction <= 5 ? 5 : 10
        }
        return nice * power
    }

    /// Ticks of a logarithmic axis between `lower` and `upper` (both > 0): 1, 2, 5 times powers of ten, thinned
    /// to 1 and 10 when there are more than `maxCount`; 1 is always included when it is in range.
    public static func logarithmic(lower: Double, upper: Double, maxCount: Int = 8) -> [Double] {
        guard lower > 0, upper > lower else { return [1] }
        func candidates(_ mantissas: [Double]) -> [Double] {
            let first = Int(floor(log10(lower))) - 1
            let last = Int(ceil(log10(upper))) + 1
            var values: [Double] = []
            for exponent in first...last {
                let power: Double = pow(10, Double(exponent))
                for mantissa in mantissas {
                    let value = cleaned(mantissa * power)
                    if value >= lower * (1 - 1e-9) && value <= upper * (1 + 1e-9) { values.append(value) }
                }
            }
            return values
        }
        let dense = candidates([1, 2, 5])
        if dense.count <= maxCount { return dense }
        let sparse = candidates([1, 3])
        if sparse.count <= maxCount { return sparse }
        return candidates([1])
    }

    /// Removes binary noise such as 0.30000000000000004 so labels and equality tests read cleanly.
    static func cleaned(_ value: Double) -> Double {
        guard value != 0 else { return 0 }
        let digits = 12 - Int(floor(log10(abs(value))))
        let scale = pow(10, Double(max(0, min(digits, 15))))
        return (value * scale).rounded() / scale
    }
}
