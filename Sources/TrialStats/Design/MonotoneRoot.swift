import Foundation

/// Root of a continuous function that changes sign on [lower, upper]: regula falsi with the
/// Anderson-Bjorck step-size modification (superlinear, never leaves the bracket), and a bisection step
/// whenever three steps have not halved the bracket. Used where each evaluation is a numerical
/// integration, so that a boundary costs about ten of them instead of the fifty-odd of bisection. Stops
/// when the bracket is narrower than `tolerance` (absolute), when an interpolation step moves less than
/// `tolerance`, or when the function is exactly 0.
enum MonotoneRoot {
    static func solve(lower: Double, upper: Double, tolerance: Double = 1e-13,
                      _ f: (Double) -> Double) -> Double {
        var a = lower, b = upper
        var fa = f(a), fb = f(b)
        if fa == 0 { return a }
        if fb == 0 { return b }
        // No sign change: the root lies beyond the bracket; return the nearer end.
        if (fa < 0) == (fb < 0) { return abs(fa) < abs(fb) ? a : b }
        var side = 0
        var last = Double.nan
        var widths: [Double] = [b - a]
        for _ in 0..<200 {
            if b - a <= tolerance { break }
            var c: Double
            if widths.count >= 4 && b - a > 0.5 * widths[widths.count - 4] {
                c = a + (b - a) / 2
                widths.removeAll()
                side = 0
                last = .nan
            } else {
                c = (a * fb - b * fa) / (fb - fa)
                if !(c > a && c < b) { c = a + (b - a) / 2 }
                if abs(c - last) <= tolerance { return c }
                last = c
            }
            let fc = f(c)
            if fc == 0 { return c }
            if (fc < 0) == (fb < 0) {
                // c replaces b; a is retained, and down-weighted when it was retained the step before too.
                if side == -1 {
                    let m = 1 - fc / fb
                    fa *= m > 0 ? m : 0.5
                }
                b = c; fb = fc; side = -1
            } else {
                if side == 1 {
                    let m = 1 - fc / fa
                    fb *= m > 0 ? m : 0.5
                }
                a = c; fa = fc; side = 1
            }
            widths.append(b - a)
        }
        return a + (b - a) / 2
    }
}
