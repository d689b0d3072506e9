import Foundation

/// Chi-square distribution with nu > 0 degrees of freedom: Gamma(shape nu/2, scale 2).
public enum ChiSquared {
    public static func density(_ x: Double, degreesOfFreedom nu: Double) -> Double {
        GammaDistribution.density(x, shape: nu / 2, scale: 2)
    }

    public static func cdf(_ x: Double, degreesOfFreedom nu: Double) -> Double {
        GammaDistribution.cdf(x, shape: nu / 2, scale: 2)
    }

    /// Upper tail P(X > x), the p-value of a chi-square statistic, computed directly.
    public static func survival(_ x: Double, degreesOfFreedom nu: Double) -> Double {
        GammaDistribution.survival(x, shape: nu / 2, scale: 2)
    }

    public static func quantile(_ p: Double, degreesOfFreedom nu: Double) -> Double {
        GammaDistribution.quantile(p, shape: nu / 2, scale: 2)
    }
}
