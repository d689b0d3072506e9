import Foundation

/// Fine-Gray proportional subdistribution hazards regression for one cause (Fine & Gray 1999, JASA
/// 94:496), as R's cmprsk::crr computes it (routines crrfsv and crrvv, one censoring group, fixed
/// covariates):
/// - the risk set at a failure time t keeps everyone with T_j >= t plus those who failed from another
///   cause before t, the latter weighted by G(t-)/G(T_j-), G the Kaplan-Meier of the censoring times;
/// - beta maximises the weighted partial likelihood by Newton-Raphson with step halving (crr's
///   backtracking rule), to a gradient tolerance far below crr's default;
/// - its variance is the sandwich H^-1 Q H^-1 with H the information and Q the empirical variance of
///   the score contributions eta_i + psi_i, psi_i the term for estimating G (Fine & Gray, section 3).
/// Hazard ratio exp(beta), Wald z = beta/SE, p = 2 P(Z > |z|), CI exp(beta -/+ z_{1-alpha/2} SE).
/// Each observation loop below is rewritten from crr's O(n^3) form into running sums, O(n^2) overall.
public struct FineGrayTerm: Codable, Sendable, Equatable {
    public let name: String
    public let coef: Double
    public let se: Double
    public let hr: Double
    public let lower: Double
    public let upper: Double
    public let z: Double
    public let p: Double
}

public struct FineGrayResult: Codable, Sendable, Equatable {
    public let cause: Int
    public let n: Int
    public let events: Int
    public let converged: Bool
    public let iterations: Int
    public let terms: [FineGrayTerm]
}

public enum FineGrayRegression {
    public static func fit(time: [Double], status: [Int], covariates: [(name: String, values: [Double])],
                           cause: Int = 1, confidenceLevel: Double = 0.95,
                           maxIterations: Int = 100) throws(CompetingRisksError) -> FineGrayResult {
        try CompetingRisksData.validate(time: time, status: status)
        guard confidenceLevel > 0 && confidenceLevel < 1 else {
            throw CompetingRisksError(field: "confidenceLevel", message: "must lie strictly between 0 and 1")
        }
        guard !covariates.isEmpty else {
            throw CompetingRisksError(field: "covariates", message: "name at least one covariate")
        }
        for covariate in covariates {
            guard covariate.values.count == time.count else {
                throw CompetingRisksError(field: covariate.name, message: "has \(covariate.values.count) values; time has \(time.count)")
            }
            if let row = covariate.values.firstIndex(where: { !$0.isFinite }) {
                throw CompetingRisksError(field: covariate.name, row: row, message: "\(covariate.values[row]) is not a finite number")
            }
            if Set(covariate.values).count < 2 {
                throw CompetingRisksError(field: covariate.name, message: "is constant, so its coefficient cannot be estimated")
            }
        }
        let order = time.indices.sorted { time[$0] < time[$1] }
        let data = SubdistributionData(
            t: order.map { time[$0] },
            ici: order.map { status[$0] == 0 ? 0 : (status[$0] == cause ? 1 : 2) },
            x: order.map { i in covariates.map { $0.values[i] } })
        let events = data.ici.filter { $0 == 1 }.count
        guard events > 0 else {
            throw CompetingRisksError(field: "status", message: "no events of cause \(cause), so nothing to regress")
        }
        let np = covariates.count
        var beta = [Double](repeating: 0, count: np)
        var converged = false
        var iterations = 0
        var current = data.likelihoodScoreInformation(beta)
        while iterations <= maxIterations {
            // crr's stopping rule, with tolerance 1e-12 in place of its default 1e-6.
            let gradient = zip(current.score, beta).map { abs($0) * max(abs($1), 1) }.max() ?? 0
            if gradient < max(abs(current.negativeLogLikelihood), 1) * 1e-12 {
                converged = true
                break
            }
            if iterations == maxIterations { break }
            guard var step = SmallMatrix.solve(current.information, current.score.map { -$0 }) else {
                throw CompetingRisksError(field: "covariates", message: "the information matrix is singular; a covariate is collinear or separates the events")
            }
            // A Newton step below 1e-12 of the coefficients is the optimum to double precision, even where
            // the gradient test cannot be met (a log-likelihood in the thousands leaves rounding noise
            // in the gradient above 1e-12 of it).
            let stepSize = zip(step, beta).map { abs($0) / max(abs($1), 1) }.max() ?? 0
            if stepSize <= 1e-12 {
                converged = true
                break
            }
            let slope = zip(step, current.score).reduce(0) { $0 + $1.0 * $1.1 }
            var halvings = 0
            var candidate = zip(beta, step).map { $0 + $1 }
            var next = data.likelihoodScoreInformation(candidate)
            while !(next.negativeLogLikelihood <= current.negativeLogLikelihood + 1e-4 * slope * pow(0.5, Double(halvings))) {
                halvings += 1
                if halvings > 20 { break }
                step = step.map { $0 * 0.5 }
                candidate = zip(beta, step).map { $0 + $1 }
                next = data.likelihoodScoreInformation(candidate)
            }
            iterations += 1
            if halvings > 20 {
                // No step along the Newton direction lowers the likelihood beyond rounding: at the optimum
                // when that direction is itself negligible (crr stops here too, flagging non-convergence).
                converged = stepSize <= 1e-8
                break
            }
            if candidate == beta {
                converged = true
                break
            }
            beta = candidate
            current = next
        }
        if !converged {
            throw CompetingRisksError(field: "covariates", message: "the Fine-Gray fit did not converge in \(maxIterations) Newton steps (the estimate may be infinite, e.g. a covariate level with no events)")
        }
        let information = current.information
        guard let inverse = SmallMatrix.inverse(information) else {
            throw CompetingRisksError(field: "covariates", message: "the information matrix is singular at the estimate")
        }
        let scoreVariance = data.scoreVariance(beta)
        var sandwich = [[Double]](repeating: [Double](repeating: 0, count: np), count: np)
        for i in 0..<np {
            for j in 0..<np {
                var sum = 0.0
                for k in 0..<np { for l in 0..<np { sum += inverse[i][k] * scoreVariance[k][l] * inverse[j][l] } }
                sandwich[i][j] = sum
            }
        }
        let critical = Normal.quantile(1 - (1 - confidenceLevel) / 2)
        let terms = (0..<np).map { j -> FineGrayTerm in
            let se = sandwich[j][j].squareRoot()
            let z = beta[j] / se
            return FineGrayTerm(name: covariates[j].name, coef: beta[j], se: se, hr: exp(beta[j]),
                                lower: exp(beta[j] - critical * se), upper: exp(beta[j] + critical * se),
                                z: z, p: min(1, 2 * Normal.survival(abs(z))))
        }
        return FineGrayResult(cause: cause, n: time.count, events: events, converged: converged,
                              iterations: iterations, terms: terms)
    }
}

/// Sorted data for the subdistribution likelihood: t ascending, ici 0 censored / 1 cause / 2 other
/// cause, x covariate rows, g the censoring survival G(t_i-) (crr's uuu: the Kaplan-Meier of censoring
/// evaluated just before each time).
struct SubdistributionData {
    let t: [Double]
    let ici: [Int]
    let x: [[Double]]
    let g: [Double]

    init(t: [Double], ici: [Int], x: [[Double]]) {
        self.t = t
        self.ici = ici
        self.x = x
        var g = [Double](repeating: 1, count: t.count)
        var survival = 1.0
        var atRisk = Double(t.count)
        var start = 0
        while start < t.count {
            var end = start
            var censored = 0.0
            while end + 1 < t.count && t[end + 1] == t[start] { end += 1 }
            for i in start...end {
                g[i] = survival
                if ici[i] == 0 { censored += 1 }
            }
            survival *= (atRisk - censored) / atRisk
            atRisk -= Double(end - start + 1)
            start = end + 1
        }
        self.g = g
    }

    var np: Int { x.first?.count ?? 0 }

    func linearPredictor(_ i: Int, _ beta: [Double]) -> Double {
        var sum = 0.0
        for j in 0..<beta.count { sum += x[i][j] * beta[j] }
        return sum
    }

    struct Fit {
        let negativeLogLikelihood: Double
        /// Gradient of the negative log-likelihood (crr minimises).
        let score: [Double]
        let information: [[Double]]
    }

    /// crrfsv: negative log partial likelihood, its gradient and Hessian. Risk-set sums are accumulated
    /// from the last time backwards (subjects with T >= t) plus the other-cause failures before t,
    /// whose weight exp(x b)/G(T_j-) is summed once and scaled by G(t-).
    func likelihoodScoreInformation(_ beta: [Double]) -> Fit {
        let n = t.count, p = beta.count
        let risk = (0..<n).map { exp(linearPredictor($0, beta)) }
        var likelihood = 0.0
        var score = [Double](repeating: 0, count: p)
        var information = [[Double]](repeating: [Double](repeating: 0, count: p), count: p)
        // Sums over T_j >= t (built from the end) and over other-cause failures with T_j < t
        // (weights exp(x b) / G(T_j-), built from the start).
        var later0 = 0.0, later1 = [Double](repeating: 0, count: p)
        var later2 = [[Double]](repeating: [Double](repeating: 0, count: p), count: p)
        var prior0 = [Double](repeating: 0, count: n + 1)
        var prior1 = [[Double]](repeating: [Double](repeating: 0, count: p), count: n + 1)
        var prior2 = [[[Double]]](repeating: [[Double]](repeating: [Double](repeating: 0, count: p), count: p), count: n + 1)
        // prior sums up to (not including) the tie group starting at index i.
        var index = 0
        var groupStarts: [Int] = []
        while index < n {
            var end = index
            while end + 1 < n && t[end + 1] == t[index] { end += 1 }
            groupStarts.append(index)
            index = end + 1
        }
        var running0 = 0.0, running1 = [Double](repeating: 0, count: p)
        var running2 = [[Double]](repeating: [Double](repeating: 0, count: p), count: p)
        for (position, start) in groupStarts.enumerated() {
            prior0[start] = running0
            prior1[start] = running1
            prior2[start] = running2
            let end = position + 1 < groupStarts.count ? groupStarts[position + 1] : n
            for j in start..<end where ici[j] == 2 {
                let w = risk[j] / g[j]
                running0 += w
                for a in 0..<p {
                    running1[a] += w * x[j][a]
                    for b in 0..<p { running2[a][b] += w * x[j][a] * x[j][b] }
                }
            }
        }
        for (position, start) in groupStarts.enumerated().reversed() {
            let end = position + 1 < groupStarts.count ? groupStarts[position + 1] : n
            for j in start..<end {
                later0 += risk[j]
                for a in 0..<p {
                    later1[a] += risk[j] * x[j][a]
                    for b in 0..<p { later2[a][b] += risk[j] * x[j][a] * x[j][b] }
                }
            }
            let failures = (start..<end).filter { ici[$0] == 1 }
            if failures.isEmpty { continue }
            let scale = g[start]
            let s0 = later0 + scale * prior0[start]
            var s1 = later1
            var s2 = later2
            for a in 0..<p {
                s1[a] += scale * prior1[start][a]
                for b in 0..<p { s2[a][b] += scale * prior2[start][a][b] }
            }
            let count = Double(failures.count)
            for i in failures {
                likelihood -= linearPredictor(i, beta)
                for a in 0..<p { score[a] -= x[i][a] }
            }
            likelihood += count * log(s0)
            for a in 0..<p {
                score[a] += count * s1[a] / s0
                for b in 0..<p {
                    information[a][b] += count * (s2[a][b] / s0 - s1[a] * s1[b] / (s0 * s0))
                }
            }
        }
        return Fit(negativeLogLikelihood: likelihood, score: score, information: information)
    }

    /// crrvv's Q: sum over subjects of (eta_i + psi_i)(eta_i + psi_i)', eta_i the subject's score
    /// residual (its dN part minus its share of each failure's risk-set mean) and psi_i the term from
    /// estimating the censoring distribution.
    func scoreVariance(_ beta: [Double]) -> [[Double]] {
        let n = t.count, p = beta.count
        let risk = (0..<n).map { exp(linearPredictor($0, beta)) }
        // Risk-set sums S0, S1 at each failure i (crrvv's xb).
        var s0 = [Double](repeating: 0, count: n)
        var s1 = [[Double]](repeating: [Double](repeating: 0, count: p), count: n)
        for i in 0..<n where ici[i] == 1 {
            for j in 0..<n {
                let w: Double
                if t[j] < t[i] {
                    if ici[j] <= 1 { continue }
                    w = risk[j] * g[i] / g[j]
                } else {
                    w = risk[j]
                }
                s0[i] += w
                for a in 0..<p { s1[i][a] += w * x[j][a] }
            }
        }
        var q = [[Double]](repeating: [Double](repeating: 0, count: p), count: p)
        var atRisk = Double(n)
        var firstOfGroup = 0
        var censoringTerm = [Double](repeating: 0, count: p)   // crrvv's ss2
        var qu = [Double](repeating: 0, count: p)
        for i in 0..<n {
            var eta = [Double](repeating: 0, count: p)
            for j in 0..<n where ici[j] == 1 {
                let w: Double
                if t[j] <= t[i] {
                    w = risk[i]
                } else if ici[i] > 1 {
                    w = risk[i] * g[j] / g[i]
                } else {
                    continue
                }
                for a in 0..<p { eta[a] -= (x[i][a] - s1[j][a] / s0[j]) * w / s0[j] }
            }
            if ici[i] == 1 {
                for a in 0..<p { eta[a] += x[i][a] - s1[i][a] / s0[i] }
            }
            let startsGroup = i == 0 || t[i] > t[i - 1]
            if startsGroup {
                var groupEnd = i
                while groupEnd + 1 < n && t[groupEnd + 1] == t[i] { groupEnd += 1 }
                let censoredHere = (i...groupEnd).filter { ici[$0] == 0 }.count
                if censoredHere > 0 || groupEnd == n - 1 {
                    // q(u) at u = t_i: integral over failures at or after t_i of the other-cause
                    // failures before t_i, centred at the failure's risk-set mean.
                    var other0 = 0.0
                    var other1 = [Double](repeating: 0, count: p)
                    for j2 in 0..<n {
                        if t[j2] >= t[i] { break }
                        if ici[j2] <= 1 { continue }
                        let w = risk[j2] / g[j2]
                        other0 += w
                        for a in 0..<p { other1[a] += w * x[j2][a] }
                    }
                    qu = [Double](repeating: 0, count: p)
                    for j1 in firstOfGroup..<n where ici[j1] == 1 {
                        for a in 0..<p {
                            qu[a] += g[j1] * (other1[a] - s1[j1][a] * other0 / s0[j1]) / s0[j1]
                        }
                    }
                    for _ in 0..<censoredHere {
                        for a in 0..<p { censoringTerm[a] -= qu[a] / (atRisk * atRisk) }
                    }
                }
            }
            var psi = censoringTerm
            if ici[i] == 0 {
                for a in 0..<p { psi[a] += qu[a] / atRisk }
            }
            for a in 0..<p { eta[a] += psi[a] }
            for a in 0..<p { for b in 0..<p { q[a][b] += eta[a] * eta[b] } }
            if i < n - 1 && t[i + 1] > t[i] {
                atRisk -= Double(i - firstOfGroup + 1)
                firstOfGroup = i + 1
            }
        }
        return q
    }
}
