import Foundation

/// Gamma distribution with shape k > 0 and scale theta > 0 (R's pgamma/qgamma with `scale`).
/// cdf = P(k, x/theta), survival = Q(k, x/theta) from `IncompleteGamma` (each tail direct);
/// quantile by log-tail Newton from a Wilson-Hilferty start, or the small-p start
/// x ~ (p Gamma(k+1))^(1/k) when p is tiny for the shape (as R's qchisq_appr).
public enum GammaDistribution {
    public static func density(_ x: Double, shape: Double, scale: Double = 1) -> Double {
        guard shape > 0, scale > 0, !x.isNaN else { return .nan }
        if x < 0 { return 0 }
        let z = x / scale
        if z == 0 {
            if shape < 1 { return .infinity }
            return shape == 1 ? 1 / scale : 0
        }
        // x^(k-1) e^-x / Gamma(k) = k/x * x^k e^-x / Gamma(k+1).
        return shape / x * StirlingTerms.poissonTerm(count: shape, mean: z)
    }

    public static func cdf(_ x: Double, shape: Double, scale: Double = 1) -> Double {
        tails(x, shape: shape, scale: scale).lower
    }

    public static func survival(_ x: Double, shape: Double, scale: Double = 1) -> Double {
        tails(x, shape: shape, scale: scale).upper
    }

    static func tails(_ x: Double, shape: Double, scale: Double) -> (lower: Double, upper: Double) {
        guard shape > 0, scale > 0, !x.isNaN else { return (.nan, .nan) }
        if x <= 0 { return (0, 1) }
        let t = IncompleteGamma.tails(a: shape, x: x / scale)
        return (t.lower, t.upper)
    }

    public static func quantile(_ p: Double, shape: Double, scale: Double = 1) -> Double {
        guard shape > 0, scale > 0 else { return .nan }
        let solver = QuantileSolver(
            lowerBound: 0, upperBound: .infinity,
            tails: { tails($0, shape: shape, scale: 1) },
            density: { density($0, shape: shape, scale: 1) })
        return scale * solver.solve(probability: p, start: standardStart(p, shape: shape))
    }

    /// Starting value for the unit-scale quantile.
    static func standardStart(_ p: Double, shape k: Double) -> Double {
        guard p > 0 && p < 1 else { return k }
        let nu = 2 * k
        let lowerTail = p <= 0.5 ? p : 1 - p
        if p <= 0.5 && nu < -1.24 * log(lowerTail) {
            return exp((log(p) + lgamma(k + 1)) / k)
        }
        let z = Normal.quantile(p)
        let c = 2 / (9 * nu)
        let cube = 1 - c + z * c.squareRoot()
        if cube > 0 {
            return 0.5 * nu * cube * cube * cube
        }
        return exp((log(p) + lgamma(k + 1)) / k)
    }
}
