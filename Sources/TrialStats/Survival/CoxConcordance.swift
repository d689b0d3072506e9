import Foundation

/// Harrell's concordance of a Cox model's linear predictor with survival, and its standard error, as R's
/// coxph reports them (survival's concordancefit, reverse = TRUE, timewt "n", within strata).
///
/// A pair is comparable when one member has the event at t_i and the other is still at risk: t_j > t_i,
/// or t_j = t_i and j censored (two events at the same time are tied on time and not counted). It is
/// concordant when the earlier failure has the higher risk x'b, tied when the risks are equal.
/// C = (concordant + tied / 2) / (concordant + discordant + tied). The standard error is the infinitesimal
/// jackknife: with N pairs, d = (C_k - D_k) / N - (somers / N)(C_k + D_k + T_k) for each observation k
/// (its own pair counts), var(somers' D) = sum d^2, se(C) = sqrt(var) / 2.
public struct Concordance: Sendable, Codable, Hashable {
    public let estimate: Double
    public let se: Double
    public let concordant: Double
    public let discordant: Double
    public let tiedRisk: Double

    /// The two numbers R's coxph prints: C and its standard error.
    public struct Summary: Sendable, Codable, Hashable {
        public let estimate: Double
        public let se: Double

        public init(estimate: Double, se: Double) {
            self.estimate = estimate
            self.se = se
        }
    }

    /// `risk` is the linear predictor per row of `data`'s sorted layout.
    static func compute(_ data: CoxData, risk: [Double]) -> Concordance {
        let n = data.count
        var concordantBy = [Double](repeating: 0, count: n)
        var discordantBy = [Double](repeating: 0, count: n)
        var tiedBy = [Double](repeating: 0, count: n)
        for stratum in 0..<(data.strataStarts.count - 1) {
            let start = data.strataStarts[stratum], end = data.strataStarts[stratum + 1]
            // Dense ranks 1...size of the risk scores (equal scores share a rank), by one sort.
            let byRisk = (start..<end).sorted { risk[$0] < risk[$1] }
            var ranks = [Int](repeating: 0, count: end - start)
            var size = 0
            var previous = -Double.infinity
            for row in byRisk {
                if size == 0 || risk[row] != previous { size += 1; previous = risk[row] }
                ranks[row - start] = size
            }
            // Pass 1, times descending: each event against the rows still at risk after it.
            var tree = FenwickTree(size: size)
            var position = end - 1
            while position >= start {
                let time = data.time[position]
                var first = position
                while first - 1 >= start && data.time[first - 1] == time { first -= 1 }
                for row in first...position where data.event[row] == 0 { tree.add(at: ranks[row - start]) }
                for row in first...position where data.event[row] == 1 {
                    let rank = ranks[row - start]
                    let lower = tree.prefixCount(rank - 1), atOrBelow = tree.prefixCount(rank)
                    concordantBy[row] += lower
                    tiedBy[row] += atOrBelow - lower
                    discordantBy[row] += tree.total - atOrBelow
                }
                for row in first...position where data.event[row] == 1 { tree.add(at: ranks[row - start]) }
                position = first - 1
            }
            // Pass 2, times ascending: each row against the earlier events it was at risk for.
            tree = FenwickTree(size: size)
            position = start
            while position < end {
                let time = data.time[position]
                var last = position
                while last + 1 < end && data.time[last + 1] == time { last += 1 }
                func countAgainstEvents(_ row: Int) {
                    let rank = ranks[row - start]
                    let lower = tree.prefixCount(rank - 1), atOrBelow = tree.prefixCount(rank)
                    concordantBy[row] += tree.total - atOrBelow
                    tiedBy[row] += atOrBelow - lower
                    discordantBy[row] += lower
                }
                for row in position...last where data.event[row] == 1 { countAgainstEvents(row) }
                for row in position...last where data.event[row] == 1 { tree.add(at: ranks[row - start]) }
                for row in position...last where data.event[row] == 0 { countAgainstEvents(row) }
                position = last + 1
            }
        }
        // Every pair was counted once from each member; the totals come from the events' side.
        let concordant = concordantBy.reduce(0, +) / 2
        let discordant = discordantBy.reduce(0, +) / 2
        let tied = tiedBy.reduce(0, +) / 2
        let pairs = concordant + discordant + tied
        guard pairs > 0 else { return Concordance(estimate: .nan, se: .nan, concordant: 0, discordant: 0, tiedRisk: 0) }
        let somers = (concordant - discordant) / pairs
        var variance = 0.0
        for row in 0..<n {
            let influence = (concordantBy[row] - discordantBy[row]) / pairs
                - somers / pairs * (concordantBy[row] + discordantBy[row] + tiedBy[row])
            variance += influence * influence
        }
        return Concordance(estimate: (somers + 1) / 2, se: (variance / 4).squareRoot(),
                           concordant: concordant, discordant: discordant, tiedRisk: tied)
    }
}

extension CoxProportionalHazards {
    /// Harrell's C of this fit's linear predictor on the data it was fitted to.
    public func concordance(_ data: CoxData) -> Concordance {
        let p = data.columnCount
        var risk = [Double](repeating: 0, count: data.count)
        for row in 0..<data.count {
            var eta = 0.0
            for a in 0..<p { eta += data.x[row * p + a] * coefficients[a] }
            risk[row] = eta
        }
        return Concordance.compute(data, risk: risk)
    }
}

/// Counts of inserted ranks 1...size with O(log n) insertion and prefix counts.
struct FenwickTree {
    private var counts: [Double]
    private(set) var total = 0.0

    init(size: Int) { counts = [Double](repeating: 0, count: size + 1) }

    mutating func add(at rank: Int) {
        var index = rank
        while index < counts.count {
            counts[index] += 1
            index += index & -index
        }
        total += 1
    }

    /// Number inserted with rank <= rank.
    func prefixCount(_ rank: Int) -> Double {
        var index = rank
        var sum = 0.0
        while index > 0 {
            sum += counts[index]
            index -= index & -index
        }
        return sum
    }
}
