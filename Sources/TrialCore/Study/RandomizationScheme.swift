import Foundation

/// How the next participant's arm is chosen. Written in a study file as a mapping whose
/// `scheme` says which one, with that scheme's settings beside it:
///
///     randomization:
///       scheme: permutedBlocks
///       blockSizes: [4, 6]
///
///     randomization:
///       scheme: minimization
///       factorWeights: {lesionCount: 1}
///       biasedCoinProbability: 0.8
///       imbalanceMeasure: range
public enum RandomizationScheme: Codable, Sendable, Hashable {
    case permutedBlocks(PermutedBlockSettings)
    case minimization(MinimizationSettings)

    public enum Name: String, Codable, Sendable, CaseIterable {
        case permutedBlocks
        case minimization
    }

    public var name: Name {
        switch self {
        case .permutedBlocks: return .permutedBlocks
        case .minimization: return .minimization
        }
    }

    public var studyTeamSetting: StudyTeamSetting? {
        switch self {
        case .permutedBlocks(let settings): return settings.studyTeamSetting
        case .minimization(let settings): return settings.studyTeamSetting
        }
    }

    enum CodingKeys: String, CodingKey {
        case scheme
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        switch try container.decodeWord(Name.self, forKey: .scheme, noun: "randomization scheme") {
        case .permutedBlocks: self = .permutedBlocks(try PermutedBlockSettings(from: decoder))
        case .minimization: self = .minimization(try MinimizationSettings(from: decoder))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .permutedBlocks(let settings): try settings.encode(to: encoder)
        case .minimization(let settings): try settings.encode(to: encoder)
        }
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .scheme)
    }
}

/// Permuted blocks: each block holds every arm in the allocation ratio, shuffled; the size of
/// each next block is drawn from `blockSizes`, so that the end of a block cannot be predicted.
public struct PermutedBlockSettings: Codable, Sendable, Hashable {
    /// Each a positive multiple of the reduced allocation ratio's total (1:1 allows 2, 4, 6, ...), at most 1000.
    public var blockSizes: [Int]
    public var studyTeamSetting: StudyTeamSetting?

    public init(blockSizes: [Int], studyTeamSetting: StudyTeamSetting? = nil) {
        self.blockSizes = blockSizes
        self.studyTeamSetting = studyTeamSetting
    }
}

/// Pocock-Simon minimization over the stratification factors.
public struct MinimizationSettings: Codable, Sendable, Hashable {
    /// Weight of each stratification factor in the total imbalance (0 or more; at least one above 0);
    /// factors not named weigh 1.
    public var factorWeights: [String: Double]
    /// Probability of assigning the arm that minimizes imbalance, from 1 / number of arms to 1; default 0.8.
    public var biasedCoinProbability: Double
    /// Range (the default) or variance of the ratio-adjusted counts at the incoming participant's level.
    public var imbalanceMeasure: ImbalanceMeasure
    public var studyTeamSetting: StudyTeamSetting?

    public init(factorWeights: [String: Double] = [:], biasedCoinProbability: Double = 0.8,
                imbalanceMeasure: ImbalanceMeasure = .range, studyTeamSetting: StudyTeamSetting? = nil) {
        self.factorWeights = factorWeights
        self.biasedCoinProbability = biasedCoinProbability
        self.imbalanceMeasure = imbalanceMeasure
        self.studyTeamSetting = studyTeamSetting
    }

    enum CodingKeys: String, CodingKey {
        case factorWeights, biasedCoinProbability, imbalanceMeasure, studyTeamSetting
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        factorWeights = try container.decodeIfPresent([String: Double].self, forKey: .factorWeights) ?? [:]
        biasedCoinProbability = try container.decodeIfPresent(Double.self, forKey: .biasedCoinProbability) ?? 0.8
        if container.contains(.imbalanceMeasure) {
            imbalanceMeasure = try container.decodeWord(ImbalanceMeasure.self, forKey: .imbalanceMeasure, noun: "imbalance measure")
        } else {
            imbalanceMeasure = .range
        }
        studyTeamSetting = try container.decodeIfPresent(StudyTeamSetting.self, forKey: .studyTeamSetting)
    }

    /// The weight a factor carries (1 when not named).
    public func weight(ofFactor code: String) -> Double { factorWeights[code] ?? 1 }
}
