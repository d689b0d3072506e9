import Foundation
import Testing
import TrialCore

/// `PermutedBlockExtension`: a longer list continues the shorter one's blocks from the same seed, and a
/// list the seed did not generate is refused.
@Suite("Allocation list extension")
struct PermutedBlockExtensionTests {
    static let design = try! PermutedBlockDesign(arms: [ArmRatio(arm: "I125"), ArmRatio(arm: "SYS")], blockSizes: [4, 6])
    static let seed = try! RandomizationSeed(hex: String(repeating: "5a", count: 32))

    @Test func the_extension_continues_the_blocks_of_the_existing_list() throws {
        let short = try Self.design.generateList(seed: Self.seed, stratum: "lesionCount=8-10", length: 120)
        let long = try Self.design.generateList(seed: Self.seed, stratum: "lesionCount=8-10", length: 480)
        let extended = try PermutedBlockExtension(design: Self.design, seed: Self.seed, stratum: "lesionCount=8-10", existing: short.slots, length: 480)
        #expect(short.slots + extended.addedSlots == long.slots)
        #expect(extended.addedSlots.first?.slotNumber == short.slots.count + 1)
        #expect(extended.addedSlots.first?.blockNumber == (short.slots.last?.blockNumber ?? 0) + 1, "a new block starts after the last complete one")
        #expect(short.slots.count + extended.addedSlots.count >= 480)
        // Every block of the extension holds the arms 1:1.
        for block in Dictionary(grouping: extended.addedSlots, by: \.blockNumber).values {
            #expect(block.filter { $0.arm == "I125" }.count * 2 == block.count)
        }
    }

    @Test func a_list_the_seed_did_not_generate_is_not_extended() throws {
        var slots = try Self.design.generateList(seed: Self.seed, stratum: "lesionCount=6-7", length: 40).slots
        let first = slots[0]
        slots[0] = PermutedBlockSlot(stratum: first.stratum, slotNumber: 1, blockNumber: first.blockNumber, blockSize: first.blockSize,
                                     positionInBlock: first.positionInBlock, arm: first.arm == "I125" ? "SYS" : "I125")
        #expect(throws: ValidationFailure.self) {
            _ = try PermutedBlockExtension(design: Self.design, seed: Self.seed, stratum: "lesionCount=6-7", existing: slots, length: 80)
        }
        let other = try RandomizationSeed(hex: String(repeating: "a5", count: 32))
        let fromOther = try Self.design.generateList(seed: other, stratum: "lesionCount=6-7", length: 40).slots
        #expect(throws: ValidationFailure.self) {
            _ = try PermutedBlockExtension(design: Self.design, seed: Self.seed, stratum: "lesionCount=6-7", existing: fromOther, length: 80)
        }
    }
}
