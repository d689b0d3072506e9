import Foundation

/// A small dense symmetric positive (semi)definite matrix stored row-major, with the Cholesky
/// factorisation the Cox fit needs (R survival's cholesky2/chsolve2/chinv2 play the same role).
struct SymmetricMatrix: Sendable {
    let size: Int
    var values: [Double]

    init(size: Int) {
        self.size = size
        self.values = [Double](repeating: 0, count: size * size)
    }

    subscript(row: Int, column: Int) -> Double {
        get { values[row * size + column] }
        set { values[row * size + column] = newValue }
    }

    /// Lower Cholesky factor L (A = L L'), or nil when A is not positive definite to working precision
    /// (relative pivot below 1e-10 of the largest diagonal), i.e. a singular design or a flat likelihood.
    func cholesky() -> [Double]? {
        var factor = [Double](repeating: 0, count: size * size)
        let largest = (0..<size).map { abs(self[$0, $0]) }.max() ?? 0
        for j in 0..<size {
            var diagonal = self[j, j]
            for k in 0..<j { diagonal -= factor[j * size + k] * factor[j * size + k] }
            guard diagonal > 1e-10 * max(largest, .leastNormalMagnitude) else { return nil }
            let root = diagonal.squareRoot()
            factor[j * size + j] = root
            for i in (j + 1)..<max(j + 1, size) {
                var sum = self[i, j]
                for k in 0..<j { sum -= factor[i * size + k] * factor[j * size + k] }
                factor[i * size + j] = sum / root
            }
        }
        return factor
    }

    /// Solves A x = b, or nil when A is not positive definite.
    func solve(_ right: [Double]) -> [Double]? {
        guard let factor = cholesky() else { return nil }
        return SymmetricMatrix.solve(factor: factor, size: size, right)
    }

    static func solve(factor: [Double], size: Int, _ right: [Double]) -> [Double] {
        var y = right
        for i in 0..<size {
            var sum = y[i]
            for k in 0..<i { sum -= factor[i * size + k] * y[k] }
            y[i] = sum / factor[i * size + i]
        }
        for i in stride(from: size - 1, through: 0, by: -1) {
            var sum = y[i]
            for k in (i + 1)..<max(i + 1, size) { sum -= factor[k * size + i] * y[k] }
            y[i] = sum / factor[i * size + i]
        }
        return y
    }

    /// The inverse, or nil when A is not positive definite.
    func inverse() -> SymmetricMatrix? {
        guard let factor = cholesky() else { return nil }
        var result = SymmetricMatrix(size: size)
        for column in 0..<size {
            var unit = [Double](repeating: 0, count: size)
            unit[column] = 1
            let solved = SymmetricMatrix.solve(factor: factor, size: size, unit)
            for row in 0..<size { result[row, column] = solved[row] }
        }
        return result
    }

    /// The quadratic form x' A^-1 x (score and Wald statistics), or nil when A is singular.
    func inverseQuadraticForm(_ x: [Double]) -> Double? {
        guard let solved = solve(x) else { return nil }
        return zip(solved, x).reduce(0) { $0 + $1.0 * $1.1 }
    }

    /// The sub-matrix on the given indices.
    func restricted(to indices: [Int]) -> SymmetricMatrix {
        var result = SymmetricMatrix(size: indices.count)
        for (a, i) in indices.enumerated() {
            for (b, j) in indices.enumerated() { result[a, b] = self[i, j] }
        }
        return result
    }
}

extension SymmetricMatrix {
    /// x' A^- x with a generalized inverse: an LDL' factorisation in which a pivot at or below 1e-12 of
    /// the largest diagonal counts as zero and its direction is left out (survival's cholesky2/chsolve2).
    /// Used where a variance matrix may be singular, e.g. a log-rank test whose events all fall where
    /// only one patient is at risk.
    func generalizedInverseQuadraticForm(_ x: [Double]) -> Double {
        var a = values
        let n = size
        let largest = (0..<n).map { abs(a[$0 * n + $0]) }.max() ?? 0
        let tolerance = 1e-12 * largest
        var zeroPivot = [Bool](repeating: false, count: n)
        for i in 0..<n {
            let pivot = a[i * n + i]
            if !(pivot > tolerance) {
                zeroPivot[i] = true
                for j in i..<n { a[j * n + i] = 0 }
                continue
            }
            for j in (i + 1)..<max(i + 1, n) {
                let factor = a[j * n + i] / pivot
                a[j * n + j] -= factor * factor * pivot
                for k in (j + 1)..<max(j + 1, n) { a[k * n + j] -= factor * a[k * n + i] }
                a[j * n + i] = factor
            }
        }
        // Solve L D L' y = x, skipping the zero pivots, then return x' y.
        var y = x
        for i in 0..<n {
            for k in 0..<i { y[i] -= a[i * n + k] * y[k] }
        }
        for i in 0..<n { y[i] = zeroPivot[i] ? 0 : y[i] / a[i * n + i] }
        for i in stride(from: n - 1, through: 0, by: -1) {
            if zeroPivot[i] { continue }
            for k in (i + 1)..<max(i + 1, n) { y[i] -= a[k * n + i] * y[k] }
        }
        return zip(x, y).reduce(0) { $0 + $1.0 * $1.1 }
    }
}
