import Foundation

/// The test of proportional hazards of R's `cox.zph(fit)` (Grambsch & Therneau 1994, as computed since
/// survival 3.0): a score test, at (b_hat, 0), for adding g(t) x to the model, with g the KM transform
/// g(t) = 1 - S(t-) (pooled Kaplan-Meier, left-continuous), centred on its mean over the events.
/// Per event time, u_t = sum over deaths (x - xbar_k) and I_t = sum_k V_k (Efron's averaged means and
/// variances); the extended score is (0, sum g u_t), the extended information [[sum I_t, sum g I_t],
/// [sum g I_t, sum g^2 I_t]]. A term's chisq uses the rows of all b and of that term's g-columns;
/// the global test uses all of them, with df = number of design columns.
public struct ProportionalHazardsTest: Sendable, Codable, Hashable {
    public struct TermTest: Sendable, Codable, Hashable {
        public let name: String
        public let chisq: Double
        public let df: Int
        public let p: Double
    }

    public struct GlobalTest: Sendable, Codable, Hashable {
        public let chisq: Double
        public let df: Int
        public let p: Double
    }

    public let terms: [TermTest]
    public let global: GlobalTest
}

extension CoxProportionalHazards {
    /// cox.zph with transform "km" for this fit on the data it was fitted to; nil when the fit did not
    /// converge or the extended information is singular.
    public func proportionalHazardsTest(_ data: CoxData) -> ProportionalHazardsTest? {
        guard converged, data.eventCount > 0 else { return nil }
        let p = data.columnCount
        let beta = coefficients
        // g(t) = 1 - S(t-) from the pooled curve, centred on its mean over the events.
        guard let pooled = try? KaplanMeier.fit(times: data.time, events: data.event.map(Int.init)) else { return nil }
        func leftSurvival(_ time: Double) -> Double {
            var low = 0, high = pooled.table.count
            while low < high {
                let middle = (low + high) / 2
                if pooled.table[middle].time < time { low = middle + 1 } else { high = middle }
            }
            return low == 0 ? 1 : pooled.table[low - 1].survival
        }
        var eventTransformSum = 0.0
        for row in 0..<data.count where data.event[row] == 1 { eventTransformSum += 1 - leftSurvival(data.time[row]) }
        let transformMean = eventTransformSum / Double(data.eventCount)

        let size = 2 * p
        var information = SymmetricMatrix(size: size)
        var extendedScore = [Double](repeating: 0, count: p)
        let efron = ties == .efron
        var s1 = [Double](repeating: 0, count: p), s2 = [Double](repeating: 0, count: p * p)
        var d1 = [Double](repeating: 0, count: p), d2 = [Double](repeating: 0, count: p * p)
        var deathSum = [Double](repeating: 0, count: p)
        var mean = [Double](repeating: 0, count: p)
        var timeScore = [Double](repeating: 0, count: p)
        var timeInformation = [Double](repeating: 0, count: p * p)
        for stratum in 0..<(data.strataStarts.count - 1) {
            let start = data.strataStarts[stratum], end = data.strataStarts[stratum + 1]
            var s0 = 0.0
            for a in 0..<p { s1[a] = 0 }
            for a in 0..<(p * p) { s2[a] = 0 }
            var row = end - 1
            while row >= start {
                let t = data.time[row]
                var d0 = 0.0
                var deaths = 0
                for a in 0..<p { d1[a] = 0; deathSum[a] = 0 }
                for a in 0..<(p * p) { d2[a] = 0 }
                while row >= start && data.time[row] == t {
                    let base = row * p
                    var eta = 0.0
                    for a in 0..<p { eta += data.x[base + a] * beta[a] }
                    let risk = exp(eta)
                    s0 += risk
                    for a in 0..<p {
                        s1[a] += risk * data.x[base + a]
                        for b in 0..<p { s2[a * p + b] += risk * data.x[base + a] * data.x[base + b] }
                    }
                    if data.event[row] == 1 {
                        deaths += 1
                        d0 += risk
                        for a in 0..<p {
                            deathSum[a] += data.x[base + a]
                            d1[a] += risk * data.x[base + a]
                            for b in 0..<p { d2[a * p + b] += risk * data.x[base + a] * data.x[base + b] }
                        }
                    }
                    row -= 1
                }
                guard deaths > 0 else { continue }
                let g = 1 - leftSurvival(t) - transformMean
                for a in 0..<p { timeScore[a] = deathSum[a] }
                for a in 0..<(p * p) { timeInformation[a] = 0 }
                for k in 0..<deaths {
                    let fraction = efron && deaths > 1 ? Double(k) / Double(deaths) : 0
                    let denominator = s0 - fraction * d0
                    for a in 0..<p {
                        mean[a] = (s1[a] - fraction * d1[a]) / denominator
                        timeScore[a] -= mean[a]
                    }
                    for a in 0..<p {
                        for b in 0..<p {
                            timeInformation[a * p + b] += (s2[a * p + b] - fraction * d2[a * p + b]) / denominator - mean[a] * mean[b]
                        }
                    }
                }
                for a in 0..<p {
                    extendedScore[a] += g * timeScore[a]
                    for b in 0..<p {
                        let v = timeInformation[a * p + b]
                        information[a, b] += v
                        information[a, p + b] += g * v
                        information[p + a, b] += g * v
                        information[p + a, p + b] += g * g * v
                    }
                }
            }
        }
        let score = [Double](repeating: 0, count: p) + extendedScore
        var termTests: [ProportionalHazardsTest.TermTest] = []
        for (termIndex, name) in data.termNames.enumerated() {
            let columns = (0..<p).filter { data.termOfColumn[$0] == termIndex }
            let indices = Array(0..<p) + columns.map { $0 + p }
            guard let chisq = information.restricted(to: indices).inverseQuadraticForm(indices.map { score[$0] }) else { return nil }
            termTests.append(.init(name: name, chisq: chisq, df: columns.count,
                                   p: ChiSquared.survival(chisq, degreesOfFreedom: Double(columns.count))))
        }
        guard let globalChisq = information.inverseQuadraticForm(score) else { return nil }
        return ProportionalHazardsTest(
            terms: termTests,
            global: .init(chisq: globalChisq, df: p, p: ChiSquared.survival(globalChisq, degreesOfFreedom: Double(p))))
    }
}
