import Foundation

/// The Cox partial log-likelihood, its score and information at one coefficient vector, in one backward
/// pass over the sorted rows of each stratum (risk sets grow as time decreases).
///
/// Ties: Breslow uses log L = sum_i [x_i'b - log S0(t_i)]; Efron (1977) replaces, for the k-th of d tied
/// deaths (k = 0..d-1), S0 by S0 - (k/d) D0 (D0 the deaths' own sum of exp(x'b)), and likewise S1, S2.
/// Score u = sum [x_i - S1/S0], information I = sum [S2/S0 - S1 S1'/S0^2] (Therneau & Grambsch 2000, ch. 3).
struct CoxRiskSets {
    var logLikelihood = 0.0
    var score: [Double]
    var information: SymmetricMatrix

    static func evaluate(_ data: CoxData, beta: [Double], efron: Bool) -> CoxRiskSets {
        let p = data.columnCount
        var result = CoxRiskSets(score: [Double](repeating: 0, count: p), information: SymmetricMatrix(size: p))
        var logLikelihood = 0.0
        var score = [Double](repeating: 0, count: p)
        var information = [Double](repeating: 0, count: p * p)
        var s1 = [Double](repeating: 0, count: p), s2 = [Double](repeating: 0, count: p * p)
        var d1 = [Double](repeating: 0, count: p), d2 = [Double](repeating: 0, count: p * p)
        var mean = [Double](repeating: 0, count: p)
        data.x.withUnsafeBufferPointer { x in
        data.time.withUnsafeBufferPointer { time in
        data.event.withUnsafeBufferPointer { event in
        s1.withUnsafeMutableBufferPointer { s1 in
        s2.withUnsafeMutableBufferPointer { s2 in
        d1.withUnsafeMutableBufferPointer { d1 in
        d2.withUnsafeMutableBufferPointer { d2 in
        score.withUnsafeMutableBufferPointer { score in
        information.withUnsafeMutableBufferPointer { information in
        mean.withUnsafeMutableBufferPointer { mean in
            for stratum in 0..<(data.strataStarts.count - 1) {
                let start = data.strataStarts[stratum], end = data.strataStarts[stratum + 1]
                var s0 = 0.0
                for a in 0..<p { s1[a] = 0 }
                for a in 0..<(p * p) { s2[a] = 0 }
                var row = end - 1
                while row >= start {
                    let t = time[row]
                    var d0 = 0.0
                    var deaths = 0
                    for a in 0..<p { d1[a] = 0 }
                    for a in 0..<(p * p) { d2[a] = 0 }
                    while row >= start && time[row] == t {
                        let base = row * p
                        var eta = 0.0
                        for a in 0..<p { eta += x[base + a] * beta[a] }
                        let risk = exp(eta)
                        s0 += risk
                        for a in 0..<p {
                            let rx = risk * x[base + a]
                            s1[a] += rx
                            for b in a..<p { s2[a * p + b] += rx * x[base + b] }
                        }
                        if event[row] == 1 {
                            deaths += 1
                            d0 += risk
                            logLikelihood += eta
                            for a in 0..<p {
                                let rx = risk * x[base + a]
                                score[a] += x[base + a]
                                d1[a] += rx
                                for b in a..<p { d2[a * p + b] += rx * x[base + b] }
                            }
                        }
                        row -= 1
                    }
                    guard deaths > 0 else { continue }
                    let tiedShare = efron && deaths > 1
                    for k in 0..<deaths {
                        let fraction = tiedShare ? Double(k) / Double(deaths) : 0
                        let denominator = s0 - fraction * d0
                        logLikelihood -= log(denominator)
                        for a in 0..<p {
                            mean[a] = (s1[a] - fraction * d1[a]) / denominator
                            score[a] -= mean[a]
                        }
                        for a in 0..<p {
                            for b in a..<p {
                                information[a * p + b] += (s2[a * p + b] - fraction * d2[a * p + b]) / denominator - mean[a] * mean[b]
                            }
                        }
                    }
                }
            }
        }}}}}}}}}}
        result.logLikelihood = logLikelihood
        result.score = score
        for a in 0..<p {
            for b in a..<p {
                result.information[a, b] = information[a * p + b]
                result.information[b, a] = information[a * p + b]
            }
        }
        return result
    }
}
