import Foundation

/// Regularized incomplete gamma functions P(a, x) and Q(a, x) = 1 - P(a, x), a > 0, x >= 0.
/// Series for P when x < a + 1 and Legendre's continued fraction for Q otherwise (Numerical Recipes
/// 3rd ed. 6.2; Abramowitz & Stegun 6.5.29 and 6.5.31), so the smaller tail is always summed
/// directly and keeps full relative precision; the prefactor x^a e^-x / Gamma(a+1) comes from
/// Loader's saddle-point form. Iterations stop when a term no longer changes the sum in the last bit.
public enum IncompleteGamma {
    public struct Tails: Sendable, Equatable {
        public let lower: Double
        public let upper: Double
    }

    public static func regularizedP(a: Double, x: Double) -> Double { tails(a: a, x: x).lower }
    public static func regularizedQ(a: Double, x: Double) -> Double { tails(a: a, x: x).upper }

    /// Both tails, each computed so that the smaller one is never formed as 1 - (the larger).
    public static func tails(a: Double, x: Double) -> Tails {
        guard a > 0, x >= 0, !a.isNaN, !x.isNaN else { return Tails(lower: .nan, upper: .nan) }
        if x == 0 { return Tails(lower: 0, upper: 1) }
        if x == .infinity { return Tails(lower: 1, upper: 0) }
        let useContinuedFraction = x >= a + 1 || (a < 1 && x >= 1)
        if useContinuedFraction {
            let q = upperContinuedFraction(a: a, x: x)
            return Tails(lower: 1 - q, upper: q)
        }
        let p = lowerSeries(a: a, x: x)
        return Tails(lower: p, upper: 1 - p)
    }

    /// P(a, x) = x^a e^-x / Gamma(a+1) * sum_{n>=0} x^n / ((a+1)...(a+n))  (A&S 6.5.29).
    static func lowerSeries(a: Double, x: Double) -> Double {
        let prefactor = StirlingTerms.poissonTerm(count: a, mean: x)
        if prefactor == 0 { return 0 }
        var term = 1.0
        var sum = 1.0
        var denominator = a
        for _ in 0..<100_000 {
            denominator += 1
            term *= x / denominator
            sum += term
            if term <= sum * Double.ulpOfOne * 0.5 { break }
        }
        return min(1, prefactor * sum)
    }

    /// Q(a, x) = x^a e^-x / Gamma(a) * 1/(x+1-a - 1(1-a)/(x+3-a - 2(2-a)/(x+5-a - ...)))  (A&S 6.5.31),
    /// evaluated by the modified Lentz method.
    static func upperContinuedFraction(a: Double, x: Double) -> Double {
        let prefactor = a * StirlingTerms.poissonTerm(count: a, mean: x)
        if prefactor == 0 { return 0 }
        let tiny = Double.leastNormalMagnitude / Double.ulpOfOne
        var b = x + 1 - a
        var c = 1 / tiny
        var d = 1 / b
        var h = d
        var i = 1.0
        while i < 100_000 {
            let an = -i * (i - a)
            b += 2
            d = an * d + b
            if abs(d) < tiny { d = tiny }
            c = b + an / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) <= Double.ulpOfOne { break }
            i += 1
        }
        return min(1, prefactor * h)
    }
}
