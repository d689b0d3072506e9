import Foundation

/// F distribution with d1, d2 > 0 degrees of freedom (R's pf/qf).
/// P(F <= f) = I_x(d1/2, d2/2) with x = d1 f/(d1 f + d2) and 1 - x = d2/(d1 f + d2) formed directly
/// (A&S 26.6.2); quantile by log-tail Newton on the F scale from the transformed beta start.
public enum FDistribution {
    public static func density(_ f: Double, numeratorDegreesOfFreedom d1: Double,
                               denominatorDegreesOfFreedom d2: Double) -> Double {
        guard d1 > 0, d2 > 0, !f.isNaN else { return .nan }
        if f < 0 || f.isInfinite { return 0 }
        let denominator = d1 * f + d2
        let x = d1 * f / denominator, y = d2 / denominator
        if f == 0 { return d1 < 2 ? .infinity : (d1 == 2 ? 1 : 0) }
        // Beta density at x times dx/df = d1 d2 / (d1 f + d2)^2.
        let betaDensity = StirlingTerms.betaTerm(x: x, y: y, a: d1 / 2, b: d2 / 2) / (x * y)
        return betaDensity * d1 * d2 / (denominator * denominator)
    }

    public static func cdf(_ f: Double, numeratorDegreesOfFreedom d1: Double,
                           denominatorDegreesOfFreedom d2: Double) -> Double {
        tails(f, d1, d2).lower
    }

    public static func survival(_ f: Double, numeratorDegreesOfFreedom d1: Double,
                                denominatorDegreesOfFreedom d2: Double) -> Double {
        tails(f, d1, d2).upper
    }

    static func tails(_ f: Double, _ d1: Double, _ d2: Double) -> (lower: Double, upper: Double) {
        guard d1 > 0, d2 > 0, !f.isNaN else { return (.nan, .nan) }
        if f <= 0 { return (0, 1) }
        if f == .infinity { return (1, 0) }
        let denominator = d1 * f + d2
        let beta = IncompleteBeta.tails(x: d1 * f / denominator, y: d2 / denominator, a: d1 / 2, b: d2 / 2)
        return (beta.lower, beta.upper)
    }

    public static func quantile(_ p: Double, numeratorDegreesOfFreedom d1: Double,
                                denominatorDegreesOfFreedom d2: Double) -> Double {
        guard d1 > 0, d2 > 0 else { return .nan }
        let solver = QuantileSolver(
            lowerBound: 0, upperBound: .infinity,
            tails: { tails($0, d1, d2) },
            density: { density($0, numeratorDegreesOfFreedom: d1, denominatorDegreesOfFreedom: d2) })
        var start = 1.0
        if p > 0 && p < 1 {
            let x = BetaDistribution.start(p, alpha: d1 / 2, beta: d2 / 2)
            if x > 0 && x < 1 { start = d2 * x / (d1 * (1 - x)) }
        }
        return solver.solve(probability: p, start: start)
    }
}
