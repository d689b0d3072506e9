import Foundation

/// Two-sample t-test of mean(x) - mean(y) = 0, two-sided (R's t.test).
/// Welch (default, var.equal = FALSE): SE = sqrt(s_x^2/n_x + s_y^2/n_y), df by Welch-Satterthwaite
/// SE^4 / [(s_x^2/n_x)^2/(n_x-1) + (s_y^2/n_y)^2/(n_y-1)].
/// Student (var.equal = TRUE): pooled s^2 = [(n_x-1)s_x^2 + (n_y-1)s_y^2]/(n_x+n_y-2),
/// SE = s sqrt(1/n_x + 1/n_y), df = n_x + n_y - 2.
/// t = difference / SE, p = 2 P(T_df > |t|), CI = difference -/+ t_{df, 1-alpha/2} SE.
public struct TTestResult: Codable, Sendable, Equatable {
    public let statistic: Double
    public let degreesOfFreedom: Double
    public let p: Double
    public let meanX: Double
    public let meanY: Double
    public let difference: Double
    public let standardError: Double
    public let lower: Double
    public let upper: Double
    public let equalVariances: Bool
}

public enum TwoSampleTTest {
    public static func test(_ x: [Double], _ y: [Double], equalVariances: Bool = false,
                            confidenceLevel: Double = 0.95) throws(ClassicalTestError) -> TTestResult {
        try SampleChecks.requireFinite(x, field: "x", minimumCount: 2)
        try SampleChecks.requireFinite(y, field: "y", minimumCount: 2)
        guard confidenceLevel > 0 && confidenceLevel < 1 else {
            throw ClassicalTestError(field: "confidenceLevel", message: "must lie strictly between 0 and 1")
        }
        let nx = Double(x.count), ny = Double(y.count)
        let mx = SampleChecks.mean(x), my = SampleChecks.mean(y)
        let vx = SampleChecks.variance(x, mean: mx), vy = SampleChecks.variance(y, mean: my)
        let standardError: Double
        let df: Double
        if equalVariances {
            df = nx + ny - 2
            let pooled = ((nx - 1) * vx + (ny - 1) * vy) / df
            standardError = (pooled * (1 / nx + 1 / ny)).squareRoot()
        } else {
            let ex = vx / nx, ey = vy / ny
            standardError = (ex + ey).squareRoot()
            df = (ex + ey) * (ex + ey) / (ex * ex / (nx - 1) + ey * ey / (ny - 1))
        }
        guard standardError > 0 else {
            throw ClassicalTestError(field: "x, y", message: "both samples are constant, so the t statistic is undefined")
        }
        let difference = mx - my
        let t = difference / standardError
        let critical = StudentT.quantile(1 - (1 - confidenceLevel) / 2, degreesOfFreedom: df)
        return TTestResult(
            statistic: t, degreesOfFreedom: df,
            p: min(1, 2 * StudentT.survival(abs(t), degreesOfFreedom: df)),
            meanX: mx, meanY: my, difference: difference, standardError: standardError,
            lower: difference - critical * standardError, upper: difference + critical * standardError,
            equalVariances: equalVariances)
    }
}

/// Input checks and moments shared by the sample-based tests.
enum SampleChecks {
    static func requireFinite(_ values: [Double], field: String, minimumCount: Int) throws(ClassicalTestError) {
        if let index = values.firstIndex(where: { !$0.isFinite }) {
            throw ClassicalTestError(field: "\(field)[\(index)]", message: "value \(values[index]) is not a finite number")
        }
        guard values.count >= minimumCount else {
            throw ClassicalTestError(field: field, message: "has \(values.count) values; at least \(minimumCount) are needed")
        }
    }

    static func mean(_ values: [Double]) -> Double {
        values.reduce(0, +) / Double(values.count)
    }

    /// Sample variance with divisor n - 1, two-pass for accuracy.
    static func variance(_ values: [Double], mean: Double) -> Double {
        values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count - 1)
    }
}
