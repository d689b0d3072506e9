import Dispatch
import Foundation

/// Which scheme a simulation runs, and how patients fall into its strata or factor levels.
public enum SimulatedScheme: Hashable, Sendable {
    /// Stratified permuted blocks; a patient falls into stratum i with probability `stratumProbabilities[i]`.
    case permutedBlocks(PermutedBlockDesign, stratumProbabilities: [Double])
    /// Minimization; a patient has level j of factor f with probability `levelProbabilities[f][j]`, factors independent.
    case minimization(MinimizationDesign, levelProbabilities: [[Double]])
}

/// Operating characteristics of a randomization scheme by simulation (issue 3, item 6), to choose a scheme
/// before the study starts.
///
/// Each trial randomizes `patients` patients; the figures at the end of a trial are averaged over `trials`:
/// - imbalance: max - min over arms of the ratio-adjusted counts n_a / w_a (|n_A - n_B| at 1:1);
/// - `meanAbsImbalance`, `probImbalanceAtLeast6`: the whole trial's imbalance at n, its mean and P(>= 6);
/// - `withinStrataMeanAbsImbalance`: the imbalance within each stratum (minimization: each cell, a
///   combination of factor levels) at n, averaged over all strata or cells, empty ones included;
/// - `correctGuessProbability`: an investigator guesses, before each allocation, the arm with the fewest
///   (ratio-adjusted) patients so far in the patient's stratum (minimization: cell), 1/t credit when t arms
///   tie for fewest and one of them is assigned; the share of correct guesses over the n allocations.
///
/// Trials are split into chunks of `chunkSize`; chunk c draws from `seed.stream("simulation/chunk/c")`, so
/// the result for a seed is the same whatever the number of workers.
public struct RandomizationSimulation: Hashable, Sendable {
    public let scheme: SimulatedScheme
    public let patients: Int
    public let trials: Int

    public static let chunkSize = 1_000
    public static let maximumPatients = 100_000
    public static let maximumTrials = 10_000_000
    /// P(imbalance >= this) is reported as `probImbalanceAtLeast6`.
    public static let imbalanceThreshold = 6.0

    /// Validates sizes and probabilities. Field names: `patients`, `trials`, `stratumProbabilities`,
    /// `stratumProbabilities[i]`, `levelProbabilities[f]`, `levelProbabilities[f][j]`.
    public init(scheme: SimulatedScheme, patients: Int, trials: Int) throws {
        var errors: [FieldError] = []
        if !(1...Self.maximumPatients).contains(patients) {
            errors.append(FieldError(field: "patients", message: "must be between 1 and \(Self.maximumPatients), got \(patients)"))
        }
        if !(1...Self.maximumTrials).contains(trials) {
            errors.append(FieldError(field: "trials", message: "must be between 1 and \(Self.maximumTrials), got \(trials)"))
        }
        switch scheme {
        case .permutedBlocks(_, let probabilities):
            errors += Self.validateProbabilities(probabilities, field: "stratumProbabilities", what: "strata")
        case .minimization(let design, let probabilities):
            if probabilities.count != design.factors.count {
                errors.append(FieldError(
                    field: "levelProbabilities",
                    message: "needs one list per factor (\(design.factors.count)), got \(probabilities.count)"))
            } else {
                for (index, (factor, levelProbabilities)) in zip(design.factors, probabilities).enumerated() {
                    let field = "levelProbabilities[\(index)]"
                    if levelProbabilities.count != factor.levels.count {
                        errors.append(FieldError(
                            field: field,
                            message: "needs one probability per level of factor '\(factor.name)' (\(factor.levels.count)), got \(levelProbabilities.count)"))
                    } else {
                        errors += Self.validateProbabilities(levelProbabilities, field: field, what: "levels")
                    }
                }
            }
        }
        try ValidationFailure.throwIfAny(errors)
        self.scheme = scheme
        self.patients = patients
        self.trials = trials
    }

    private static func validateProbabilities(_ values: [Double], field: String, what: String) -> [FieldError] {
        if values.isEmpty {
            return [FieldError(field: field, message: "needs at least one probability")]
        }
        var errors: [FieldError] = []
        for (index, value) in values.enumerated() where !(value.isFinite && value >= 0 && value <= 1) {
            errors.append(FieldError(field: "\(field)[\(index)]", message: "must be a probability between 0 and 1, got \(value)"))
        }
        let sum = values.reduce(0, +)
        if errors.isEmpty && abs(sum - 1) > 1e-6 {
            errors.append(FieldError(field: field, message: "must add up to 1 over the \(what), got \(sum)"))
        }
        return errors
    }

    /// Runs every trial, split over `workers` threads (all cores by default).
    public func run(seed: RandomizationSeed, workers: Int = ProcessInfo.processInfo.activeProcessorCount) -> RandomizationSimulationResult {
        let chunkCount = (trials + Self.chunkSize - 1) / Self.chunkSize
        let workerCount = max(1, min(workers, chunkCount))
        let store = ChunkTotalsStore(count: chunkCount)
        DispatchQueue.concurrentPerform(iterations: workerCount) { worker in
            var chunk = worker
            while chunk < chunkCount {
                let trialsInChunk = min(Self.chunkSize, trials - chunk * Self.chunkSize)
                var generator = seed.stream(RandomizationStreamLabel.simulationChunk(chunk))
                store.set(chunk, simulateChunk(trials: trialsInChunk, generator: &generator))
                chunk += workerCount
            }
        }
        // Chunks are combined in chunk order, so floating-point sums do not depend on thread timing.
        var total = SimulationTotals(groupCount: groupLabels.count)
        for chunk in store.all() { total.add(chunk) }
        return total.result(schemeName: schemeName, patients: patients, groupLabels: groupLabels)
    }

    var schemeName: String {
        switch scheme {
        case .permutedBlocks: return "blocks"
        case .minimization: return "minimization"
        }
    }

    /// Strata ("1", "2", ...) or cells ("sex=F, ecog=0", ...) in the order the result lists them.
    var groupLabels: [String] {
        switch scheme {
        case .permutedBlocks(_, let probabilities):
            return probabilities.indices.map { String($0 + 1) }
        case .minimization(let design, _):
            var labels = [""]
            for factor in design.factors {
                labels = labels.flatMap { prefix in
                    factor.levels.map { prefix.isEmpty ? "\(factor.name)=\($0)" : "\(prefix), \(factor.name)=\($0)" }
                }
            }
            return labels
        }
    }

    private func simulateChunk(trials: Int, generator: inout Xoshiro256StarStar) -> SimulationTotals {
        switch scheme {
        case .permutedBlocks(let design, let probabilities):
            return simulateBlocks(design: design, probabilities: probabilities, trials: trials, generator: &generator)
        case .minimization(let design, let probabilities):
            return simulateMinimization(design: design, probabilities: probabilities, trials: trials, generator: &generator)
        }
    }

    /// Per patient: one double picks the stratum; the stratum's next slot comes from its current block, a new
    /// block being drawn (`drawBlock`) from the same stream when the current one is used up.
    private func simulateBlocks(
        design: PermutedBlockDesign, probabilities: [Double], trials: Int, generator: inout Xoshiro256StarStar
    ) -> SimulationTotals {
        let strata = probabilities.count
        let armCount = design.arms.count
        let divisors = design.reducedWeights.map(Double.init)
        let cumulative = Self.cumulative(probabilities)
        var totals = SimulationTotals(groupCount: strata)
        var counts = [Int](repeating: 0, count: strata * armCount)
        var blocks = [[Int]](repeating: [], count: strata)
        var positions = [Int](repeating: 0, count: strata)
        var tally = TrialTally(groupCount: strata, armCount: armCount, divisors: divisors)
        for _ in 0..<trials {
            for index in counts.indices { counts[index] = 0 }
            for stratum in 0..<strata {
                blocks[stratum].removeAll(keepingCapacity: true)
                positions[stratum] = 0
            }
            var guessCredit = 0.0
            for _ in 0..<patients {
                let stratum = Self.category(generator.unitDouble(), cumulative: cumulative)
                if positions[stratum] == blocks[stratum].count {
                    design.drawBlock(using: &generator, into: &blocks[stratum])
                    positions[stratum] = 0
                }
                let arm = blocks[stratum][positions[stratum]]
                positions[stratum] += 1
                guessCredit += tally.guessCredit(counts: counts, group: stratum, assigned: arm)
                counts[stratum * armCount + arm] += 1
            }
            totals.addTrial(groupCounts: counts, tally: &tally, guessCredit: guessCredit, patients: patients)
        }
        return totals
    }

    /// Per patient: one double per factor picks its level, then u1 and u2 decide the allocation
    /// (`MinimizationDesign.decide`).
    private func simulateMinimization(
        design: MinimizationDesign, probabilities: [[Double]], trials: Int, generator: inout Xoshiro256StarStar
    ) -> SimulationTotals {
        let armCount = design.arms.count
        let cumulative = probabilities.map(Self.cumulative)
        let cellCount = design.factors.reduce(1) { $0 * $1.levels.count }
        var totals = SimulationTotals(groupCount: cellCount)
        var factorCounts = MinimizationCounts(design: design)
        let emptyCounts = factorCounts
        var cellCounts = [Int](repeating: 0, count: cellCount * armCount)
        var levels = [Int](repeating: 0, count: design.factors.count)
        var armTotals = [Double](repeating: 0, count: armCount)
        var adjusted = [Double](repeating: 0, count: armCount)
        var candidates: [Int] = []
        candidates.reserveCapacity(armCount)
        var tally = TrialTally(groupCount: cellCount, armCount: armCount, divisors: design.ratioDivisors)
        for _ in 0..<trials {
            factorCounts = emptyCounts
            for index in cellCounts.indices { cellCounts[index] = 0 }
            var guessCredit = 0.0
            for _ in 0..<patients {
                var cell = 0
                for factor in 0..<levels.count {
                    levels[factor] = Self.category(generator.unitDouble(), cumulative: cumulative[factor])
                    cell = cell * design.factors[factor].levels.count + levels[factor]
                }
                let tieBreak = generator.unitDouble()
                let coin = generator.unitDouble()
                design.fillTotals(cells: factorCounts.cells, levelIndices: levels, totals: &armTotals, adjusted: &adjusted)
                let smallest = armTotals.min()!
                let tolerance = MinimizationDesign.tieTolerance * max(1, abs(smallest))
                candidates.removeAll(keepingCapacity: true)
                for arm in 0..<armCount where armTotals[arm] <= smallest + tolerance { candidates.append(arm) }
                let arm = design.decide(candidates: candidates, tieBreakUniform: tieBreak, coinUniform: coin).assigned
                guessCredit += tally.guessCredit(counts: cellCounts, group: cell, assigned: arm)
                cellCounts[cell * armCount + arm] += 1
                factorCounts.record(levelIndices: levels, armIndex: arm)
            }
            totals.addTrial(groupCounts: cellCounts, tally: &tally, guessCredit: guessCredit, patients: patients)
        }
        return totals
    }

    /// Running sums of probabilities, the last one set to exactly 1.
    static func cumulative(_ probabilities: [Double]) -> [Double] {
        var sums: [Double] = []
        var running = 0.0
        for value in probabilities {
            running += value
            sums.append(running)
        }
        sums[sums.count - 1] = 1
        return sums
    }

    /// The first category i with u < cumulative[i].
    static func category(_ u: Double, cumulative: [Double]) -> Int {
        for (index, bound) in cumulative.enumerated() where u < bound { return index }
        return cumulative.count - 1
    }
}

/// Scratch space and arithmetic shared by both schemes' trial loops.
struct TrialTally {
    let groupCount: Int
    let armCount: Int
    let divisors: [Double]
    var adjusted: [Double]

    init(groupCount: Int, armCount: Int, divisors: [Double]) {
        self.groupCount = groupCount
        self.armCount = armCount
        self.divisors = divisors
        self.adjusted = [Double](repeating: 0, count: armCount)
    }

    /// The convergence guess's credit: 1/t if the assigned arm is one of the t arms with the fewest
    /// ratio-adjusted patients so far in the group, else 0.
    mutating func guessCredit(counts: [Int], group: Int, assigned: Int) -> Double {
        let base = group * armCount
        var fewest = Double.infinity
        for arm in 0..<armCount { fewest = min(fewest, Double(counts[base + arm]) / divisors[arm]) }
        var tied = 0
        var assignedIsFewest = false
        for arm in 0..<armCount where Double(counts[base + arm]) / divisors[arm] == fewest {
            tied += 1
            if arm == assigned { assignedIsFewest = true }
        }
        return assignedIsFewest ? 1 / Double(tied) : 0
    }

    /// max - min of the ratio-adjusted counts of one group (or of the arm totals when `group` is nil).
    mutating func imbalance(counts: [Int], group: Int?) -> Double {
        for arm in 0..<armCount {
            let count: Int
            if let group {
                count = counts[group * armCount + arm]
            } else {
                count = (0..<groupCount).reduce(0) { $0 + counts[$1 * armCount + arm] }
            }
            adjusted[arm] = Double(count) / divisors[arm]
        }
        return ImbalanceMeasure.range.imbalance(of: adjusted)
    }
}

/// Sums over trials, combinable across chunks.
struct SimulationTotals: Sendable {
    var trials = 0
    var imbalance = 0.0, imbalanceSquares = 0.0
    var atLeastThreshold = 0
    var within = 0.0, withinSquares = 0.0
    var guess = 0.0, guessSquares = 0.0
    var perGroup: [Double]

    init(groupCount: Int) {
        perGroup = [Double](repeating: 0, count: groupCount)
    }

    mutating func addTrial(groupCounts: [Int], tally: inout TrialTally, guessCredit: Double, patients: Int) {
        let overall = tally.imbalance(counts: groupCounts, group: nil)
        var withinSum = 0.0
        for group in 0..<tally.groupCount {
            let value = tally.imbalance(counts: groupCounts, group: group)
            perGroup[group] += value
            withinSum += value
        }
        let withinMean = withinSum / Double(tally.groupCount)
        let guessShare = guessCredit / Double(patients)
        trials += 1
        imbalance += overall
        imbalanceSquares += overall * overall
        if overall >= RandomizationSimulation.imbalanceThreshold - 1e-9 { atLeastThreshold += 1 }
        within += withinMean
        withinSquares += withinMean * withinMean
        guess += guessShare
        guessSquares += guessShare * guessShare
    }

    mutating func add(_ other: SimulationTotals) {
        trials += other.trials
        imbalance += other.imbalance
        imbalanceSquares += other.imbalanceSquares
        atLeastThreshold += other.atLeastThreshold
        within += other.within
        withinSquares += other.withinSquares
        guess += other.guess
        guessSquares += other.guessSquares
        for index in perGroup.indices { perGroup[index] += other.perGroup[index] }
    }

    func result(schemeName: String, patients: Int, groupLabels: [String]) -> RandomizationSimulationResult {
        let n = Double(trials)
        /// Standard error of a mean over trials: sample standard deviation / sqrt(trials).
        func standardError(sum: Double, squares: Double) -> Double {
            guard trials > 1 else { return 0 }
            let mean = sum / n
            let variance = max(0, (squares - n * mean * mean) / (n - 1))
            return (variance / n).squareRoot()
        }
        let probability = Double(atLeastThreshold) / n
        return RandomizationSimulationResult(
            scheme: schemeName, patients: patients, trials: trials,
            meanAbsImbalance: imbalance / n,
            meanAbsImbalanceStandardError: standardError(sum: imbalance, squares: imbalanceSquares),
            probImbalanceAtLeast6: probability,
            probImbalanceAtLeast6StandardError: trials > 1 ? (probability * (1 - probability) / n).squareRoot() : 0,
            withinStrataMeanAbsImbalance: within / n,
            withinStrataMeanAbsImbalanceStandardError: standardError(sum: within, squares: withinSquares),
            correctGuessProbability: guess / n,
            correctGuessProbabilityStandardError: standardError(sum: guess, squares: guessSquares),
            perStratum: zip(groupLabels, perGroup).map {
                RandomizationSimulationResult.StratumImbalance(stratum: $0, meanAbsImbalance: $1 / n)
            })
    }
}

/// Chunk results written by worker threads, each chunk by exactly one worker.
final class ChunkTotalsStore: @unchecked Sendable {
    private let lock = NSLock()
    private var chunks: [SimulationTotals?]

    init(count: Int) {
        chunks = [SimulationTotals?](repeating: nil, count: count)
    }

    func set(_ index: Int, _ totals: SimulationTotals) {
        lock.lock()
        chunks[index] = totals
        lock.unlock()
    }

    func all() -> [SimulationTotals] {
        lock.lock()
        defer { lock.unlock() }
        return chunks.map { $0! }
    }
}

/// The simulated operating characteristics, with the Monte Carlo standard error of each figure.
public struct RandomizationSimulationResult: Hashable, Sendable, Codable {
    public struct StratumImbalance: Hashable, Sendable, Codable {
        /// Stratum number ("1", "2", ...) or cell ("factor1=1, factor2=2").
        public let stratum: String
        public let meanAbsImbalance: Double
    }

    public let scheme: String
    public let patients: Int
    public let trials: Int
    public let meanAbsImbalance: Double
    public let meanAbsImbalanceStandardError: Double
    public let probImbalanceAtLeast6: Double
    public let probImbalanceAtLeast6StandardError: Double
    public let withinStrataMeanAbsImbalance: Double
    public let withinStrataMeanAbsImbalanceStandardError: Double
    public let correctGuessProbability: Double
    public let correctGuessProbabilityStandardError: Double
    /// Mean absolute imbalance at n in each stratum (minimization: each cell).
    public let perStratum: [StratumImbalance]
}
