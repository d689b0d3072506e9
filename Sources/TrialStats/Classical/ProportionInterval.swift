import Foundation

/// Confidence intervals for a binomial proportion x/n.
public struct ProportionInterval: Codable, Sendable, Equatable {
    public let estimate: Double
    public let lower: Double
    public let upper: Double
    public let confidenceLevel: Double
}

public enum ProportionIntervals {
    /// Clopper-Pearson exact interval (Clopper & Pearson 1934; R's binom.test):
    /// lower = Beta quantile(alpha/2; x, n-x+1) (0 when x = 0), upper = Beta quantile(1-alpha/2; x+1, n-x)
    /// (1 when x = n).
    public static func clopperPearson(successes x: Int, trials n: Int,
                                      confidenceLevel: Double = 0.95) throws(ClassicalTestError) -> ProportionInterval {
        try check(x, n, confidenceLevel)
        let alpha = (1 - confidenceLevel) / 2
        let lower = x == 0 ? 0 : BetaDistribution.quantile(alpha, alpha: Double(x), beta: Double(n - x + 1))
        let upper = x == n ? 1 : BetaDistribution.quantile(1 - alpha, alpha: Double(x + 1), beta: Double(n - x))
        return ProportionInterval(estimate: Double(x) / Double(n), lower: lower, upper: upper,
                                  confidenceLevel: confidenceLevel)
    }

    /// Wilson score interval (Wilson 1927; R's prop.test(x, n, correct = FALSE)):
    /// [p + z^2/2n -/+ z sqrt(p(1-p)/n + z^2/4n^2)] / (1 + z^2/n), z = Phi^-1(1 - alpha/2), clipped to [0, 1].
    public static func wilson(successes x: Int, trials n: Int,
                              confidenceLevel: Double = 0.95) throws(ClassicalTestError) -> ProportionInterval {
        try check(x, n, confidenceLevel)
        let nn = Double(n), p = Double(x) / nn
        let z = Normal.quantile((1 + confidenceLevel) / 2)
        let z22n = z * z / (2 * nn)
        let spread = z * (p * (1 - p) / nn + z22n / (2 * nn)).squareRoot()
        let lower = (p + z22n - spread) / (1 + 2 * z22n)
        let upper = (p + z22n + spread) / (1 + 2 * z22n)
        return ProportionInterval(estimate: p, lower: max(lower, 0), upper: min(upper, 1),
                                  confidenceLevel: confidenceLevel)
    }

    private static func check(_ x: Int, _ n: Int, _ level: Double) throws(ClassicalTestError) {
        guard n > 0 else { throw ClassicalTestError(field: "trials", message: "must be at least 1, got \(n)") }
        guard x >= 0 && x <= n else {
            throw ClassicalTestError(field: "successes", message: "must lie in 0...\(n), got \(x)")
        }
        guard level > 0 && level < 1 else {
            throw ClassicalTestError(field: "confidenceLevel", message: "must lie strictly between 0 and 1")
        }
    }
}
