import Foundation

/// Aalen-Johansen cumulative incidence of each cause, per group, with the standard errors R's survfit
/// reports for a multi-state Surv(time, factor(status, 0:k)) (survival package, survfitAJ).
///
/// With Y(t) at risk, d_k(t) events of cause k and S the all-cause Kaplan-Meier:
///   F_k(t) = sum_{s <= t} S(s-) d_k(s) / Y(s).
/// Standard error: the infinitesimal jackknife, sqrt(sum_i U_ik(t)^2) with U_ik = dF_k / dw_i the
/// derivative of the estimate with respect to observation i's case weight (survfit's default for
/// multi-state curves). With dL_k = d_k/Y and subject i at risk at s:
///   dU^S_i(s) = U^S_i(s-) (1 - dL(s)) - S(s-) (dN_i(s) - dL(s)) / Y(s)
///   dU^F_ik(s) = U^F_ik(s-) + U^S_i(s-) dL_k(s) + S(s-) (dN_ik(s) - dL_k(s)) / Y(s).
/// Everyone still at risk shares one influence value, and after leaving, a subject's influence moves
/// as a + b (F_k(t) - F_k(T_i)) with b = U^S_i(T_i)/S(T_i); so the sum of squares is kept in running
/// sums and the whole curve costs one pass over the sorted times.
public struct CumulativeIncidencePoint: Codable, Sendable, Equatable {
    public let time: Double
    public let estimate: Double
    public let stdErr: Double
}

public struct CumulativeIncidenceCurve: Codable, Sendable, Equatable {
    public let group: String
    public let cause: Int
    /// One point per distinct observed time in the group (events and censorings), as survfit lists them.
    public let points: [CumulativeIncidencePoint]

    /// The step function at time t: the last point at or before t (estimate 0, stdErr 0 before the first).
    public func value(at t: Double) -> CumulativeIncidencePoint {
        var low = 0, high = points.count
        while low < high {
            let mid = (low + high) / 2
            if points[mid].time <= t { low = mid + 1 } else { high = mid }
        }
        guard low > 0 else { return CumulativeIncidencePoint(time: t, estimate: 0, stdErr: 0) }
        let point = points[low - 1]
        return CumulativeIncidencePoint(time: t, estimate: point.estimate, stdErr: point.stdErr)
    }
}

public enum CumulativeIncidence {
    /// Curves for every group (sorted as R's factor levels) and every cause 1...max(status) (or `causes`).
    public static func estimate(time: [Double], status: [Int], group: [String]? = nil,
                                causes: Int? = nil) throws(CompetingRisksError) -> [CumulativeIncidenceCurve] {
        try CompetingRisksData.validate(time: time, status: status, groups: group)
        let causeCount = causes ?? (status.max() ?? 0)
        if let causes, let row = status.firstIndex(where: { $0 > causes }) {
            throw CompetingRisksError(field: "status", row: row,
                                      message: "\(status[row]) is above the largest cause \(causes)")
        }
        guard causeCount >= 1 else {
            throw CompetingRisksError(field: "status", message: "no cause codes: use 1...k for events, 0 for censored")
        }
        let labels = group ?? [String](repeating: "all", count: time.count)
        let levels = CompetingRisksData.sortedLevels(labels)
        let code = Dictionary(uniqueKeysWithValues: levels.enumerated().map { ($1, $0) })
        let groupCode = labels.map { code[$0]! }
        // Sort once by time (pairs of time and row, no per-comparison closure lookups), then split.
        let order = zip(time, time.indices).sorted { $0.0 < $1.0 }.map(\.1)
        var curves: [CumulativeIncidenceCurve] = []
        for (levelIndex, level) in levels.enumerated() {
            var sortedTime: [Double] = [], sortedStatus: [Int] = []
            for row in order where groupCode[row] == levelIndex {
                sortedTime.append(time[row])
                sortedStatus.append(status[row])
            }
            let perCause = aalenJohansen(sortedTime, sortedStatus, causes: causeCount)
            for cause in 1...causeCount {
                curves.append(CumulativeIncidenceCurve(group: level, cause: cause, points: perCause[cause - 1]))
            }
        }
        return curves
    }

    /// One group, times sorted ascending. Buffers are allocated once; each distinct time costs O(K).
    static func aalenJohansen(_ time: [Double], _ status: [Int], causes: Int) -> [[CumulativeIncidencePoint]] {
        var result = [[CumulativeIncidencePoint]](repeating: [], count: causes)
        var atRisk = Double(time.count)
        var survival = 1.0
        var incidence = [Double](repeating: 0, count: causes)
        // Influence shared by everyone still at risk.
        var riskS = 0.0
        var riskF = [Double](repeating: 0, count: causes)
        // Running sums over subjects who have left: c_ik = a_ik - b_i F_k(T_i).
        var sumC2 = [Double](repeating: 0, count: causes)
        var sumCB = [Double](repeating: 0, count: causes)
        var sumB2 = 0.0
        var deaths = [Double](repeating: 0, count: causes)
        var stayF = [Double](repeating: 0, count: causes)
        var start = 0
        while start < time.count {
            var end = start
            while end + 1 < time.count && time[end + 1] == time[start] { end += 1 }
            for k in 0..<causes { deaths[k] = 0 }
            var censored = 0.0
            for index in start...end {
                if status[index] == 0 { censored += 1 } else { deaths[status[index] - 1] += 1 }
            }
            var totalDeaths = 0.0
            for k in 0..<causes { totalDeaths += deaths[k] }
            let hazard = totalDeaths / atRisk
            let before = survival
            // Influence of a subject who stays (or is censored here) and of one who fails.
            let stayS = riskS * (1 - hazard) + before * hazard / atRisk
            let failS = riskS * (1 - hazard) - before * (1 - hazard) / atRisk
            survival = before * (1 - hazard)
            for k in 0..<causes {
                let causeHazard = deaths[k] / atRisk
                stayF[k] = riskF[k] + riskS * causeHazard - before * causeHazard / atRisk
                incidence[k] += before * causeHazard
            }
            // Subjects leaving now: the censored (influence stayS, stayF) and those failing from cause j
            // (failS, and stayF plus S(t-)/Y in component j).
            let bStay = survival > 0 ? stayS / survival : 0
            let bFail = survival > 0 ? failS / survival : 0
            sumB2 += censored * bStay * bStay + totalDeaths * bFail * bFail
            let jump = before / atRisk
            for k in 0..<causes {
                let cStay = stayF[k] - bStay * incidence[k]
                let cFailOther = stayF[k] - bFail * incidence[k]
                let cFailOwn = cFailOther + jump
                let others = totalDeaths - deaths[k]
                sumC2[k] += censored * cStay * cStay + others * cFailOther * cFailOther
                    + deaths[k] * cFailOwn * cFailOwn
                sumCB[k] += censored * cStay * bStay + others * cFailOther * bFail + deaths[k] * cFailOwn * bFail
            }
            atRisk -= totalDeaths + censored
            riskS = stayS
            for k in 0..<causes {
                riskF[k] = stayF[k]
                // A probability: the running sum of S(t-) d/Y can exceed 1 by an ulp when one cause takes everyone.
                let f = min(incidence[k], 1)
                let variance = atRisk * riskF[k] * riskF[k] + sumC2[k] + 2 * f * sumCB[k] + f * f * sumB2
                result[k].append(CumulativeIncidencePoint(time: time[start], estimate: f,
                                                          stdErr: max(0, variance).squareRoot()))
            }
            start = end + 1
        }
        return result
    }
}
