import Foundation

/// How many participants each arm receives per cycle, e.g. `{I125: 1, SYS: 1}` for 1:1
/// or `{A: 2, B: 1}` for 2:1. Written in a study file as a mapping from arm code to weight.
public struct AllocationRatio: Codable, Sendable, Hashable {
    public var weights: [String: Int]

    public init(_ weights: [String: Int]) {
        self.weights = weights
    }

    /// Participants per complete cycle of the ratio as written (2:2 gives 4).
    public var total: Int { weights.values.reduce(0, +) }

    /// Participants per cycle of the ratio in lowest terms (2:2 is 1:1, giving 2); every block size
    /// must be a multiple of it so that each block holds the arms exactly in the ratio.
    public var reducedTotal: Int {
        func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }
        let positive = weights.values.filter { $0 > 0 }
        let divisor = positive.reduce(0, gcd)
        return divisor > 0 ? positive.reduce(0, +) / divisor : 0
    }

    public func weight(of armCode: String) -> Int? { weights[armCode] }

    public init(from decoder: any Decoder) throws {
        self.weights = try decoder.singleValueContainer().decode([String: Int].self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(weights)
    }
}
