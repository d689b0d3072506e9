import Foundation

/// One allocation slot of a stratum's list: the n-th participant randomized in the stratum receives slot n.
public struct PermutedBlockSlot: Hashable, Sendable, Codable {
    public let stratum: String
    /// 1, 2, 3, ... within the stratum.
    public let slotNumber: Int
    /// 1, 2, 3, ... within the stratum.
    public let blockNumber: Int
    public let blockSize: Int
    /// 1 ... blockSize.
    public let positionInBlock: Int
    public let arm: String

    public init(stratum: String, slotNumber: Int, blockNumber: Int, blockSize: Int, positionInBlock: Int, arm: String) {
        self.stratum = stratum
        self.slotNumber = slotNumber
        self.blockNumber = blockNumber
        self.blockSize = blockSize
        self.positionInBlock = positionInBlock
        self.arm = arm
    }
}

/// A stratum's concealed allocation list: complete blocks, at least as many slots as the requested length.
public struct PermutedBlockList: Hashable, Sendable, Codable {
    public let stratum: String
    public let slots: [PermutedBlockSlot]

    public init(stratum: String, slots: [PermutedBlockSlot]) {
        self.stratum = stratum
        self.slots = slots
    }
}

extension PermutedBlockDesign {
    /// The list of one stratum, from the stream `seed.stream("permuted-blocks/stratum/" + stratum)`: blocks are
    /// drawn (`drawBlock`) until the list holds at least `length` slots. A pure function of its arguments; the
    /// list of one stratum does not depend on which other strata exist.
    public func generateList(seed: RandomizationSeed, stratum: String, length: Int) throws -> PermutedBlockList {
        try ValidationFailure.throwIfAny(Self.validateLength(length) + Self.validateStratum(stratum, field: "stratum"))
        var generator = seed.stream(RandomizationStreamLabel.permutedBlockStratum(stratum))
        var slots: [PermutedBlockSlot] = []
        slots.reserveCapacity(length + (blockSizes.last ?? 0))
        var block: [Int] = []
        var blockNumber = 0
        while slots.count < length {
            drawBlock(using: &generator, into: &block)
            blockNumber += 1
            for (position, armIndex) in block.enumerated() {
                slots.append(PermutedBlockSlot(
                    stratum: stratum, slotNumber: slots.count + 1, blockNumber: blockNumber, blockSize: block.count,
                    positionInBlock: position + 1, arm: arms[armIndex].arm))
            }
        }
        return PermutedBlockList(stratum: stratum, slots: slots)
    }

    /// One list per stratum, in the order given; `length` is the target enrollment, so that any one stratum
    /// can take the whole trial. Field names: `strata`, `strata[i]`, `length`.
    public func generateLists(seed: RandomizationSeed, strata: [String], length: Int) throws -> [PermutedBlockList] {
        var errors = Self.validateLength(length)
        if strata.isEmpty {
            errors.append(FieldError(field: "strata", message: "needs at least one stratum (a trial without stratification has one)"))
        }
        var seen: Set<String> = []
        for (index, stratum) in strata.enumerated() {
            let field = "strata[\(index)]"
            errors += Self.validateStratum(stratum, field: field)
            if !seen.insert(stratum).inserted {
                errors.append(FieldError(field: field, message: "repeats stratum '\(stratum)'; each stratum has one list"))
            }
        }
        try ValidationFailure.throwIfAny(errors)
        return try strata.map { try generateList(seed: seed, stratum: $0, length: length) }
    }

    private static func validateLength(_ length: Int) -> [FieldError] {
        guard (1...maximumListLength).contains(length) else {
            return [FieldError(field: "length", message: "must be between 1 and \(maximumListLength) slots, got \(length)")]
        }
        return []
    }

    private static func validateStratum(_ stratum: String, field: String) -> [FieldError] {
        stratum.isEmpty ? [FieldError(field: field, message: "must not be empty (it names the stratum's stream)")] : []
    }
}
