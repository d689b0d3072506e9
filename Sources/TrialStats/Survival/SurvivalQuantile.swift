import Foundation

/// A quantile of survival time (e.g. the median) with its confidence limits; nil when not reached.
public struct SurvivalQuantile: Sendable, Codable, Hashable {
    public let estimate: Double?
    public let lower: Double?
    public let upper: Double?

    /// Encodes every key, a missing value as null.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(estimate, forKey: .estimate)
        try container.encode(lower, forKey: .lower)
        try container.encode(upper, forKey: .upper)
    }
}

extension KaplanMeier {
    /// The time by which a fraction `probability` has had the event (0.5 = median), as R's
    /// quantile.survfit: the first time 1 - S reaches p; where S sits exactly on 1 - p (within
    /// sqrt(machine epsilon)) the midpoint to the next drop. The limits are where the pointwise
    /// confidence band crosses 1 - p (Brookmeyer & Crowley 1982).
    public func quantile(_ probability: Double) -> SurvivalQuantile {
        let tolerance = Double.ulpOfOne.squareRoot()
        let x = [0] + table.map(\.time)
        let estimate = KaplanMeier.findQuantile(x: x, y: [0] + table.map { 1 - $0.survival }, p: probability, tolerance: tolerance)
        let lower = KaplanMeier.findQuantile(x: x, y: [0] + table.map { $0.lower.map { 1 - $0 } }, p: probability, tolerance: tolerance)
        let upper = KaplanMeier.findQuantile(x: x, y: [0] + table.map { $0.upper.map { 1 - $0 } }, p: probability, tolerance: tolerance)
        return SurvivalQuantile(estimate: estimate, lower: lower, upper: upper)
    }

    public var median: SurvivalQuantile { quantile(0.5) }

    /// survival's findq: y is the non-decreasing 1 - S (nil where a limit is undefined), x the times.
    static func findQuantile(x: [Double], y: [Double?], p: Double, tolerance: Double) -> Double? {
        let known = y.compactMap { $0 }
        guard let largest = known.max(), largest >= p else { return nil }
        let lastTime = x[x.count - 1]
        // Keep the first time at which each distinct y value (or the first nil) appears.
        var keptX: [Double] = []
        var keptY: [Double?] = []
        var seen = Set<Double>()
        var seenNil = false
        for (time, value) in zip(x, y) {
            if let value {
                if seen.insert(value).inserted { keptX.append(time); keptY.append(value) }
            } else if !seenNil {
                seenNil = true
                keptX.append(time)
                keptY.append(nil)
            }
        }
        if p == 0 { return keptX[0] }
        // Constant interpolation "from the right" over the known points: first index whose y + offset >= p.
        func firstIndex(offset: Double) -> Int? {
            var isFirstKnown = true
            for (index, value) in keptY.enumerated() {
                guard let value else { continue }
                let shifted = value + offset
                // Below the first known point R's approx(rule = 1) gives NA.
                if isFirstKnown && p < shifted { return nil }
                isFirstKnown = false
                if shifted >= p { return index }
            }
            return nil
        }
        guard let first = firstIndex(offset: tolerance) else { return nil }
        if let lastValue = keptY[keptY.count - 1], abs(p - lastValue) < tolerance {
            return (keptX[first] + lastTime) / 2
        }
        guard let second = firstIndex(offset: -tolerance) else { return nil }
        return (keptX[first] + keptX[second]) / 2
    }
}
