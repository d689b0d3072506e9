import Foundation

/// Wilcoxon rank-sum (Mann-Whitney) test, two-sided, normal approximation with continuity correction
/// (R's wilcox.test(x, y, exact = FALSE, correct = TRUE)):
/// W = sum of mid-ranks of x in the pooled sample - n_x(n_x+1)/2,
/// sigma^2 = n_x n_y / 12 [ (N + 1) - sum(t^3 - t) / (N (N - 1)) ] over tie groups of size t,
/// z = (W - n_x n_y / 2 - sign(W - n_x n_y/2) / 2) / sigma, p = 2 min(Phi(z), 1 - Phi(z)).
public struct WilcoxonRankSumResult: Codable, Sendable, Equatable {
    public let w: Double
    public let z: Double
    public let p: Double
}

public enum WilcoxonRankSumTest {
    public static func test(_ x: [Double], _ y: [Double]) throws(ClassicalTestError) -> WilcoxonRankSumResult {
        try SampleChecks.requireFinite(x, field: "x", minimumCount: 1)
        try SampleChecks.requireFinite(y, field: "y", minimumCount: 1)
        let pooled = x + y
        let order = pooled.indices.sorted { pooled[$0] < pooled[$1] }
        var ranks = [Double](repeating: 0, count: pooled.count)
        var tieCorrection = 0.0
        var start = 0
        while start < order.count {
            var end = start
            while end + 1 < order.count && pooled[order[end + 1]] == pooled[order[start]] { end += 1 }
            let midRank = Double(start + end + 2) / 2
            for position in start...end { ranks[order[position]] = midRank }
            let t = Double(end - start + 1)
            tieCorrection += t * t * t - t
            start = end + 1
        }
        let nx = Double(x.count), ny = Double(y.count), n = nx + ny
        let w = ranks[0..<x.count].reduce(0, +) - nx * (nx + 1) / 2
        let centred = w - nx * ny / 2
        let sigma = (nx * ny / 12 * ((n + 1) - tieCorrection / (n * (n - 1)))).squareRoot()
        guard sigma > 0 else {
            throw ClassicalTestError(field: "x, y", message: "all values are tied, so the rank statistic has no variance")
        }
        let correction: Double = centred > 0 ? 0.5 : (centred < 0 ? -0.5 : 0)
        let z = (centred - correction) / sigma
        let p = 2 * min(Normal.cdf(z), Normal.survival(z))
        return WilcoxonRankSumResult(w: w, z: z, p: min(1, p))
    }
}
