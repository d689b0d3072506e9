import Foundation

extension StudyDefinition {
    /// The arms in the study's order with their allocation-ratio weights.
    public var armRatios: [ArmRatio] {
        arms.map { ArmRatio(arm: $0.code, weight: allocationRatio.weight(of: $0.code) ?? 0) }
    }

    /// The permuted-block design the study asks for; nil when its scheme is minimization.
    /// Lists are generated one per stratum (`allStrata`, keyed by `Stratum.key`).
    /// - Throws: `ValidationFailure` when the arms or block sizes cannot form a design.
    public func permutedBlockDesign() throws -> PermutedBlockDesign? {
        guard case .permutedBlocks(let settings) = randomization else { return nil }
        return try PermutedBlockDesign(arms: armRatios, blockSizes: settings.blockSizes)
    }

    /// The minimization design the study asks for, over its stratification factors (level codes
    /// in the study's order); nil when its scheme is permuted blocks.
    /// - Throws: `ValidationFailure` when the arms, factors or probability cannot form a design.
    public func minimizationDesign() throws -> MinimizationDesign? {
        guard case .minimization(let settings) = randomization else { return nil }
        let factors = stratification.map { factor in
            MinimizationFactor(name: factor.code, levels: factor.levels.map(\.code),
                               weight: settings.weight(ofFactor: factor.code))
        }
        return try MinimizationDesign(arms: armRatios, factors: factors, measure: settings.imbalanceMeasure,
                                      preferredProbability: settings.biasedCoinProbability)
    }
}
