import Foundation

/// Dense linear algebra for the few-by-few systems of score tests and regression fits:
/// Gaussian elimination with partial pivoting; nil when the matrix is numerically singular
/// (a pivot below 1e-12 of the largest entry).
enum SmallMatrix {
    static func solve(_ matrix: [[Double]], _ rhs: [Double]) -> [Double]? {
        let n = rhs.count
        var a = matrix
        var b = rhs
        let scale = matrix.flatMap { $0 }.map(abs).max() ?? 0
        guard scale > 0 else { return nil }
        for column in 0..<n {
            guard let pivot = (column..<n).max(by: { abs(a[$0][column]) < abs(a[$1][column]) }),
                  abs(a[pivot][column]) > 1e-12 * scale else { return nil }
            a.swapAt(column, pivot)
            b.swapAt(column, pivot)
            for row in (column + 1)..<max(n, column + 1) {
                let factor = a[row][column] / a[column][column]
                if factor == 0 { continue }
                for k in column..<n { a[row][k] -= factor * a[column][k] }
                b[row] -= factor * b[column]
            }
        }
        var x = [Double](repeating: 0, count: n)
        for row in stride(from: n - 1, through: 0, by: -1) {
            var sum = b[row]
            for k in (row + 1)..<max(n, row + 1) { sum -= a[row][k] * x[k] }
            x[row] = sum / a[row][row]
        }
        return x
    }

    static func inverse(_ matrix: [[Double]]) -> [[Double]]? {
        let n = matrix.count
        var columns: [[Double]] = []
        for j in 0..<n {
            var unit = [Double](repeating: 0, count: n)
            unit[j] = 1
            guard let column = solve(matrix, unit) else { return nil }
            columns.append(column)
        }
        return (0..<n).map { i in (0..<n).map { j in columns[j][i] } }
    }
}
