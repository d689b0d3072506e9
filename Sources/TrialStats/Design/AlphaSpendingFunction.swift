import Foundation

/// Lan-DeMets alpha spending: the type I error spent by information fraction t in (0, 1], alpha(1) = alpha.
/// Lan & DeMets (1983, Biometrika 70:659-663) for the O'Brien-Fleming-like and Pocock-like functions,
/// Kim & DeMets (1987, Biometrics 43:857-864) for the power family, Hwang, Shih & De Cani (1990,
/// Statistics in Medicine 9:1439-1445) for the gamma family.
public enum AlphaSpendingFunction: Sendable, Equatable {
    /// 2 sided (1 - Phi(z(1 - alpha / (2 sided)) / sqrt t)): one-sided designs spend alpha as the
    /// two-sided O'Brien-Fleming-like function at level 2 alpha would on one side (the form rpact uses).
    case obrienFlemingLike
    /// alpha log(1 + (e - 1) t).
    case pocockLike
    /// alpha t^gamma, gamma > 0.
    case kimDeMets(gamma: Double)
    /// alpha (1 - exp(-gamma t)) / (1 - exp(-gamma)), alpha t when gamma = 0.
    case hwangShihDeCani(gamma: Double)

    /// Alpha spent by information fraction `t` for a design of total level `alpha` with `sided` sides.
    public func spent(alpha: Double, sided: Int, at t: Double) -> Double {
        if t <= 0 { return 0 }
        if t >= 1 { return alpha }
        switch self {
        case .obrienFlemingLike:
            let s = Double(sided)
            return 2 * s * Normal.survival(Normal.quantile(1 - alpha / (2 * s)) / t.squareRoot())
        case .pocockLike:
            return alpha * log(1 + (M_E - 1) * t)
        case .kimDeMets(let gamma):
            return alpha * pow(t, gamma)
        case .hwangShihDeCani(let gamma):
            if gamma == 0 { return alpha * t }
            return alpha * -expm1(-gamma * t) / -expm1(-gamma)
        }
    }
}
