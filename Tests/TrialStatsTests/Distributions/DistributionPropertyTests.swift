import Foundation
import PropertyBased
import Testing
@testable import TrialStats

/// Laws every distribution must obey for any parameters: probabilities in [0, 1], the two tails adding to
/// 1, the CDF non-decreasing, and the quantile inverting the CDF (checked on the side where the tail
/// probability carries full relative precision).
@Suite struct DistributionPropertyTests {
    struct Family: Sendable, CustomStringConvertible {
        let name: String
        let cdf: @Sendable (Double, Double, Double) -> Double
        let survival: @Sendable (Double, Double, Double) -> Double
        let quantile: @Sendable (Double, Double, Double) -> Double
        /// Maps a uniform draw in [0, 1] to a point of the support for parameters (a, b).
        let point: @Sendable (Double, Double, Double) -> Double
        var description: String { name }
    }

    static let families: [Family] = [
        Family(name: "normal", cdf: { x, _, _ in Normal.cdf(x) }, survival: { x, _, _ in Normal.survival(x) },
               quantile: { p, _, _ in Normal.quantile(p) }, point: { u, _, _ in -30 + 60 * u }),
        Family(name: "chisq", cdf: { x, a, _ in ChiSquared.cdf(x, degreesOfFreedom: a) },
               survival: { x, a, _ in ChiSquared.survival(x, degreesOfFreedom: a) },
               quantile: { p, a, _ in ChiSquared.quantile(p, degreesOfFreedom: a) },
               point: { u, a, _ in a * pow(10, -3 + 5 * u) }),
        Family(name: "t", cdf: { x, a, _ in StudentT.cdf(x, degreesOfFreedom: a) },
               survival: { x, a, _ in StudentT.survival(x, degreesOfFreedom: a) },
               quantile: { p, a, _ in StudentT.quantile(p, degreesOfFreedom: a) },
               point: { u, _, _ in -50 + 100 * u }),
        Family(name: "f", cdf: { x, a, b in FDistribution.cdf(x, numeratorDegreesOfFreedom: a, denominatorDegreesOfFreedom: b) },
               survival: { x, a, b in FDistribution.survival(x, numeratorDegreesOfFreedom: a, denominatorDegreesOfFreedom: b) },
               quantile: { p, a, b in FDistribution.quantile(p, numeratorDegreesOfFreedom: a, denominatorDegreesOfFreedom: b) },
               point: { u, _, _ in pow(10, -4 + 7 * u) }),
        Family(name: "beta", cdf: { x, a, b in BetaDistribution.cdf(x, alpha: a, beta: b) },
               survival: { x, a, b in BetaDistribution.survival(x, alpha: a, beta: b) },
               quantile: { p, a, b in BetaDistribution.quantile(p, alpha: a, beta: b) },
               point: { u, _, _ in u }),
        Family(name: "gamma", cdf: { x, a, b in GammaDistribution.cdf(x, shape: a, scale: b) },
               survival: { x, a, b in GammaDistribution.survival(x, shape: a, scale: b) },
               quantile: { p, a, b in GammaDistribution.quantile(p, shape: a, scale: b) },
               point: { u, a, b in a * b * pow(10, -3 + 5 * u) }),
    ]

    /// Parameters drawn log-uniformly over 0.1 ... 1000.
    static func parameter(_ exponent: Double) -> Double { pow(10, exponent) }

    @Test(arguments: families)
    func tails_are_probabilities_that_add_to_one(_ family: Family) async {
        await propertyCheck(input: Gen.double(in: 0...1), Gen.double(in: -1...3), Gen.double(in: -1...3)) { u, ea, eb in
            let a = Self.parameter(ea), b = Self.parameter(eb)
            let x = family.point(u, a, b)
            let lower = family.cdf(x, a, b), upper = family.survival(x, a, b)
            #expect(lower >= 0 && lower <= 1 && upper >= 0 && upper <= 1)
            #expect(abs(lower + upper - 1) <= 1e-14, "\(family) x=\(x) a=\(a) b=\(b): \(lower) + \(upper)")
        }
    }

    @Test(arguments: families)
    func cdf_never_decreases(_ family: Family) async {
        await propertyCheck(input: Gen.double(in: 0...1), Gen.double(in: 0...1), Gen.double(in: -1...3), Gen.double(in: -1...3)) { u, v, ea, eb in
            let a = Self.parameter(ea), b = Self.parameter(eb)
            let x1 = family.point(min(u, v), a, b), x2 = family.point(max(u, v), a, b)
            #expect(family.cdf(x1, a, b) <= family.cdf(x2, a, b))
            #expect(family.survival(x1, a, b) >= family.survival(x2, a, b))
        }
    }

    @Test(arguments: families)
    func quantile_inverts_the_cdf(_ family: Family) async {
        await propertyCheck(input: Gen.double(in: -12...0), Gen.double(in: -1...3), Gen.double(in: -1...3), Gen.bool) { e, ea, eb, upper in
            let a = Self.parameter(ea), b = Self.parameter(eb)
            let tail = pow(10, e) / 2  // (0, 1/2]
            let p = upper ? 1 - tail : tail
            let q = family.quantile(p, a, b)
            let target = upper ? 1 - p : tail
            // q lies within one double of the exact quantile: the tail probabilities at its two neighbours
            // bracket the target (allowing the tails' own 1e-12 relative accuracy).
            let below = upper ? family.survival(q.nextDown, a, b) : family.cdf(q.nextDown, a, b)
            let above = upper ? family.survival(q.nextUp, a, b) : family.cdf(q.nextUp, a, b)
            let (small, large) = (min(below, above), max(below, above))
            #expect(small <= target * (1 + 1e-12) && large >= target * (1 - 1e-12),
                    "\(family) p=\(p) a=\(a) b=\(b): q=\(q) brackets [\(small), \(large)]")
        }
    }
}
