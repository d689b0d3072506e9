import Foundation

/// The normal-tissue reference of a PET scan: mean and SD of SUL in a 3 cm sphere of right liver lobe,
/// or, when the liver is abnormal, in the blood pool of the descending aorta.
public struct PercistReferenceRegion: Hashable, Sendable, Codable {
    public enum Kind: String, Hashable, Sendable, Codable {
        case liver
        case bloodPool
    }

    public var kind: Kind
    public var mean: Decimal
    public var standardDeviation: Decimal

    public init(kind: Kind, mean: Decimal, standardDeviation: Decimal) {
        self.kind = kind
        self.mean = mean
        self.standardDeviation = standardDeviation
    }
}
