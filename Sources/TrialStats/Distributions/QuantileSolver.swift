import Foundation

/// Inverts a continuous CDF: finds x with lower(x) = p when p <= 1/2, or upper(x) = 1 - p otherwise
/// (1 - p is exact for p >= 1/2), so both tails are solved against a directly computed probability.
/// Newton's method on the log of the tail probability, which is nearly linear in the far tails where
/// plain Newton crawls, kept inside a shrinking bracket and falling back to bisection (geometric
/// when the bracket spans orders of magnitude) whenever a step would leave it.
struct QuantileSolver {
    let lowerBound: Double
    let upperBound: Double
    let tails: (Double) -> (lower: Double, upper: Double)
    let density: (Double) -> Double

    func solve(probability p: Double, start: Double) -> Double {
        if p.isNaN || p < 0 || p > 1 { return .nan }
        if p == 0 { return lowerBound }
        if p == 1 { return upperBound }
        let useUpper = p > 0.5
        let target = useUpper ? 1 - p : p
        let logTarget = log(target)
        var lo = lowerBound, hi = upperBound
        var x = start
        if !(x > lo && x < hi) || !x.isFinite { x = midpoint(lo, hi) }
        for _ in 0..<400 {
            let t = tails(x)
            let value = useUpper ? t.upper : t.lower
            if value == target { return x }
            // The lower tail rises with x and the upper tail falls.
            let aboveRoot = useUpper ? value < target : value > target
            if aboveRoot { hi = x } else { lo = x }
            var next = Double.nan
            let f = density(x)
            if value > 0 && f > 0 {
                let slope = (useUpper ? -f : f) / value
                next = x - (log(value) - logTarget) / slope
            }
            if !(next > lo && next < hi) { next = midpoint(lo, hi) }
            // Stop at the last bit: a step under half an ulp, or a bracket of adjacent doubles.
            if abs(next - x) <= 0.5 * Double.ulpOfOne * abs(x) || next == x { return next }
            if hi.isFinite && lo.isFinite && lo.nextUp >= hi {
                return next
            }
            x = next
        }
        return x
    }

    private func midpoint(_ lo: Double, _ hi: Double) -> Double {
        switch (lo.isFinite, hi.isFinite) {
        case (false, false): return 0
        case (true, false): return lo > 0 ? lo * 4 : (lo > -1 ? 1 : lo / 4)
        case (false, true): return hi < 0 ? hi * 4 : (hi < 1 ? -1 : hi / 4)
        case (true, true):
            if lo > 0 && hi > 8 * lo { return (lo * hi).squareRoot() }
            if hi < 0 && lo < 8 * hi { return -(lo * hi).squareRoot() }
            if lo == 0 && hi > 0 { return hi / 8 }
            return lo + (hi - lo) / 2
        }
    }
}
