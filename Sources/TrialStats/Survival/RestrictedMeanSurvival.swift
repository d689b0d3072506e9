import Foundation

/// Restricted mean survival time: the area under the Kaplan-Meier curve from 0 to tau, with the
/// standard error R prints for `print(fit, rmean = tau)`:
/// var = sum over event times t_i <= tau of (integral of S from t_i to tau)^2 d_i / (n_i (n_i - d_i))
/// (Klein & Moeschberger 2003, sec. 4.5; survival's survmean). A term with n_i = d_i contributes 0.
public struct RestrictedMeanSurvival: Sendable, Codable, Hashable {
    public let tau: Double
    public let estimate: Double
    public let se: Double
}

extension KaplanMeier {
    public func restrictedMean(tau: Double) -> RestrictedMeanSurvival {
        let kept = table.prefix { $0.time <= tau }
        guard !kept.isEmpty else { return RestrictedMeanSurvival(tau: tau, estimate: tau, se: 0) }
        // Rectangles: (t_1 - 0) * 1, (t_k - t_{k-1}) * S_{k-1}, (tau - t_m) * S_m.
        var rectangles: [Double] = []
        rectangles.reserveCapacity(kept.count + 1)
        var previousTime = 0.0
        var previousSurvival = 1.0
        for row in kept {
            rectangles.append((row.time - previousTime) * previousSurvival)
            previousTime = row.time
            previousSurvival = row.survival
        }
        rectangles.append((tau - previousTime) * previousSurvival)
        let estimate = rectangles.reduce(0, +)
        var variance = 0.0
        var areaAfter = 0.0
        for (index, row) in kept.enumerated().reversed() {
            areaAfter += rectangles[index + 1]
            let atRisk = Double(row.nRisk), died = Double(row.nEvent)
            if row.nEvent > 0 && row.nRisk > row.nEvent {
                variance += areaAfter * areaAfter * died / (atRisk * (atRisk - died))
            }
        }
        return RestrictedMeanSurvival(tau: tau, estimate: estimate, se: variance.squareRoot())
    }
}

/// Difference in restricted mean survival time between two arms at the same tau (second arm minus first),
/// with the variance the sum of the two independent arms' variances and a normal-theory interval and p.
public struct RestrictedMeanDifference: Sendable, Codable, Hashable {
    public struct Arm: Sendable, Codable, Hashable {
        public let group: String
        public let estimate: Double
        public let se: Double
    }

    public let tau: Double
    public let groups: [Arm]
    public let estimate: Double
    public let se: Double
    public let lower: Double
    public let upper: Double
    public let p: Double

    /// `groups` labels each observation; exactly two distinct labels, ordered as `levels` (the first is the reference).
    public static func compare(
        times: [Double], events: [Int], groups: [String], levels: [String], tau: Double, confidenceLevel: Double = 0.95
    ) throws(SurvivalInputError) -> RestrictedMeanDifference {
        try SurvivalInputError.validate(times: times, events: events, extra: [("groups", groups.count)])
        guard levels.count == 2 else {
            throw SurvivalInputError(argument: "groups", message: "has \(levels.count) groups; the RMST difference needs exactly 2")
        }
        guard tau > 0 && tau.isFinite else {
            throw SurvivalInputError(argument: "tau", message: "\(tau) must be a positive time")
        }
        var arms: [Arm] = []
        for level in levels {
            let members = groups.indices.filter { groups[$0] == level }
            guard !members.isEmpty else {
                throw SurvivalInputError(argument: "groups", message: "group '\(level)' has no observations")
            }
            let curve = try KaplanMeier.fit(times: members.map { times[$0] }, events: members.map { events[$0] })
            let mean = curve.restrictedMean(tau: tau)
            arms.append(Arm(group: level, estimate: mean.estimate, se: mean.se))
        }
        let difference = arms[1].estimate - arms[0].estimate
        let se = (arms[0].se * arms[0].se + arms[1].se * arms[1].se).squareRoot()
        let z = Normal.quantile(1 - (1 - confidenceLevel) / 2)
        let p = se > 0 ? 2 * Normal.survival(abs(difference / se)) : (difference == 0 ? 1 : 0)
        return RestrictedMeanDifference(tau: tau, groups: arms, estimate: difference, se: se,
                                        lower: difference - z * se, upper: difference + z * se, p: p)
    }
}
