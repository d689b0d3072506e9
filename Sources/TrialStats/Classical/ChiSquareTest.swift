import Foundation

/// Pearson's chi-square test of independence for an r x c table of counts (R's chisq.test):
/// E_ij = row_i col_j / N, X^2 = sum (|O - E| - Y)^2 / E with df = (r-1)(c-1), p = P(chi2_df > X^2).
/// Yates' continuity correction Y = min(1/2, |O - E|) applies only to 2x2 tables and only when
/// `continuityCorrection` is true (R's default correct = TRUE); otherwise Y = 0.
public struct ChiSquareTestResult: Codable, Sendable, Equatable {
    public let statistic: Double
    public let degreesOfFreedom: Int
    public let p: Double
    public let expected: [[Double]]
    public let continuityCorrected: Bool
}

public enum ChiSquareTest {
    public static func test(_ table: [[Double]],
                            continuityCorrection: Bool = true) throws(ClassicalTestError) -> ChiSquareTestResult {
        let rows = table.count
        guard rows >= 2, let columns = table.first?.count, columns >= 2 else {
            throw ClassicalTestError(field: "table", message: "needs at least 2 rows and 2 columns")
        }
        for (i, row) in table.enumerated() {
            guard row.count == columns else {
                throw ClassicalTestError(field: "table[\(i)]", message: "has \(row.count) cells; every row needs \(columns)")
            }
            for (j, value) in row.enumerated() where !(value >= 0) || !value.isFinite {
                throw ClassicalTestError(field: "table[\(i)][\(j)]", message: "count \(value) must be finite and 0 or more")
            }
        }
        let rowTotals = table.map { $0.reduce(0, +) }
        let columnTotals = (0..<columns).map { j in table.reduce(0) { $0 + $1[j] } }
        let total = rowTotals.reduce(0, +)
        if let i = rowTotals.firstIndex(of: 0) {
            throw ClassicalTestError(field: "table[\(i)]", message: "row total is 0, so its expected counts are 0")
        }
        if let j = columnTotals.firstIndex(of: 0) {
            throw ClassicalTestError(field: "table column \(j)", message: "column total is 0, so its expected counts are 0")
        }
        let expected = rowTotals.map { r in columnTotals.map { r * $0 / total } }
        let corrected = continuityCorrection && rows == 2 && columns == 2
        var statistic = 0.0
        for i in 0..<rows {
            for j in 0..<columns {
                let deviation = abs(table[i][j] - expected[i][j])
                let adjusted = corrected ? deviation - min(0.5, deviation) : deviation
                statistic += adjusted * adjusted / expected[i][j]
            }
        }
        let df = (rows - 1) * (columns - 1)
        return ChiSquareTestResult(
            statistic: statistic, degreesOfFreedom: df,
            p: ChiSquared.survival(statistic, degreesOfFreedom: Double(df)),
            expected: expected, continuityCorrected: corrected)
    }
}
