import Foundation

/// Saddle-point building blocks for densities and incomplete-function prefactors with large
/// parameters (Loader 2000, "Fast and accurate computation of binomial probabilities"; the same
/// terms as R's stirlerr and bd0). Writing x^a e^-x / Gamma(a+1) through them avoids subtracting
/// log-gammas of size a*log(a), which would lose about log10(a*log a) digits.
enum StirlingTerms {
    static let logSqrtTwoPi = 0.918_938_533_204_672_741_780_329_736_4

    /// Stirling error s(z) = log Gamma(z+1) - [(z + 1/2) log z - z + log sqrt(2 pi)].
    /// For z >= 10 the asymptotic series (Abramowitz & Stegun 6.1.41) to z^-13 is accurate to
    /// below 1e-17; below that the definition is evaluated directly (all terms are small there).
    static func stirlingError(_ z: Double) -> Double {
        if z >= 10 {
            let z2 = 1 / (z * z)
            let s0 = 1.0 / 12, s1 = 1.0 / 360, s2 = 1.0 / 1260, s3 = 1.0 / 1680
            let s4 = 1.0 / 1188, s5 = 691.0 / 360_360, s6 = 1.0 / 156
            return (s0 - (s1 - (s2 - (s3 - (s4 - (s5 - s6 * z2) * z2) * z2) * z2) * z2) * z2) / z
        }
        return lgamma(z + 1) - (z + 0.5) * log(z) + z - logSqrtTwoPi
    }

    /// Deviance term bd0(x, m) = x log(x/m) + m - x >= 0, by its series in v = (x-m)/(x+m) when x is
    /// close to m, where the direct form cancels catastrophically (Loader 2000, section 2).
    static func deviance(_ x: Double, _ m: Double) -> Double {
        if abs(x - m) < 0.1 * (x + m) {
            var v = (x - m) / (x + m)
            var sum = (x - m) * v
            var term = 2 * x * v
            v *= v
            var j = 1.0
            while j < 1000 {
                term *= v
                let next = sum + term / (2 * j + 1)
                if next == sum { return next }
                sum = next
                j += 1
            }
            return sum
        }
        return x * log(x / m) + m - x
    }

    /// x^a e^-x / Gamma(a + 1), the Poisson "density" at a non-integer count a with mean x.
    static func poissonTerm(count a: Double, mean x: Double) -> Double {
        if x == 0 { return a == 0 ? 1 : 0 }
        if a >= 1 {
            return exp(-stirlingError(a) - deviance(a, x)) / (2 * Double.pi * a).squareRoot()
        }
        return exp(a * log(x) - x - lgamma(a + 1))
    }

    /// log[ Gamma(a+b) / (Gamma(a) Gamma(b)) ], with the large-argument cancellation done
    /// through Stirling errors when max(a, b) >= 10.
    static func logInverseBeta(_ a: Double, _ b: Double) -> Double {
        let big = max(a, b), small = min(a, b)
        if big < 10 {
            return lgamma(a + b) - lgamma(a) - lgamma(b)
        }
        // lgamma(z) = (z - 1/2) log z - z + log sqrt(2 pi) + s(z), because Gamma(z) = Gamma(z+1)/z.
        let sum = big + small
        let ratio = (big - 0.5) * log1p(small / big) + small * log(sum) - small
            + stirlingError(sum) - stirlingError(big)
        if small >= 10 {
            return ratio - ((small - 0.5) * log(small) - small + logSqrtTwoPi + stirlingError(small))
        }
        return ratio - lgamma(small)
    }

    /// x^a y^b / B(a, b) with y = 1 - x supplied separately (so that tiny 1-x keeps its digits).
    /// For a, b >= 10 Loader's form sqrt(ab / (2 pi (a+b))) exp(-bd0(a, x(a+b)) - bd0(b, y(a+b))
    /// + s(a+b) - s(a) - s(b)) avoids the cancellation in a log x + b log y - log B(a, b).
    static func betaTerm(x: Double, y: Double, a: Double, b: Double) -> Double {
        if x == 0 || y == 0 { return 0 }
        if a >= 10 && b >= 10 {
            let n = a + b
            let exponent = -deviance(a, x * n) - deviance(b, y * n)
                + stirlingError(n) - stirlingError(a) - stirlingError(b)
            return (a * b / (2 * Double.pi * n)).squareRoot() * exp(exponent)
        }
        // log x from y when x is near 1 (and vice versa): y carries the digits there.
        let logX = x > 0.5 ? log1p(-y) : log(x)
        let logY = y > 0.5 ? log1p(-x) : log(y)
        return exp(a * logX + b * logY + logInverseBeta(a, b))
    }
}
