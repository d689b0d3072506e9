import Foundation

/// Permuted blocks with block sizes drawn at random from a set, for any allocation ratio (1:1, 2:1, 1:1:1, ...).
///
/// Each block holds the arms exactly in the ratio (a block of 6 under 2:1 holds four of the first arm and
/// two of the second), so allocation is balanced at every block end; the random block size keeps the end
/// of a block, and with it the last allocations, from being predictable.
public struct PermutedBlockDesign: Hashable, Sendable {
    public let arms: [ArmRatio]
    /// Distinct block sizes in ascending order: the order in which a drawn index picks a size.
    public let blockSizes: [Int]
    /// The arms' weights divided by their greatest common divisor.
    public let reducedWeights: [Int]

    /// The longest list a design generates per stratum; far beyond any trial's enrollment, it keeps a typing
    /// mistake from exhausting memory.
    public static let maximumListLength = 1_000_000

    /// Validates the design. Field names: `arms`, `arms[i].arm`, `arms[i].weight`, `blockSizes`, `blockSizes[i]`.
    public init(arms: [ArmRatio], blockSizes: [Int]) throws {
        var errors = ArmRatio.validate(arms)
        let weights = ArmRatio.reducedWeights(arms)
        let weightsValid = errors.allSatisfy { !$0.field.hasSuffix(".weight") } && !arms.isEmpty
        let ratioTotal = max(1, weights.reduce(0, +))
        if blockSizes.isEmpty {
            errors.append(FieldError(field: "blockSizes", message: "needs at least one block size"))
        }
        var seen: Set<Int> = []
        for (index, size) in blockSizes.enumerated() {
            if !seen.insert(size).inserted {
                errors.append(FieldError(
                    field: "blockSizes[\(index)]", message: "repeats block size \(size); each size may appear once"))
            } else if size < 1 {
                errors.append(FieldError(field: "blockSizes[\(index)]", message: "must be a positive whole number, got \(size)"))
            } else if weightsValid && size % ratioTotal != 0 {
                errors.append(FieldError(
                    field: "blockSizes[\(index)]",
                    message: "must be a multiple of \(ratioTotal) (the allocation ratio \(ArmRatio.ratioText(weights)) adds up to \(ratioTotal)) so that every block holds the arms in the ratio, got \(size)"))
            } else if size > 1_000 {
                errors.append(FieldError(field: "blockSizes[\(index)]", message: "must be at most 1000, got \(size)"))
            }
        }
        try ValidationFailure.throwIfAny(errors)
        self.arms = arms
        self.blockSizes = blockSizes.sorted()
        self.reducedWeights = weights
    }

    /// The unshuffled content of a block: each arm's index repeated size × weight / total times, in arm order.
    public func blockComposition(size: Int) -> [Int] {
        let total = reducedWeights.reduce(0, +)
        var content: [Int] = []
        content.reserveCapacity(size)
        for (armIndex, weight) in reducedWeights.enumerated() {
            content.append(contentsOf: repeatElement(armIndex, count: size / total * weight))
        }
        return content
    }

    /// Draws the next block into `block` (arm indices in allocation order):
    /// the size is `blockSizes[uniformInt(below: blockSizes.count)]`, then the composition is shuffled by
    /// Fisher-Yates from the last position down: for i = size-1 ... 1, swap positions i and uniformInt(below: i+1).
    public func drawBlock(using generator: inout Xoshiro256StarStar, into block: inout [Int]) {
        let size = blockSizes[generator.uniformInt(below: blockSizes.count)]
        block = blockComposition(size: size)
        var i = size - 1
        while i >= 1 {
            let j = generator.uniformInt(below: i + 1)
            block.swapAt(i, j)
            i -= 1
        }
    }
}

extension PermutedBlockDesign: Codable {
    private enum CodingKeys: String, CodingKey { case arms, blockSizes }

    /// Decoding validates like `init(arms:blockSizes:)`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(
            arms: try container.decode([ArmRatio].self, forKey: .arms),
            blockSizes: try container.decode([Int].self, forKey: .blockSizes))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(arms, forKey: .arms)
        try container.encode(blockSizes, forKey: .blockSizes)
    }
}
