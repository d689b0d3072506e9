import Foundation

/// A PERCIST 1.0 metabolic response category.
public enum PercistResponse: String, Hashable, Sendable, Codable, CaseIterable, CustomStringConvertible {
    case completeMetabolicResponse = "CMR"
    case partialMetabolicResponse = "PMR"
    case stableMetabolicDisease = "SMD"
    case progressiveMetabolicDisease = "PMD"

    public var description: String { rawValue }
}
