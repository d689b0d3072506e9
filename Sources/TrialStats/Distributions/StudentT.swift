import Foundation

/// Student's t distribution with nu > 0 degrees of freedom (R's pt/qt).
/// P(T <= -|t|) = I_x(nu/2, 1/2) / 2 with x = nu/(nu + t^2) (A&S 26.7.1); 1 - x = t^2/(nu + t^2) is
/// formed directly so neither tail loses digits. Quantile by log-tail Newton from a Cornish-Fisher
/// start (A&S 26.7.5) or, when that is too timid, the power-law tail start from the density's
/// leading term, whichever is nearer the centre.
public enum StudentT {
    public static func density(_ t: Double, degreesOfFreedom nu: Double) -> Double {
        guard nu > 0, !t.isNaN else { return .nan }
        if t.isInfinite { return 0 }
        // Gamma((nu+1)/2) / (sqrt(nu pi) Gamma(nu/2)) = 1 / (sqrt(nu) B(nu/2, 1/2)).
        let logConstant = StirlingTerms.logInverseBeta(nu / 2, 0.5) - 0.5 * log(nu)
        return exp(logConstant - (nu + 1) / 2 * log1p(t * t / nu))
    }

    public static func cdf(_ t: Double, degreesOfFreedom nu: Double) -> Double {
        tails(t, degreesOfFreedom: nu).lower
    }

    public static func survival(_ t: Double, degreesOfFreedom nu: Double) -> Double {
        tails(t, degreesOfFreedom: nu).upper
    }

    static func tails(_ t: Double, degreesOfFreedom nu: Double) -> (lower: Double, upper: Double) {
        guard nu > 0, !t.isNaN else { return (.nan, .nan) }
        if t == -.infinity { return (0, 1) }
        if t == .infinity { return (1, 0) }
        if t == 0 { return (0.5, 0.5) }
        let x: Double, y: Double
        if t * t > nu {
            let u = (nu / t) / t
            x = u / (1 + u)
            y = 1 / (1 + u)
        } else {
            let w = (t / nu) * t
            x = 1 / (1 + w)
            y = w / (1 + w)
        }
        let beta = IncompleteBeta.tails(x: x, y: y, a: nu / 2, b: 0.5)
        let farTail = 0.5 * beta.lower
        let nearTail = 0.5 + 0.5 * beta.upper
        return t < 0 ? (farTail, nearTail) : (nearTail, farTail)
    }

    public static func quantile(_ p: Double, degreesOfFreedom nu: Double) -> Double {
        guard nu > 0, !p.isNaN else { return .nan }
        // Symmetric about 0: solve the lower half only, so q(1-p) = -q(p) exactly.
        if p == 0.5 { return 0 }
        if p > 0.5 && p < 1 { return -quantile(1 - p, degreesOfFreedom: nu) }
        let solver = QuantileSolver(
            lowerBound: -.infinity, upperBound: .infinity,
            tails: { tails($0, degreesOfFreedom: nu) },
            density: { density($0, degreesOfFreedom: nu) })
        return solver.solve(probability: p, start: start(p, degreesOfFreedom: nu))
    }

    static func start(_ p: Double, degreesOfFreedom nu: Double) -> Double {
        guard p > 0 && p < 1 else { return 0 }
        let tail = min(p, 1 - p)
        let sign: Double = p < 0.5 ? -1 : 1
        let z = abs(Normal.quantile(tail))
        let z2 = z * z
        var cornishFisher = z + (z2 + 1) * z / (4 * nu)
        cornishFisher += ((5 * z2 + 16) * z2 + 3) * z / (96 * nu * nu)
        cornishFisher += (((3 * z2 + 19) * z2 + 17) * z2 - 15) * z / (384 * nu * nu * nu)
        // P(T < -t) ~ K nu^((nu-1)/2) t^-nu for large t, K = Gamma((nu+1)/2) / (sqrt(nu pi) Gamma(nu/2)).
        let logK = StirlingTerms.logInverseBeta(nu / 2, 0.5) - 0.5 * log(nu)
        let powerLaw = exp((logK + (nu - 1) / 2 * log(nu) - log(tail)) / nu)
        let magnitude = cornishFisher > 0 ? min(cornishFisher, powerLaw) : powerLaw
        return sign * magnitude
    }
}
