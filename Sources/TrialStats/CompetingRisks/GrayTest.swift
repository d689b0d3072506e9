import Foundation

/// Gray's K-sample test for equality of the cumulative incidence of one cause across groups
/// (Gray 1988, Ann. Stat. 16:1141; the crstm routine behind R's cmprsk::cuminc, rho = 0 by default).
/// At each failure time the score for group g adds w(t) [d_1g - d_1 R_g / sum_r R_r] with
/// R_g = Y_g (1 - F_1g(t-)) / S_g(t-), the subdistribution risk set, and w = (1 - F_1(t-))^rho;
/// the variance is Gray's martingale estimate, and X^2 = s' V^-1 s over the first K-1 groups is referred
/// to chi-square with K-1 df. Unstratified, as cuminc without `strata`. The p-value is the chi-square upper
/// tail computed directly (cuminc prints 1 - pchisq, which bottoms out near 1e-16).
public struct GrayTestResult: Codable, Sendable, Equatable {
    public let cause: Int
    /// nil when the variance matrix is singular (cuminc reports -1 there).
    public let chisq: Double?
    public let df: Int
    public let p: Double?
}

public enum GrayTest {
    public static func test(time: [Double], status: [Int], group: [String], cause: Int,
                            rho: Double = 0) throws(CompetingRisksError) -> GrayTestResult {
        try CompetingRisksData.validate(time: time, status: status, groups: group)
        let levels = CompetingRisksData.sortedLevels(group)
        guard levels.count >= 2 else {
            throw CompetingRisksError(field: "group", message: "has a single group; Gray's test compares two or more")
        }
        let code = Dictionary(uniqueKeysWithValues: levels.enumerated().map { ($1, $0) })
        let order = zip(time, time.indices).sorted { $0.0 < $1.0 }.map(\.1)
        let y = order.map { time[$0] }
        // 0 censored, 1 the cause of interest, 2 any other cause.
        let m = order.map { status[$0] == 0 ? 0 : (status[$0] == cause ? 1 : 2) }
        let ig = order.map { code[group[$0]]! }
        let (score, variance) = scoreAndVariance(y: y, m: m, ig: ig, ng: levels.count, rho: rho)
        let df = levels.count - 1
        guard let solved = SmallMatrix.solve(variance, score) else {
            return GrayTestResult(cause: cause, chisq: nil, df: df, p: nil)
        }
        let chisq = zip(score, solved).reduce(0) { $0 + $1.0 * $1.1 }
        return GrayTestResult(cause: cause, chisq: chisq, df: df,
                              p: ChiSquared.survival(chisq, degreesOfFreedom: Double(df)))
    }

    /// crst of cmprsk (one stratum): scores for groups 0..<ng-1 and their covariance.
    static func scoreAndVariance(y: [Double], m: [Int], ig: [Int], ng: Int, rho: Double) -> ([Double], [[Double]]) {
        let ng1 = ng - 1
        var rs = [Double](repeating: 0, count: ng)
        for g in ig { rs[g] += 1 }
        var s = [Double](repeating: 0, count: ng1)
        var v = [[Double]](repeating: [Double](repeating: 0, count: ng1), count: ng1)
        var f1m = [Double](repeating: 0, count: ng), f1 = f1m
        var skmm = [Double](repeating: 1, count: ng), skm = skmm
        var v3 = [Double](repeating: 0, count: ng)
        var v2 = [[Double]](repeating: [Double](repeating: 0, count: ng), count: ng1)
        var c = [[Double]](repeating: [Double](repeating: 0, count: ng), count: ng)
        var a = c
        var fm = 0.0, f = 0.0
        let n = y.count
        // Counts at the current time: d[0] censored, d[1] the cause, d[2] other causes, per group.
        var d = [[Double]](repeating: [Double](repeating: 0, count: ng), count: 3)
        var ll = 0
        while ll < n {
            var lu = ll
            while lu + 1 < n && y[lu + 1] == y[ll] { lu += 1 }
            for kind in 0..<3 { for g in 0..<ng { d[kind][g] = 0 } }
            var nd1 = 0.0, nd2 = 0.0
            for i in ll...lu {
                d[m[i]][ig[i]] += 1
                if m[i] == 1 { nd1 += 1 } else if m[i] == 2 { nd2 += 1 }
            }
            if nd1 > 0 || nd2 > 0 {
                var tr = 0.0, tq = 0.0
                for i in 0..<ng where rs[i] > 0 {
                    let td = d[1][i] + d[2][i]
                    skm[i] = skmm[i] * (rs[i] - td) / rs[i]
                    f1[i] = f1m[i] + skmm[i] * d[1][i] / rs[i]
                    tr += rs[i] / skmm[i]
                    tq += rs[i] * (1 - f1m[i]) / skmm[i]
                }
                f = fm + nd1 / tr
                let fb = pow(1 - fm, rho)
                for i in 0..<ng {
                    for j in i..<ng { a[i][j] = 0 }
                    guard rs[i] > 0 else { continue }
                    let t1 = rs[i] / skmm[i]
                    a[i][i] = fb * t1 * (1 - t1 / tr)
                    if a[i][i] != 0 { c[i][i] += a[i][i] * nd1 / (tr * (1 - fm)) }
                    for j in (i + 1)..<max(ng, i + 1) where rs[j] > 0 {
                        a[i][j] = -fb * t1 * rs[j] / (skmm[j] * tr)
                        if a[i][j] != 0 { c[i][j] += a[i][j] * nd1 / (tr * (1 - fm)) }
                    }
                }
                for i in 1..<ng {
                    for j in 0..<i {
                        a[i][j] = a[j][i]
                        c[i][j] = c[j][i]
                    }
                }
                for i in 0..<ng1 where rs[i] > 0 {
                    s[i] += fb * (d[1][i] - nd1 * rs[i] * (1 - f1m[i]) / (skmm[i] * tq))
                }
                if nd1 > 0 {
                    for k in 0..<ng where rs[k] > 0 {
                        let t4 = skm[k] > 0 ? 1 - (1 - f) / skm[k] : 1
                        let t5 = nd1 > 1 ? 1 - (nd1 - 1) / (tr * skmm[k] - 1) : 1
                        let t3 = t5 * skmm[k] * nd1 / (tr * rs[k])
                        v3[k] += t4 * t4 * t3
                        for i in 0..<ng1 {
                            let t1 = a[i][k] - t4 * c[i][k]
                            v2[i][k] += t1 * t4 * t3
                            for j in 0...i {
                                let t2 = a[j][k] - t4 * c[j][k]
                                v[i][j] += t1 * t2 * t3
                            }
                        }
                    }
                }
                if nd2 > 0 {
                    for k in 0..<ng where skm[k] > 0 && d[2][k] > 0 {
                        let t4 = (1 - f) / skm[k]
                        let t5 = d[2][k] > 1 ? 1 - (d[2][k] - 1) / (rs[k] - 1) : 1
                        let t3 = t5 * skmm[k] * skmm[k] * d[2][k] / (rs[k] * rs[k])
                        v3[k] += t4 * t4 * t3
                        for i in 0..<ng1 {
                            let t1 = t4 * c[i][k]
                            v2[i][k] -= t1 * t4 * t3
                            for j in 0...i {
                                let t2 = t4 * c[j][k]
                                v[i][j] += t1 * t2 * t3
                            }
                        }
                    }
                }
            }
            if lu >= n - 1 { break }
            for i in ll...lu { rs[ig[i]] -= 1 }
            fm = f
            for g in 0..<ng {
                f1m[g] = f1[g]
                skmm[g] = skm[g]
            }
            ll = lu + 1
        }
        for i in 0..<ng1 {
            for j in 0...i {
                for k in 0..<ng {
                    v[i][j] += c[i][k] * c[j][k] * v3[k] + c[i][k] * v2[j][k] + c[j][k] * v2[i][k]
                }
                v[j][i] = v[i][j]
            }
        }
        return (s, v)
    }
}
