import Foundation

/// A prognostic factor that minimization balances: its levels and its weight in the total imbalance.
public struct MinimizationFactor: Hashable, Sendable, Codable {
    public var name: String
    public var levels: [String]
    public var weight: Double

    public init(name: String, levels: [String], weight: Double = 1) {
        self.name = name
        self.levels = levels
        self.weight = weight
    }
}

/// Pocock-Simon minimization (Pocock and Simon, Biometrics 1975) with a biased coin.
///
/// For an incoming patient with level l_f of each factor f, and each arm a in turn: add the patient
/// hypothetically to arm a, measure the imbalance of the ratio-adjusted counts at level l_f of every factor,
/// and sum the measures weighted by the factors' weights: the arm's total G_a. The arms with the smallest
/// total are the candidates; one is preferred at random; the preferred arm is assigned with probability p,
/// otherwise one of the other arms at random (docs/randomization.md gives the exact use of the two uniforms).
public struct MinimizationDesign: Hashable, Sendable {
    public let arms: [ArmRatio]
    public let factors: [MinimizationFactor]
    public let measure: ImbalanceMeasure
    /// p: the probability of assigning the preferred (least imbalancing) arm.
    public let preferredProbability: Double
    /// The arms' ratio weights divided by their greatest common divisor, as divisors of the counts.
    public let ratioDivisors: [Double]
    /// Where each factor's levels start in the flat count table (see `MinimizationCounts`).
    public let levelOffsets: [Int]
    /// The factors' weights, in factor order.
    let factorWeights: [Double]

    public static let defaultPreferredProbability = 0.8

    /// Totals closer than this (relative to the larger) count as tied: weights such as 0.1 make sums of
    /// equal terms differ in the last bits when added in another order.
    public static let tieTolerance = 1e-9

    /// Validates the design. Field names: `arms...`, `factors`, `factors[i].name`, `factors[i].levels`,
    /// `factors[i].levels[j]`, `factors[i].weight`, `preferredProbability`.
    public init(
        arms: [ArmRatio], factors: [MinimizationFactor], measure: ImbalanceMeasure = .range,
        preferredProbability: Double = MinimizationDesign.defaultPreferredProbability
    ) throws {
        var errors = ArmRatio.validate(arms)
        if factors.isEmpty {
            errors.append(FieldError(field: "factors", message: "needs at least one factor to minimize over"))
        }
        var names: Set<String> = []
        for (index, factor) in factors.enumerated() {
            let field = "factors[\(index)]"
            if factor.name.trimmingCharacters(in: .whitespaces).isEmpty {
                errors.append(FieldError(field: "\(field).name", message: "must not be empty"))
            } else if !names.insert(factor.name).inserted {
                errors.append(FieldError(field: "\(field).name", message: "repeats factor '\(factor.name)'; each factor may appear once"))
            }
            if factor.levels.count < 2 {
                errors.append(FieldError(
                    field: "\(field).levels", message: "needs at least 2 levels (a factor with one level cannot separate patients), got \(factor.levels.count)"))
            }
            var levels: Set<String> = []
            for (levelIndex, level) in factor.levels.enumerated() {
                if level.isEmpty {
                    errors.append(FieldError(field: "\(field).levels[\(levelIndex)]", message: "must not be empty"))
                } else if !levels.insert(level).inserted {
                    errors.append(FieldError(field: "\(field).levels[\(levelIndex)]", message: "repeats level '\(level)'; each level may appear once"))
                }
            }
            if !factor.weight.isFinite || factor.weight < 0 {
                errors.append(FieldError(field: "\(field).weight", message: "must be a finite number of at least 0, got \(factor.weight)"))
            }
        }
        if !factors.isEmpty && factors.allSatisfy({ $0.weight == 0 }) {
            errors.append(FieldError(field: "factors", message: "needs at least one factor with a weight above 0"))
        }
        let lowest = arms.count >= 2 ? 1.0 / Double(arms.count) : 0.5
        if !(preferredProbability >= lowest && preferredProbability <= 1) {
            errors.append(FieldError(
                field: "preferredProbability",
                message: "must be between 1/\(max(arms.count, 2)) (no preference among \(max(arms.count, 2)) arms) and 1 (always the preferred arm), got \(preferredProbability)"))
        }
        try ValidationFailure.throwIfAny(errors)
        self.arms = arms
        self.factors = factors
        self.measure = measure
        self.preferredProbability = preferredProbability
        self.ratioDivisors = ArmRatio.reducedWeights(arms).map(Double.init)
        var offsets: [Int] = []
        var next = 0
        for factor in factors {
            offsets.append(next)
            next += factor.levels.count
        }
        self.levelOffsets = offsets
        self.factorWeights = factors.map(\.weight)
    }

    /// The patient's level index for every factor, from factor name -> level. Field names: `levels.<factor>`.
    public func levelIndices(for levels: [String: String]) throws -> [Int] {
        var indices: [Int] = []
        var errors: [FieldError] = []
        for factor in factors {
            let field = "levels.\(factor.name)"
            guard let level = levels[factor.name] else {
                errors.append(FieldError(field: field, message: "is required for minimization; one of \(factor.levels.joined(separator: ", "))"))
                continue
            }
            guard let index = factor.levels.firstIndex(of: level) else {
                errors.append(FieldError(field: field, message: "must be one of \(factor.levels.joined(separator: ", ")), got '\(level)'"))
                continue
            }
            indices.append(index)
        }
        for name in levels.keys.sorted() where !factors.contains(where: { $0.name == name }) {
            errors.append(FieldError(field: "levels.\(name)", message: "is not a minimization factor; factors are \(factors.map(\.name).joined(separator: ", "))"))
        }
        try ValidationFailure.throwIfAny(errors)
        return indices
    }

    /// G_a for every arm a (in arm order): the weighted sum over factors of the imbalance at the patient's
    /// level after adding the patient to arm a, factors summed in their order.
    public func totals(counts: MinimizationCounts, levelIndices: [Int]) -> [Double] {
        var totals = [Double](repeating: 0, count: arms.count)
        var adjusted = [Double](repeating: 0, count: arms.count)
        fillTotals(cells: counts.cells, levelIndices: levelIndices, totals: &totals, adjusted: &adjusted)
        return totals
    }

    /// `totals` without allocating, for the simulation's inner loop. Each arm's total is summed in factor order.
    func fillTotals(cells: [Int], levelIndices: [Int], totals: inout [Double], adjusted: inout [Double]) {
        let armCount = arms.count
        for candidate in 0..<armCount { totals[candidate] = 0 }
        for factorIndex in 0..<levelOffsets.count {
            let base = (levelOffsets[factorIndex] + levelIndices[factorIndex]) * armCount
            let weight = factorWeights[factorIndex]
            for candidate in 0..<armCount {
                for arm in 0..<armCount {
                    let count = cells[base + arm] + (arm == candidate ? 1 : 0)
                    adjusted[arm] = Double(count) / ratioDivisors[arm]
                }
                totals[candidate] += weight * measure.imbalance(of: adjusted)
            }
        }
    }

    /// The arms whose totals tie for the smallest (within `tieTolerance`), in arm order.
    public func candidateArms(totals: [Double]) -> [Int] {
        let smallest = totals.min() ?? 0
        let tolerance = Self.tieTolerance * max(1, abs(smallest))
        return totals.indices.filter { totals[$0] <= smallest + tolerance }
    }

    /// The biased-coin decision from two uniforms in [0, 1):
    /// preferred = candidates[floor(u1 × candidates.count)];
    /// if u2 < p the preferred arm is assigned, otherwise others[floor((u2 - p) / (1 - p) × (k - 1))],
    /// `others` being the remaining arms in arm order. Returns arm indices.
    public func decide(candidates: [Int], tieBreakUniform: Double, coinUniform: Double) -> (preferred: Int, assigned: Int) {
        let preferred = candidates[Self.index(tieBreakUniform * Double(candidates.count), count: candidates.count)]
        if coinUniform < preferredProbability {
            return (preferred, preferred)
        }
        let otherCount = arms.count - 1
        let position = Self.index((coinUniform - preferredProbability) / (1 - preferredProbability) * Double(otherCount), count: otherCount)
        // The remaining arms in arm order: skip over the preferred arm's index.
        return (preferred, position < preferred ? position : position + 1)
    }

    /// floor(x) clamped to 0..<count, guarding the rounding of products at the top of [0, 1).
    static func index(_ x: Double, count: Int) -> Int {
        min(max(Int(x.rounded(.down)), 0), count - 1)
    }

    /// One allocation, fully recorded: the stateless form the store calls with the counts of the patients
    /// already allocated, the allocation's sequence number and its two uniforms
    /// (`MinimizationAllocator.uniforms(seed:allocationNumber:)`).
    public func allocate(
        levels: [String: String], counts: MinimizationCounts, allocationNumber: Int,
        tieBreakUniform: Double, coinUniform: Double
    ) throws -> MinimizationDraw {
        let indices = try levelIndices(for: levels)
        let totals = totals(counts: counts, levelIndices: indices)
        let candidates = candidateArms(totals: totals)
        let choice = decide(candidates: candidates, tieBreakUniform: tieBreakUniform, coinUniform: coinUniform)
        return MinimizationDraw(
            allocationNumber: allocationNumber,
            levels: zip(factors, indices).map { MinimizationDraw.FactorLevel(factor: $0.name, level: $0.levels[$1]) },
            totals: zip(arms, totals).map { MinimizationDraw.ArmTotal(arm: $0.arm, total: $1) },
            candidateArms: candidates.map { arms[$0].arm },
            tieBreakUniform: tieBreakUniform,
            preferredArm: arms[choice.preferred].arm,
            coinUniform: coinUniform,
            preferredProbability: preferredProbability,
            assignedArm: arms[choice.assigned].arm)
    }
}

extension MinimizationDesign: Codable {
    private enum CodingKeys: String, CodingKey { case arms, factors, measure, preferredProbability }

    /// Decoding validates like `init(arms:factors:measure:preferredProbability:)`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(
            arms: try container.decode([ArmRatio].self, forKey: .arms),
            factors: try container.decode([MinimizationFactor].self, forKey: .factors),
            measure: try container.decodeIfPresent(ImbalanceMeasure.self, forKey: .measure) ?? .range,
            preferredProbability: try container.decodeIfPresent(Double.self, forKey: .preferredProbability)
                ?? Self.defaultPreferredProbability)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(arms, forKey: .arms)
        try container.encode(factors, forKey: .factors)
        try container.encode(measure, forKey: .measure)
        try container.encode(preferredProbability, forKey: .preferredProbability)
    }
}
