import Foundation

/// Ordinary least squares y = X beta + e with an intercept (R's lm + summary.lm):
/// beta from the Householder QR of X (no normal equations, so collinear-ish designs keep their digits),
/// sigma^2 = RSS / (n - p), SE_j = sigma sqrt[(R'R)^-1]_jj, t_j = beta_j / SE_j, p_j = 2 P(T_{n-p} > |t_j|).
/// A column whose QR pivot falls below 1e-7 of the column's norm (R's lm tolerance) is collinear with
/// the earlier ones and the fit is refused, naming that column.
public struct LinearModelTerm: Codable, Sendable, Equatable {
    public let name: String
    public let estimate: Double
    public let standardError: Double
    public let t: Double
    public let p: Double
}

public struct LinearModelResult: Codable, Sendable, Equatable {
    public let terms: [LinearModelTerm]
    public let residualStandardError: Double
    public let residualDegreesOfFreedom: Int
    public let rSquared: Double
    public let n: Int
}

public enum LinearModel {
    /// Fits `response` on an intercept plus the named predictor columns (each of length n).
    public static func fit(response: [Double],
                           predictors: [(name: String, values: [Double])]) throws(ClassicalTestError) -> LinearModelResult {
        let n = response.count
        let p = predictors.count + 1
        try SampleChecks.requireFinite(response, field: "response", minimumCount: 1)
        for predictor in predictors {
            guard predictor.values.count == n else {
                throw ClassicalTestError(field: predictor.name, message: "has \(predictor.values.count) values; the response has \(n)")
            }
            try SampleChecks.requireFinite(predictor.values, field: predictor.name, minimumCount: 0)
        }
        guard n > p else {
            throw ClassicalTestError(field: "response", message: "\(n) observations cannot estimate \(p) coefficients with error; need more than \(p)")
        }
        let names = ["(Intercept)"] + predictors.map(\.name)
        // Column-major design matrix.
        var a = [Double](repeating: 1, count: n * p)
        for (j, predictor) in predictors.enumerated() {
            for i in 0..<n { a[(j + 1) * n + i] = predictor.values[i] }
        }
        var qty = response
        var diagonal = [Double](repeating: 0, count: p)
        for j in 0..<p {
            let columnNorm = (0..<n).reduce(0.0) { $0 + a[j * n + $1] * a[j * n + $1] }.squareRoot()
            var norm = 0.0
            for i in j..<n { norm += a[j * n + i] * a[j * n + i] }
            norm = norm.squareRoot()
            guard norm > 1e-7 * max(columnNorm, Double.leastNormalMagnitude) && columnNorm > 0 else {
                throw ClassicalTestError(field: names[j], message: "is constant or a linear combination of the columns before it; the design is singular")
            }
            let alpha = a[j * n + j] > 0 ? -norm : norm
            // Householder vector v = x - alpha e_j, stored in place.
            a[j * n + j] -= alpha
            let vNorm2 = (j..<n).reduce(0.0) { $0 + a[j * n + $1] * a[j * n + $1] }
            for k in (j + 1)..<max(p, j + 1) {
                var dot = 0.0
                for i in j..<n { dot += a[j * n + i] * a[k * n + i] }
                let factor = 2 * dot / vNorm2
                for i in j..<n { a[k * n + i] -= factor * a[j * n + i] }
            }
            var dot = 0.0
            for i in j..<n { dot += a[j * n + i] * qty[i] }
            let factor = 2 * dot / vNorm2
            for i in j..<n { qty[i] -= factor * a[j * n + i] }
            diagonal[j] = alpha
        }
        // R (upper triangle): diagonal alpha, above-diagonal entries in a[k*n + j] for k > j.
        func r(_ i: Int, _ k: Int) -> Double { i == k ? diagonal[i] : a[k * n + i] }
        var beta = [Double](repeating: 0, count: p)
        for i in stride(from: p - 1, through: 0, by: -1) {
            var sum = qty[i]
            for k in (i + 1)..<max(p, i + 1) { sum -= r(i, k) * beta[k] }
            beta[i] = sum / r(i, i)
        }
        let rss = (p..<n).reduce(0.0) { $0 + qty[$1] * qty[$1] }
        let df = n - p
        let sigma2 = rss / Double(df)
        // (R'R)^-1 = R^-1 R^-T; row i of R^-1 gives the variance factor sum_k (R^-1)_ik^2.
        var inverse = [Double](repeating: 0, count: p * p)  // row-major R^-1
        for column in 0..<p {
            for i in stride(from: column, through: 0, by: -1) {
                var sum = i == column ? 1.0 : 0.0
                for k in stride(from: i + 1, through: column, by: 1) { sum -= r(i, k) * inverse[k * p + column] }
                inverse[i * p + column] = sum / r(i, i)
            }
        }
        let meanY = SampleChecks.mean(response)
        let tss = response.reduce(0) { $0 + ($1 - meanY) * ($1 - meanY) }
        let terms = (0..<p).map { j -> LinearModelTerm in
            let factor = (j..<p).reduce(0.0) { $0 + inverse[j * p + $1] * inverse[j * p + $1] }
            let se = (sigma2 * factor).squareRoot()
            let t = beta[j] / se
            return LinearModelTerm(name: names[j], estimate: beta[j], standardError: se, t: t,
                                   p: min(1, 2 * StudentT.survival(abs(t), degreesOfFreedom: Double(df))))
        }
        return LinearModelResult(terms: terms, residualStandardError: sigma2.squareRoot(),
                                 residualDegreesOfFreedom: df, rSquared: tss > 0 ? 1 - rss / tss : .nan, n: n)
    }
}

/// Analysis of covariance for a two-or-more-arm comparison adjusted for baseline (the QLQ-C30 analysis
/// change ~ arm + baseline): the linear model with treatment contrasts for arm (first arm in sorted order
/// is the reference, terms named "arm=LEVEL") plus the baseline covariate.
public enum Ancova {
    public static func fit(outcome: [Double], arm: [String], baseline: [Double],
                           armName: String = "arm", baselineName: String = "baseline") throws(ClassicalTestError) -> LinearModelResult {
        guard arm.count == outcome.count else {
            throw ClassicalTestError(field: armName, message: "has \(arm.count) values; the outcome has \(outcome.count)")
        }
        let levels = FactorLevels.sorted(arm)
        guard levels.count >= 2 else {
            throw ClassicalTestError(field: armName, message: "has a single level; ANCOVA needs at least two arms")
        }
        var predictors: [(name: String, values: [Double])] = levels.dropFirst().map { level in
            ("\(armName)=\(level)", arm.map { $0 == level ? 1.0 : 0.0 })
        }
        predictors.append((baselineName, baseline))
        return try LinearModel.fit(response: outcome, predictors: predictors)
    }
}
