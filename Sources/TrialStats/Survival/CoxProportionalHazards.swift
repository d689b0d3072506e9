import Foundation

/// Cox proportional hazards regression by Newton-Raphson on the partial likelihood, as R's
/// `coxph(Surv(t, e) ~ x + strata(s), ties = "efron")` (Cox 1972; Efron 1977; Therneau & Grambsch 2000).
///
/// Iteration as survival's coxfit6: start at b = 0, step b + I^-1 u, halve the step when the
/// log-likelihood falls, stop when |1 - L_old / L_new| <= 1e-9 (at most 20 iterations). Tests: likelihood
/// ratio 2 (L_final - L_0), Wald b' V^-1 b, score u(0)' I(0)^-1 u(0). Non-convergence is reported: when the
/// iterations run out, or when the last Newton step |(u V)_j| still exceeds sqrt(1e-9) * max(1, |b_j|)
/// (coxph's test for a coefficient drifting to infinity, e.g. separation), the affected coefficients and
/// the Wald test are nil rather than a number that depends on where the iteration stopped.
public struct CoxProportionalHazards: Sendable, Codable, Hashable {
    public enum Ties: String, Sendable, Codable, Hashable, CaseIterable {
        case efron
        case breslow
    }

    public struct Term: Sendable, Codable, Hashable {
        public let name: String
        public let coef: Double?
        public let se: Double?
        public let hr: Double?
        public let lower: Double?
        public let upper: Double?
        public let z: Double?
        public let p: Double?

        /// Encodes every key, a coefficient that is not estimable as null.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(name, forKey: .name)
            try container.encode(coef, forKey: .coef)
            try container.encode(se, forKey: .se)
            try container.encode(hr, forKey: .hr)
            try container.encode(lower, forKey: .lower)
            try container.encode(upper, forKey: .upper)
            try container.encode(z, forKey: .z)
            try container.encode(p, forKey: .p)
        }
    }

    public struct Test: Sendable, Codable, Hashable {
        public let chisq: Double
        public let df: Int
        public let p: Double

        init(chisq: Double, df: Int) {
            self.chisq = chisq
            self.df = df
            self.p = ChiSquared.survival(chisq, degreesOfFreedom: Double(df))
        }
    }

    public struct LogLikelihood: Sendable, Codable, Hashable {
        public let initial: Double
        public let final: Double
    }

    public let n: Int
    public let events: Int
    public let ties: Ties
    public let terms: [Term]
    public let logLik: LogLikelihood
    public let lrTest: Test
    public let waldTest: Test?
    public let scoreTest: Test?
    public let converged: Bool
    public let iterations: Int
    /// Why the fit is not trustworthy, in words (empty when it converged).
    public let warnings: [String]
    /// Fitted coefficients (as iterated, also when not converged) and their covariance V = I^-1.
    public let coefficients: [Double]
    public let covariance: [[Double]]

    static let convergenceTolerance = 1e-9
    static let maximumIterations = 20

    public static func fit(_ data: CoxData, ties: Ties = .efron, confidenceLevel: Double = 0.95) -> CoxProportionalHazards {
        let p = data.columnCount
        let efron = ties == .efron
        var beta = [Double](repeating: 0, count: p)
        var current = CoxRiskSets.evaluate(data, beta: beta, efron: efron)
        let initialLogLik = current.logLikelihood
        let initialStep = current.information.solve(current.score)
        let scoreStatistic = initialStep.map { zip($0, current.score).reduce(0) { $0 + $1.0 * $1.1 } }
        var warnings: [String] = []
        var converged = false
        var iterations = 0
        var bestLogLik = initialLogLik
        var newBeta = beta
        if let step = initialStep {
            newBeta = zip(beta, step).map(+)
            var halving = false
            iterations = 1
            while iterations <= maximumIterations {
                let trial = CoxRiskSets.evaluate(data, beta: newBeta, efron: efron)
                let finite = trial.logLikelihood.isFinite
                if finite && abs(1 - bestLogLik / trial.logLikelihood) <= convergenceTolerance && !halving {
                    beta = newBeta
                    current = trial
                    converged = true
                    break
                }
                if iterations == maximumIterations {
                    beta = newBeta
                    current = trial
                    break
                }
                if !finite || trial.logLikelihood < bestLogLik {
                    halving = true
                    newBeta = zip(newBeta, beta).map { ($0 + $1) / 2 }
                } else {
                    halving = false
                    bestLogLik = trial.logLikelihood
                    current = trial
                    guard let step = trial.information.solve(trial.score) else {
                        beta = newBeta
                        break
                    }
                    beta = newBeta
                    newBeta = zip(newBeta, step).map(+)
                }
                iterations += 1
            }
        } else {
            warnings.append("the information matrix at b = 0 is singular; no Newton step is possible")
        }
        if !converged && initialStep != nil && iterations >= maximumIterations {
            warnings.append("ran out of iterations (\(maximumIterations)) and did not converge")
        }
        let covarianceMatrix = current.information.inverse()
        var infinite = [Bool](repeating: false, count: p)
        if let covarianceMatrix {
            // coxph: the remaining Newton step u V; large relative to b means b_j is running to infinity.
            let tolerance = convergenceTolerance.squareRoot()
            for j in 0..<p {
                var step = 0.0
                for k in 0..<p { step += current.score[k] * covarianceMatrix[k, j] }
                if abs(step) > tolerance && abs(step) > tolerance * abs(beta[j]) { infinite[j] = true }
            }
        } else {
            infinite = [Bool](repeating: true, count: p)
            warnings.append("the information matrix at the last estimate is singular; the coefficients are not identified")
        }
        for j in 0..<p where infinite[j] && covarianceMatrix != nil {
            warnings.append("'\(data.columnNames[j])': the log-likelihood converged while the coefficient kept growing; it may be infinite (separation)")
        }
        // The stopping rule was met: coefficients not flagged as infinite are reported. Otherwise (out of
        // iterations, singular information) none is, since each would only say where the iteration stopped.
        let stoppingRuleMet = converged && covarianceMatrix != nil
        converged = stoppingRuleMet && !infinite.contains(true)
        let z = Normal.quantile(1 - (1 - confidenceLevel) / 2)
        let terms = (0..<p).map { j -> Term in
            guard stoppingRuleMet, !infinite[j], let covarianceMatrix else {
                return Term(name: data.columnNames[j], coef: nil, se: nil, hr: nil, lower: nil, upper: nil, z: nil, p: nil)
            }
            let se = covarianceMatrix[j, j].squareRoot()
            let statistic = beta[j] / se
            return Term(name: data.columnNames[j], coef: beta[j], se: se, hr: exp(beta[j]),
                        lower: exp(beta[j] - z * se), upper: exp(beta[j] + z * se),
                        z: statistic, p: 2 * Normal.survival(abs(statistic)))
        }
        var wald: Test?
        if converged, let statistic = current.information.quadraticForm(beta) {
            wald = Test(chisq: statistic, df: p)
        }
        let covariance = (0..<p).map { a in (0..<p).map { b in covarianceMatrix?[a, b] ?? .nan } }
        return CoxProportionalHazards(
            n: data.count, events: data.eventCount, ties: ties, terms: terms,
            logLik: LogLikelihood(initial: initialLogLik, final: current.logLikelihood),
            lrTest: Test(chisq: 2 * (current.logLikelihood - initialLogLik), df: p),
            waldTest: wald, scoreTest: scoreStatistic.map { Test(chisq: $0, df: p) },
            converged: converged, iterations: iterations, warnings: warnings,
            coefficients: beta, covariance: covariance)
    }
}

extension SymmetricMatrix {
    /// x' A x.
    func quadraticForm(_ x: [Double]) -> Double? {
        var total = 0.0
        for a in 0..<size { for b in 0..<size { total += x[a] * self[a, b] * x[b] } }
        return total.isFinite ? total : nil
    }
}
