import Foundation

/// Beta distribution with shapes alpha, beta > 0 (R's pbeta/qbeta).
/// cdf = I_x(alpha, beta) and survival = I_{1-x}(beta, alpha) from `IncompleteBeta`, each tail direct;
/// quantile by log-tail Newton from the tail start x ~ (p alpha B(alpha, beta))^(1/alpha) (the leading
/// term of A&S 26.5.4) or the mean, whichever lies nearer the centre.
public enum BetaDistribution {
    public static func density(_ x: Double, alpha: Double, beta: Double) -> Double {
        guard alpha > 0, beta > 0, !x.isNaN else { return .nan }
        if x < 0 || x > 1 { return 0 }
        if x == 0 { return alpha < 1 ? .infinity : (alpha == 1 ? beta : 0) }
        if x == 1 { return beta < 1 ? .infinity : (beta == 1 ? alpha : 0) }
        return StirlingTerms.betaTerm(x: x, y: 1 - x, a: alpha, b: beta) / (x * (1 - x))
    }

    public static func cdf(_ x: Double, alpha: Double, beta: Double) -> Double {
        tails(x, alpha: alpha, beta: beta).lower
    }

    public static func survival(_ x: Double, alpha: Double, beta: Double) -> Double {
        tails(x, alpha: alpha, beta: beta).upper
    }

    static func tails(_ x: Double, alpha: Double, beta: Double) -> (lower: Double, upper: Double) {
        guard alpha > 0, beta > 0, !x.isNaN else { return (.nan, .nan) }
        if x <= 0 { return (0, 1) }
        if x >= 1 { return (1, 0) }
        let t = IncompleteBeta.tails(x: x, y: 1 - x, a: alpha, b: beta)
        return (t.lower, t.upper)
    }

    public static func quantile(_ p: Double, alpha: Double, beta: Double) -> Double {
        guard alpha > 0, beta > 0 else { return .nan }
        let solver = QuantileSolver(
            lowerBound: 0, upperBound: 1,
            tails: { tails($0, alpha: alpha, beta: beta) },
            density: { density($0, alpha: alpha, beta: beta) })
        return solver.solve(probability: p, start: start(p, alpha: alpha, beta: beta))
    }

    static func start(_ p: Double, alpha a: Double, beta b: Double) -> Double {
        guard p > 0 && p < 1 else { return 0.5 }
        let mean = a / (a + b)
        let logInverseB = StirlingTerms.logInverseBeta(a, b)
        if p <= 0.5 {
            let tail = exp((log(p) + log(a) - logInverseB) / a)
            return min(tail, mean)
        }
        let tail = exp((log(1 - p) + log(b) - logInverseB) / b)
        return max(1 - tail, mean)
    }
}
