import Foundation

/// Working precision of the beta continued fraction: 80-bit extended where the hardware has it.
#if (arch(x86_64) || arch(i386)) && !os(Windows)
typealias FractionReal = Float80
#else
typealias FractionReal = Double
#endif

/// Regularized incomplete beta function I_x(a, b) and its complement 1 - I_x(a, b) = I_{1-x}(b, a).
/// Continued fraction of A&S 26.5.8 by the modified Lentz method (Numerical Recipes 3rd ed. 6.4),
/// applied to whichever side of the mean (a+1)/(a+b+2) x lies on, so the smaller tail is always
/// evaluated directly; the prefactor x^a (1-x)^b / B(a,b) uses Loader's saddle-point form for large
/// a and b. The caller passes y = 1 - x separately so that a tiny 1 - x keeps all its digits.
public enum IncompleteBeta {
    public struct Tails: Sendable, Equatable {
        public let lower: Double
        public let upper: Double
    }

    public static func regularized(x: Double, a: Double, b: Double) -> Double {
        tails(x: x, y: 1 - x, a: a, b: b).lower
    }

    /// I_x(a, b) as `lower` and 1 - I_x(a, b) as `upper`, for x + y = 1.
    public static func tails(x: Double, y: Double, a: Double, b: Double) -> Tails {
        guard a > 0, b > 0, x >= 0, y >= 0, !x.isNaN, !y.isNaN, !a.isNaN, !b.isNaN else {
            return Tails(lower: .nan, upper: .nan)
        }
        if x == 0 { return Tails(lower: 0, upper: 1) }
        if y == 0 { return Tails(lower: 1, upper: 0) }
        if x < (a + 1) / (a + b + 2) {
            let lower = continuedFraction(x: x, y: y, a: a, b: b)
            return Tails(lower: lower, upper: 1 - lower)
        }
        let upper = continuedFraction(x: y, y: x, a: b, b: a)
        return Tails(lower: 1 - upper, upper: upper)
    }

    /// I_x(a, b) = x^a y^b / (a B(a,b)) * 1/(1+ d1/(1+ d2/(1+ ...))) with
    /// d_{2m+1} = -(a+m)(a+b+m)x / ((a+2m)(a+2m+1)), d_{2m} = m(b-m)x / ((a+2m-1)(a+2m))  (A&S 26.5.8).
    static func continuedFraction(x: Double, y: Double, a: Double, b: Double) -> Double {
        let prefactor = StirlingTerms.betaTerm(x: x, y: y, a: a, b: b)
        if prefactor == 0 { return 0 }
        return min(1, prefactor * Double(fractionValue(x: x, y: y, a: a, b: b)) / a)
    }

    /// The continued fraction alone. Near x = 1 with large a its partial numerators approach -1 and
    /// each Lentz update 1 + d_m D cancels; on x86-64 the recurrence runs in 80-bit extended precision,
    /// which absorbs that loss (about 3 digits for a ~ 1e5), and in double elsewhere.
    static func fractionValue(x xDouble: Double, y yDouble: Double, a aDouble: Double, b bDouble: Double) -> FractionReal {
        let x = FractionReal(xDouble), y = FractionReal(yDouble), a = FractionReal(aDouble), b = FractionReal(bDouble)
        let tiny = FractionReal(Double.leastNormalMagnitude / Double.ulpOfOne)
        let epsilon = FractionReal.ulpOfOne
        let qab = a + b, qap = a + 1, qam = a - 1
        var c: FractionReal = 1
        // 1 - (a+b)x/(a+1); when x is near 1 it is written with y = 1 - x, which keeps its digits there
        // (for small x the direct form is the exact one: the y form would cancel b against (a+b)y).
        var d = x > 0.5 ? (1 - b + qab * y) / qap : 1 - qab * x / qap
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var h = d
        var m: FractionReal = 1
        while m < 1_000_000 {
            let m2 = 2 * m
            var aa = m * (b - m) * x / ((qam + m2) * (a + m2))
            d = 1 + aa * d
            if abs(d) < tiny { d = tiny }
            c = 1 + aa / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            h *= d * c
            aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
            d = 1 + aa * d
            if abs(d) < tiny { d = tiny }
            c = 1 + aa / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) <= epsilon { break }
            m += 1
        }
        return h
    }
}
