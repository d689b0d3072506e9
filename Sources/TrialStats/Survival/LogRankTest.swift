import Foundation

/// The G-rho family of k-sample tests, as R's `survdiff(Surv(t, e) ~ group + strata(s), rho = rho)`
/// (Harrington & Fleming 1982): at each event time weight w = S(t-)^rho with S the pooled Kaplan-Meier
/// of the stratum; O_g = sum w d_g, E_g = sum w d n_g / n, V_gh = sum w^2 d (n - d) / (n - 1) * n_g / n
/// * (delta_gh - n_h / n), summed over strata; chisq = (O - E)' V^- (O - E) on the groups with E > 0,
/// dropping the first of them (a generalized inverse where V is singular); df = their count - 1. rho = 0 is the log-rank test, rho = 1 Peto-Peto.
public struct LogRankTest: Sendable, Codable, Hashable {
    public struct Group: Sendable, Codable, Hashable {
        public let group: String
        public let n: Int
        public let observed: Double
        public let expected: Double
    }

    public let chisq: Double
    public let df: Int
    public let p: Double
    public let groups: [Group]

    /// `groups` labels each observation, in the order `levels` (all labels must be among them);
    /// `strata` (optional) labels each observation's stratum.
    public static func test(
        times: [Double], events: [Int], groups: [String], levels: [String]? = nil,
        strata: [String]? = nil, rho: Double = 0
    ) throws(SurvivalInputError) -> LogRankTest {
        try SurvivalInputError.validate(times: times, events: events,
                                        extra: [("groups", groups.count), ("strata", strata?.count ?? times.count)])
        let levels = levels ?? FactorLevels.sorted(groups)
        let groupIndex = Dictionary(uniqueKeysWithValues: levels.enumerated().map { ($1, $0) })
        var codes = [Int](repeating: 0, count: times.count)
        for (index, label) in groups.enumerated() {
            guard let code = groupIndex[label] else {
                throw SurvivalInputError(argument: "groups", position: index + 1, message: "'\(label)' is not one of the listed groups")
            }
            codes[index] = code
        }
        guard levels.count >= 2 else {
            throw SurvivalInputError(argument: "groups", message: "has only one group; the test compares 2 or more")
        }
        let strataLevels = strata.map(FactorLevels.sorted) ?? ["all"]
        let strataIndex = Dictionary(uniqueKeysWithValues: strataLevels.enumerated().map { ($1, $0) })
        let strataCodes = strata?.map { strataIndex[$0]! } ?? [Int](repeating: 0, count: times.count)
        return compute(times: times, events: events, groupCodes: codes, levels: levels,
                       strataCodes: strataCodes, strataCount: strataLevels.count, rho: rho)
    }

    /// The same test on integer-coded data, for simulation loops: `groupIndices[i]` indexes `levels`,
    /// `strataIndices[i]` is in 0..<strataCount (nil: one stratum).
    public static func test(
        times: [Double], events: [Int], groupIndices: [Int], levels: [String],
        strataIndices: [Int]? = nil, strataCount: Int = 1, rho: Double = 0
    ) throws(SurvivalInputError) -> LogRankTest {
        try SurvivalInputError.validate(times: times, events: events,
                                        extra: [("groupIndices", groupIndices.count), ("strataIndices", strataIndices?.count ?? times.count)])
        guard levels.count >= 2 else {
            throw SurvivalInputError(argument: "levels", message: "has only one group; the test compares 2 or more")
        }
        if let bad = groupIndices.firstIndex(where: { !levels.indices.contains($0) }) {
            throw SurvivalInputError(argument: "groupIndices", position: bad + 1, message: "\(groupIndices[bad]) is not an index into levels")
        }
        if let strataIndices, let bad = strataIndices.firstIndex(where: { $0 < 0 || $0 >= strataCount }) {
            throw SurvivalInputError(argument: "strataIndices", position: bad + 1, message: "\(strataIndices[bad]) is not in 0..<\(strataCount)")
        }
        return compute(times: times, events: events, groupCodes: groupIndices, levels: levels,
                       strataCodes: strataIndices ?? [Int](repeating: 0, count: times.count),
                       strataCount: strataIndices == nil ? 1 : strataCount, rho: rho)
    }

    static func compute(
        times: [Double], events: [Int], groupCodes: [Int], levels: [String],
        strataCodes: [Int], strataCount: Int, rho: Double
    ) -> LogRankTest {
        let groupCount = levels.count
        let order = SurvivalOrder.ascending(times, strata: strataCodes, strataCount: strataCount)
        // Gather once into contiguous sorted arrays so that the walk below reads memory in order.
        let sortedTimes = order.map { times[Int($0)] }
        let sortedEvents = order.map { events[Int($0)] }
        let sortedGroups = order.map { groupCodes[Int($0)] }
        let sortedStrata = order.map { strataCodes[Int($0)] }
        var observed = [Double](repeating: 0, count: groupCount)
        var expected = [Double](repeating: 0, count: groupCount)
        var variance = [Double](repeating: 0, count: groupCount * groupCount)
        var sizes = [Int](repeating: 0, count: groupCount)
        for code in groupCodes { sizes[code] += 1 }
        var atRisk = [Double](repeating: 0, count: groupCount)
        var diedByGroup = [Double](repeating: 0, count: groupCount)
        var start = 0
        while start < order.count {
            // One stratum: positions start..<end in the order.
            let stratum = sortedStrata[start]
            var end = start
            while end < order.count && sortedStrata[end] == stratum { end += 1 }
            for g in 0..<groupCount { atRisk[g] = 0 }
            for position in start..<end { atRisk[sortedGroups[position]] += 1 }
            var total = Double(end - start)
            var pooledSurvival = 1.0
            var position = start
            while position < end {
                let time = sortedTimes[position]
                for g in 0..<groupCount { diedByGroup[g] = 0 }
                var died = 0.0
                var leaving = position
                while leaving < end && sortedTimes[leaving] == time {
                    if sortedEvents[leaving] == 1 { diedByGroup[sortedGroups[leaving]] += 1; died += 1 }
                    leaving += 1
                }
                if died > 0 {
                    let weight = rho == 0 ? 1 : pow(pooledSurvival, rho)
                    for g in 0..<groupCount {
                        observed[g] += weight * diedByGroup[g]
                        expected[g] += weight * died * atRisk[g] / total
                    }
                    if total > 1 {
                        let factor = weight * weight * died * (total - died) / (total * (total - 1))
                        for g in 0..<groupCount {
                            let term = factor * atRisk[g]
                            variance[g * groupCount + g] += term
                            for h in 0..<groupCount { variance[g * groupCount + h] -= term * atRisk[h] / total }
                        }
                    }
                    pooledSurvival *= (total - died) / total
                }
                for removed in position..<leaving { atRisk[sortedGroups[removed]] -= 1 }
                total -= Double(leaving - position)
                position = leaving
            }
            start = end
        }
        // survdiff: use the groups with E > 0, drop the first of them, chisq = d' V^- d.
        let used = (0..<groupCount).filter { expected[$0] > 0 }
        var chisq = 0.0
        if used.count >= 2 {
            let kept = Array(used.dropFirst())
            var matrix = SymmetricMatrix(size: kept.count)
            for (a, g) in kept.enumerated() { for (b, h) in kept.enumerated() { matrix[a, b] = variance[g * groupCount + h] } }
            let difference = kept.map { observed[$0] - expected[$0] }
            chisq = matrix.generalizedInverseQuadraticForm(difference)
        }
        let df = max(used.count - 1, 0)
        let p = df > 0 ? ChiSquared.survival(chisq, degreesOfFreedom: Double(df)) : 1
        let groups = levels.enumerated().map { index, label in
            Group(group: label, n: sizes[index], observed: observed[index], expected: expected[index])
        }
        return LogRankTest(chisq: chisq, df: df, p: p, groups: groups)
    }
}
