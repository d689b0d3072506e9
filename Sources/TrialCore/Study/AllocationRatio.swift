import Foundation

/// How many participants each arm receives per cycle, e.g. `{I125: 1, SYS: 1}` for 1:1
/// or `{A: 2, B: 1}` for 2:1. Written in a study file as a mapping from arm code to weight.
public struct AllocationRatio: Codable, Sendable, Hashable {
    public var weights: [String: Int]

    public init(_ weights: [String: Int]) {
        self.weights = weights
    }

    /// Participants per complete cycle of the ratio; every block size must be a multiple of it.
    public var total: Int { weights.values.reduce(0, +) }

    public func weight(of armCode: String) -> Int? { weights[armCode] }

    public init(from decoder: any Decoder) throws {
        self.weights = try decoder.singleValueContainer().decode([String: Int].self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(weights)
    }
}
