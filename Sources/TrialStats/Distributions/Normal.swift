import Foundation

/// Standard normal distribution.
/// cdf and survival through erfc (each tail directly: Phi(x) = erfc(-x/sqrt 2)/2);
/// quantile from Acklam's rational approximation (relative error < 1.2e-9) refined by two Halley
/// steps against erfc, which brings it to full double precision.
public enum Normal {
    static let inverseSqrtTwoPi = 0.398_942_280_401_432_677_939_946_059_934_4
    static let sqrtTwoPi = 2.506_628_274_631_000_502_415_765_284_811

    public static func density(_ x: Double) -> Double {
        inverseSqrtTwoPi * exp(-0.5 * x * x)
    }

    public static func cdf(_ x: Double) -> Double {
        0.5 * erfc(-x / 2.0.squareRoot())
    }

    public static func survival(_ x: Double) -> Double {
        0.5 * erfc(x / 2.0.squareRoot())
    }

    public static func quantile(_ p: Double) -> Double {
        if p.isNaN || p < 0 || p > 1 { return .nan }
        if p == 0 { return -.infinity }
        if p == 1 { return .infinity }
        // Solve in the lower half; 1 - p is exact for p >= 1/2.
        if p > 0.5 { return -lowerHalfQuantile(1 - p) }
        return lowerHalfQuantile(p)
    }

    /// x <= 0 with Phi(x) = p, for 0 < p <= 1/2.
    private static func lowerHalfQuantile(_ p: Double) -> Double {
        var x = acklamStart(p)
        for _ in 0..<3 {
            let error = cdf(x) - p
            if error == 0 { break }
            // Halley: u = (Phi(x) - p) / phi(x); x -= u / (1 + x u / 2).
            let u = error * sqrtTwoPi * exp(0.5 * x * x)
            let next = x - u / (1 + 0.5 * x * u)
            if next == x || !next.isFinite { break }
            x = next
        }
        return x
    }

    private static func acklamStart(_ p: Double) -> Double {
        let a = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
                 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00]
        let b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                 6.680131188771972e+01, -1.328068155288572e+01]
        let c = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                 -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00]
        let d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
                 3.754408661907416e+00]
        if p < 0.02425 {
            let q = (-2 * log(p)).squareRoot()
            let numerator = ((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]
            let denominator = (((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1
            return numerator / denominator
        }
        let q = p - 0.5
        let r = q * q
        let numerator = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
        let denominator = ((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1
        return numerator / denominator
    }
}
