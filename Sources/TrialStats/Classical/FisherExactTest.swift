import Foundation

/// Fisher's exact test for a 2x2 table [[a, b], [c, d]] (rows: e.g. arm; columns: e.g. event yes/no).
/// Conditional on the margins, a follows the noncentral hypergeometric distribution with odds ratio psi
/// (Fisher 1935; R's fisher.test, whose code this follows):
/// - two-sided p: sum of P(a') over tables with P(a') <= P(a) (1 + 1e-7) under psi = 1;
/// - odds ratio: the conditional maximum-likelihood psi, where E[a | psi] = a;
/// - confidence interval: the exact limits with P(A >= a | psi_L) = alpha/2 and P(A <= a | psi_U) = alpha/2.
/// R solves the last two with uniroot's default tolerance (about 1e-4); here they are solved to full
/// precision, so values agree with R's to about 1e-4 and with the exact definition to 1e-12.
public struct FisherExactResult: Codable, Sendable, Equatable {
    public let p: Double
    public let oddsRatio: Double
    public let lower: Double
    public let upper: Double
    public let confidenceLevel: Double
}

public enum FisherExactTest {
    public static func test(a: Int, b: Int, c: Int, d: Int,
                            confidenceLevel: Double = 0.95) throws(ClassicalTestError) -> FisherExactResult {
        for (name, value) in [("a", a), ("b", b), ("c", c), ("d", d)] where value < 0 {
            throw ClassicalTestError(field: name, message: "cell count \(value) is negative; counts must be 0 or more")
        }
        guard confidenceLevel > 0 && confidenceLevel < 1 else {
            throw ClassicalTestError(field: "confidenceLevel", message: "must lie strictly between 0 and 1")
        }
        let m = a + c, n = b + d, k = a + b
        let distribution = ConditionalHypergeometric(m: m, n: n, k: k)
        let x = a
        let alpha = (1 - confidenceLevel) / 2
        return FisherExactResult(
            p: distribution.twoSidedP(x),
            oddsRatio: distribution.conditionalMLE(x),
            lower: distribution.lowerLimit(x, alpha: alpha),
            upper: distribution.upperLimit(x, alpha: alpha),
            confidenceLevel: confidenceLevel)
    }
}

/// The distribution of the top-left cell given the margins: m = first-column total, n = second-column
/// total, k = first-row total; support max(0, k-n)...min(k, m), P(x | psi) proportional to
/// C(m, x) C(n, k-x) psi^x.
struct ConditionalHypergeometric {
    let lo: Int
    let hi: Int
    /// log C(m, x) + log C(n, k - x) for x in lo...hi.
    let logCentral: [Double]

    init(m: Int, n: Int, k: Int) {
        lo = max(0, k - n)
        hi = min(k, m)
        func logChoose(_ total: Int, _ chosen: Int) -> Double {
            lgamma(Double(total) + 1) - lgamma(Double(chosen) + 1) - lgamma(Double(total - chosen) + 1)
        }
        logCentral = hi >= lo ? (lo...hi).map { logChoose(m, $0) + logChoose(n, k - $0) } : []
    }

    /// P(x | psi) for the whole support, normalised from the largest term (no overflow).
    func probabilities(_ psi: Double) -> [Double] {
        let logPsi = log(psi)
        let terms = logCentral.enumerated().map { index, value in value + logPsi * Double(lo + index) }
        let largest = terms.max() ?? 0
        let scaled = terms.map { exp($0 - largest) }
        let total = scaled.reduce(0, +)
        return scaled.map { $0 / total }
    }

    func mean(_ psi: Double) -> Double {
        if psi == 0 { return Double(lo) }
        if psi == .infinity { return Double(hi) }
        return probabilities(psi).enumerated().reduce(0) { $0 + Double(lo + $1.offset) * $1.element }
    }

    /// P(A <= x | psi), or P(A >= x | psi) when `upperTail`.
    func cumulative(_ x: Int, _ psi: Double, upperTail: Bool) -> Double {
        if psi == 0 { return upperTail ? (x <= lo ? 1 : 0) : (x >= lo ? 1 : 0) }
        if psi == .infinity { return upperTail ? (x <= hi ? 1 : 0) : (x >= hi ? 1 : 0) }
        let p = probabilities(psi)
        var sum = 0.0
        for (index, value) in p.enumerated() {
            let support = lo + index
            if upperTail ? support >= x : support <= x { sum += value }
        }
        return sum
    }

    func twoSidedP(_ x: Int) -> Double {
        let p = probabilities(1)
        let observed = p[x - lo] * (1 + 1e-7)
        return min(1, p.filter { $0 <= observed }.reduce(0, +))
    }

    func conditionalMLE(_ x: Int) -> Double {
        if x == lo { return 0 }
        if x == hi { return .infinity }
        let target = Double(x)
        let centre = mean(1)
        if centre > target {
            return RootBracket.solve(lower: 1e-300, upper: 1, logScale: true) { mean($0) - target }
        }
        if centre < target {
            return 1 / RootBracket.solve(lower: 1e-300, upper: 1, logScale: true) { mean(1 / $0) - target }
        }
        return 1
    }

    func lowerLimit(_ x: Int, alpha: Double) -> Double {
        if x == lo { return 0 }
        let p = cumulative(x, 1, upperTail: true)
        if p > alpha {
            return RootBracket.solve(lower: 1e-300, upper: 1, logScale: true) {
                cumulative(x, $0, upperTail: true) - alpha
            }
        }
        if p < alpha {
            return 1 / RootBracket.solve(lower: 1e-300, upper: 1, logScale: true) {
                cumulative(x, 1 / $0, upperTail: true) - alpha
            }
        }
        return 1
    }

    func upperLimit(_ x: Int, alpha: Double) -> Double {
        if x == hi { return .infinity }
        let p = cumulative(x, 1, upperTail: false)
        if p < alpha {
            return RootBracket.solve(lower: 1e-300, upper: 1, logScale: true) {
                cumulative(x, $0, upperTail: false) - alpha
            }
        }
        if p > alpha {
            return 1 / RootBracket.solve(lower: 1e-300, upper: 1, logScale: true) {
                cumulative(x, 1 / $0, upperTail: false) - alpha
            }
        }
        return 1
    }
}
