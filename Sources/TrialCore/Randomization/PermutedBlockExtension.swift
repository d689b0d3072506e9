import Foundation

/// How a stratum's allocation list grows when the trial needs more slots than it holds: the same stream of
/// the same seed drawn further (`generateList` draws whole blocks until the length is reached, so a longer
/// list begins with exactly the blocks of the shorter one). The existing slots are checked against that
/// prefix first: a list that the seed did not generate is never extended (docs/randomization.md).
public struct PermutedBlockExtension: Sendable, Hashable {
    public let stratum: String
    /// The slots after the existing ones, continuing their block numbers.
    public let addedSlots: [PermutedBlockSlot]

    /// - Parameters:
    ///   - existing: the stratum's stored slots in slot order (compared by slot and block number, block size and arm;
    ///     the position in the block follows from them).
    ///   - length: the number of slots the list must reach (the new target enrollment, or the extension asked for).
    /// - Throws: `ValidationFailure` when `existing` is not the beginning of the list the seed generates
    ///   (field `stratum`), or when `length` is out of range (field `length`).
    public init(design: PermutedBlockDesign, seed: RandomizationSeed, stratum: String, existing: [PermutedBlockSlot], length: Int) throws {
        let regenerated = try design.generateList(seed: seed, stratum: stratum, length: max(length, existing.count))
        func key(_ slot: PermutedBlockSlot) -> String { "\(slot.slotNumber)/\(slot.blockNumber)/\(slot.blockSize)/\(slot.arm)" }
        guard regenerated.slots.prefix(existing.count).map(key) == existing.map(key) else {
            throw ValidationFailure(field: "stratum", RuleMessage(
                "randomization.listNotFromSeed", "the stored list of stratum {stratum} is not the one the seed generates: it cannot be extended (run trialdesk randomization verify)",
                ["stratum": stratum]))
        }
        self.stratum = stratum
        self.addedSlots = Array(regenerated.slots.dropFirst(existing.count))
    }
}
