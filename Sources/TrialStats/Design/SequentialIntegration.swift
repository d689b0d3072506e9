import Foundation

/// The joint distribution of the standardized statistics Z_1, ..., Z_K of a group-sequential trial,
/// integrated stage by stage: the recursion of Armitage, McPherson & Rowe (1969, JRSS A 132:235-244)
/// evaluated as in Jennison & Turnbull (2000, Group Sequential Methods, chapter 19).
///
/// With information fractions t_k and drift delta (the mean of Z at full information), Z_k has mean
/// delta sqrt(t_k), and Z_k sqrt(t_k) - Z_(k-1) sqrt(t_(k-1)) is N(delta D_k, D_k), D_k = t_k - t_(k-1),
/// independent of the past. The sub-density of Z_k on the continuation region of stages 1..k-1 is
///   g_k(y) = integral g_(k-1)(z) sqrt(t_k / D_k) phi((y sqrt t_k - z sqrt t_(k-1) - delta D_k) / sqrt D_k) dz,
/// evaluated at the nodes of Jennison & Turnbull's grid (6r - 1 points: evenly spaced within 3 of the
/// mean, logarithmically spaced in the tails, cut at the stage's boundaries) with Simpson's rule on
/// each interval between neighbouring points and its midpoint.
struct SequentialIntegration {
    /// Jennison & Turnbull's r: 64 gives interval widths of 3/128 near the mean. Against r = 96, critical
    /// values move by under 3e-9 relative (r = 32: 3e-8), so the integration is not what limits agreement
    /// with rpact (its bisection stops at 1e-8).
    static let gridResolution = 64

    /// Nodes and their weight times the sub-density there: the continuation density of one stage.
    struct WeightedDensity {
        var nodes: [Double]
        var weightedValues: [Double]
    }

    let fractions: [Double]
    let drift: Double

    /// Simpson nodes and weights on Jennison & Turnbull's grid for a statistic with mean `mean`, cut to
    /// [lower, upper] (either may be infinite: the grid's own tail, 3 + 4 log r from the mean, is the end).
    static func simpsonRule(mean: Double, lower: Double, upper: Double) -> (nodes: [Double], weights: [Double]) {
        let r = gridResolution
        let rr = Double(r)
        var points: [Double] = []
        points.reserveCapacity(6 * r + 1)
        for i in 1...(6 * r - 1) {
            let x: Double
            if i < r {
                x = mean - 3 - 4 * log(rr / Double(i))
            } else if i <= 5 * r {
                x = mean - 3 + 3 * Double(i - r) / (2 * rr)
            } else {
                x = mean + 3 + 4 * log(rr / Double(6 * r - i))
            }
            if x > lower && x < upper { points.append(x) }
        }
        if lower.isFinite && lower > mean - 3 - 4 * log(rr) { points.insert(lower, at: 0) }
        if upper.isFinite && upper < mean + 3 + 4 * log(rr) { points.append(upper) }
        guard points.count >= 2 else { return ([], []) }
        var nodes: [Double] = []
        var weights: [Double] = []
        nodes.reserveCapacity(2 * points.count - 1)
        weights.reserveCapacity(2 * points.count - 1)
        nodes.append(points[0])
        weights.append(0)
        for i in 1..<points.count {
            let h = points[i] - points[i - 1]
            weights[weights.count - 1] += h / 6
            nodes.append(points[i - 1] + h / 2)
            weights.append(4 * h / 6)
            nodes.append(points[i])
            weights.append(h / 6)
        }
        return (nodes, weights)
    }

    /// The continuation density of stage 1, on (lower, upper).
    func firstStage(lower: Double, upper: Double) -> WeightedDensity {
        let mean = drift * fractions[0].squareRoot()
        let rule = Self.simpsonRule(mean: mean, lower: lower, upper: upper)
        let values = zip(rule.nodes, rule.weights).map { node, weight in weight * Normal.density(node - mean) }
        return WeightedDensity(nodes: rule.nodes, weightedValues: values)
    }

    /// The continuation density of stage `k` (0-based, k >= 1) on (lower, upper), from stage k - 1's.
    func nextStage(_ previous: WeightedDensity, stage k: Int, lower: Double, upper: Double) -> WeightedDensity {
        let t = fractions[k], tPrevious = fractions[k - 1]
        let increment = t - tPrevious
        let rule = Self.simpsonRule(mean: drift * t.squareRoot(), lower: lower, upper: upper)
        let sqrtT = t.squareRoot(), sqrtTPrevious = tPrevious.squareRoot(), sqrtIncrement = increment.squareRoot()
        let scale = sqrtT / sqrtIncrement
        let shift = drift * increment
        var values = [Double](repeating: 0, count: rule.nodes.count)
        previous.nodes.withUnsafeBufferPointer { z in
            previous.weightedValues.withUnsafeBufferPointer { g in
                for j in 0..<rule.nodes.count {
                    let centre = rule.nodes[j] * sqrtT - shift
                    var sum = 0.0
                    for i in 0..<z.count {
                        let u = (centre - z[i] * sqrtTPrevious) / sqrtIncrement
                        sum += g[i] * exp(-0.5 * u * u)
                    }
                    values[j] = rule.weights[j] * scale * Normal.inverseSqrtTwoPi * sum
                }
            }
        }
        return WeightedDensity(nodes: rule.nodes, weightedValues: values)
    }

    /// P(continue to stage k - 1, then Z_k >= bound) for stage `k` (0-based); P(Z_1 >= bound) for k = 0.
    func upperCrossing(after previous: WeightedDensity?, stage k: Int, bound: Double) -> Double {
        crossing(after: previous, stage: k, bound: bound, upper: true)
    }

    /// P(continue to stage k - 1, then Z_k <= bound) for stage `k` (0-based).
    func lowerCrossing(after previous: WeightedDensity?, stage k: Int, bound: Double) -> Double {
        crossing(after: previous, stage: k, bound: bound, upper: false)
    }

    private func crossing(after previous: WeightedDensity?, stage k: Int, bound: Double, upper: Bool) -> Double {
        if bound == .infinity { return upper ? 0 : 1 }
        if bound == -.infinity { return upper ? 1 : 0 }
        guard k > 0, let previous else {
            let standardized = bound - drift * fractions[0].squareRoot()
            return upper ? Normal.survival(standardized) : Normal.cdf(standardized)
        }
        let t = fractions[k], tPrevious = fractions[k - 1]
        let increment = t - tPrevious
        let sqrtIncrement = increment.squareRoot(), sqrtTPrevious = tPrevious.squareRoot()
        let centre = bound * t.squareRoot() - drift * increment
        var sum = 0.0
        for i in 0..<previous.nodes.count {
            let u = (centre - previous.nodes[i] * sqrtTPrevious) / sqrtIncrement
            sum += previous.weightedValues[i] * (upper ? Normal.survival(u) : Normal.cdf(u))
        }
        return sum
    }

    /// Stage-wise probabilities of crossing the upper and the lower boundary, for continuation regions
    /// (lower_k, upper_k); use -infinity for no lower boundary.
    func crossingProbabilities(lower: [Double], upper: [Double]) -> (upper: [Double], lower: [Double]) {
        var upperCrossings: [Double] = []
        var lowerCrossings: [Double] = []
        var density: WeightedDensity?
        for k in fractions.indices {
            upperCrossings.append(upperCrossing(after: density, stage: k, bound: upper[k]))
            lowerCrossings.append(lowerCrossing(after: density, stage: k, bound: lower[k]))
            if k < fractions.count - 1 {
                density = k == 0 ? firstStage(lower: lower[0], upper: upper[0])
                    : nextStage(density!, stage: k, lower: lower[k], upper: upper[k])
            }
        }
        return (upperCrossings, lowerCrossings)
    }
}
