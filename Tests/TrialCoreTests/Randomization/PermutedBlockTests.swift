import Foundation
import PropertyBased
import Testing

@testable import TrialCore

struct PermutedBlockTests {
    static let seed = RandomGeneratorTests.goldenSeed
    static let oneToOne = try! PermutedBlockDesign(arms: [ArmRatio(arm: "SEED+ST"), ArmRatio(arm: "ST")], blockSizes: [4, 6])

    private static func rows(_ lists: [PermutedBlockList]) -> [[String]] {
        lists.flatMap(\.slots).map {
            [$0.stratum, String($0.slotNumber), String($0.blockNumber), String($0.blockSize), String($0.positionInBlock), $0.arm]
        }
    }

    @Test func lists_reproduce_the_committed_golden_list_from_the_seed() throws {
        let strata = ["ecog=0;lesions=6-7", "ecog=0;lesions=8-10", "ecog=1;lesions=6-7", "ecog=1;lesions=8-10"]
        let lists = try Self.oneToOne.generateLists(seed: Self.seed, strata: strata, length: 40)
        let golden = try GoldenFile.rows("permuted-blocks-1to1-4-6.csv")
        #expect(golden.count > 160)
        #expect(Self.rows(lists) == golden)
    }

    @Test func two_to_one_lists_reproduce_their_golden_list() throws {
        let design = try PermutedBlockDesign(arms: [ArmRatio(arm: "E", weight: 2), ArmRatio(arm: "C")], blockSizes: [9, 3, 6])
        let list = try design.generateList(seed: Self.seed, stratum: "all", length: 60)
        #expect(Self.rows([list]) == (try GoldenFile.rows("permuted-blocks-2to1-3-6-9.csv")))
    }

    @Test func allocation_is_balanced_at_every_block_end() async {
        let designs = [
            Self.oneToOne,
            try! PermutedBlockDesign(arms: [ArmRatio(arm: "E", weight: 2), ArmRatio(arm: "C")], blockSizes: [3, 6, 9]),
            try! PermutedBlockDesign(arms: [ArmRatio(arm: "A"), ArmRatio(arm: "B"), ArmRatio(arm: "C", weight: 2)], blockSizes: [4, 8]),
        ]
        await propertyCheck(input: Gen.int(in: 0...(designs.count - 1)), Gen.int(in: 1...200), Gen.int(in: 0...Int.max)) { which, length, salt in
            let design = designs[which]
            let list = try! design.generateList(seed: Self.seed, stratum: "s\(salt)", length: length)
            let weights = design.reducedWeights
            var counts = [String: Int]()
            for slot in list.slots {
                counts[slot.arm, default: 0] += 1
                if slot.positionInBlock == slot.blockSize {
                    // Counts proportional to the ratio: n_a × total == slot number × w_a for every arm.
                    for (arm, weight) in zip(design.arms, weights) {
                        #expect(counts[arm.arm, default: 0] * weights.reduce(0, +) == slot.slotNumber * weight)
                    }
                }
            }
            // Complete blocks, long enough, numbered in order.
            #expect(list.slots.count >= length)
            #expect(list.slots.count - length < design.blockSizes.max()!)
            #expect(list.slots.last!.positionInBlock == list.slots.last!.blockSize)
            #expect(list.slots.map(\.slotNumber) == Array(1...list.slots.count))
            #expect(list.slots.allSatisfy { design.blockSizes.contains($0.blockSize) })
        }
    }

    @Test func block_sizes_are_drawn_from_the_whole_set_with_equal_probability() throws {
        let list = try Self.oneToOne.generateList(seed: Self.seed, stratum: "sizes", length: 50_000)
        var blocks = [Int: Int]()
        for slot in list.slots where slot.positionInBlock == 1 { blocks[slot.blockSize, default: 0] += 1 }
        let total = Double(blocks.values.reduce(0, +))
        // Binomial(total, 1/2): 4 standard errors is about 0.01 here.
        #expect(abs(Double(blocks[4, default: 0]) / total - 0.5) < 4 * (0.25 / total).squareRoot())
        #expect(Set(blocks.keys) == [4, 6])
    }

    @Test func every_arrangement_of_a_block_of_4_is_equally_likely() throws {
        let design = try PermutedBlockDesign(arms: [ArmRatio(arm: "A"), ArmRatio(arm: "B")], blockSizes: [4])
        let list = try design.generateList(seed: Self.seed, stratum: "arrangements", length: 4 * 12_000)
        var arrangements = [String: Int]()
        for start in stride(from: 0, to: list.slots.count, by: 4) {
            arrangements[list.slots[start..<(start + 4)].map(\.arm).joined(), default: 0] += 1
        }
        #expect(Set(arrangements.keys) == ["AABB", "ABAB", "ABBA", "BAAB", "BABA", "BBAA"])
        // Chi-square with 5 degrees of freedom; 20.5 is its 99.9th percentile.
        let chiSquare = arrangements.values.reduce(0.0) { $0 + pow(Double($1) - 2_000, 2) / 2_000 }
        #expect(chiSquare < 20.5)
    }

    @Test func a_stratum_list_does_not_depend_on_the_other_strata() throws {
        let alone = try Self.oneToOne.generateList(seed: Self.seed, stratum: "ecog=1", length: 30)
        let together = try Self.oneToOne.generateLists(seed: Self.seed, strata: ["ecog=0", "ecog=1", "ecog=2"], length: 30)
        #expect(together[1] == alone)
        #expect(together[0].slots.map(\.arm) != together[1].slots.map(\.arm))
        let otherSeed = try RandomizationSeed(hex: String(repeating: "ab", count: 32))
        #expect(try Self.oneToOne.generateList(seed: otherSeed, stratum: "ecog=1", length: 30).slots.map(\.arm) != alone.slots.map(\.arm))
    }

    @Test func a_ratio_with_a_common_factor_is_reduced() throws {
        let twoTwo = try PermutedBlockDesign(arms: [ArmRatio(arm: "SEED+ST", weight: 2), ArmRatio(arm: "ST", weight: 2)], blockSizes: [6, 4])
        #expect(twoTwo.reducedWeights == [1, 1])
        #expect(twoTwo.blockSizes == [4, 6])
        #expect(try twoTwo.generateList(seed: Self.seed, stratum: "x", length: 20).slots.map(\.arm)
            == (try Self.oneToOne.generateList(seed: Self.seed, stratum: "x", length: 20).slots.map(\.arm)))
    }

    @Test func block_composition_holds_the_arms_in_the_ratio() throws {
        let design = try PermutedBlockDesign(arms: [ArmRatio(arm: "E", weight: 2), ArmRatio(arm: "C")], blockSizes: [6])
        #expect(design.blockComposition(size: 6) == [0, 0, 0, 0, 1, 1])
    }

    @Test func invalid_designs_are_rejected_naming_the_field_and_rule() {
        #expect(RandomizationFieldErrors.of { _ = try PermutedBlockDesign(arms: [ArmRatio(arm: "A"), ArmRatio(arm: "B")], blockSizes: [4, 3, 4]) } == [
            FieldError(field: "blockSizes[1]", message: "must be a multiple of 2 (the allocation ratio 1:1 adds up to 2) so that every block holds the arms in the ratio, got 3"),
            FieldError(field: "blockSizes[2]", message: "repeats block size 4; each size may appear once"),
        ])
        #expect(RandomizationFieldErrors.of { _ = try PermutedBlockDesign(arms: [ArmRatio(arm: "A", weight: 2), ArmRatio(arm: "B")], blockSizes: [4]) } == [
            FieldError(field: "blockSizes[0]", message: "must be a multiple of 3 (the allocation ratio 2:1 adds up to 3) so that every block holds the arms in the ratio, got 4"),
        ])
        #expect(RandomizationFieldErrors.of { _ = try PermutedBlockDesign(arms: [ArmRatio(arm: "A")], blockSizes: []) } == [
            FieldError(field: "arms", message: "needs at least 2 arms to randomize between, got 1"),
            FieldError(field: "blockSizes", message: "needs at least one block size"),
        ])
        #expect(RandomizationFieldErrors.of { _ = try PermutedBlockDesign(arms: [ArmRatio(arm: "A", weight: 0), ArmRatio(arm: "A")], blockSizes: [0]) } == [
            FieldError(field: "arms[0].weight", message: "must be a whole number of at least 1 (the arm's share of the allocation ratio), got 0"),
            FieldError(field: "arms[1].arm", message: "repeats arm 'A'; each arm code may appear once"),
            FieldError(field: "blockSizes[0]", message: "must be a positive whole number, got 0"),
        ])
    }

    @Test func invalid_list_requests_are_rejected_naming_the_field_and_rule() {
        #expect(RandomizationFieldErrors.of { _ = try Self.oneToOne.generateLists(seed: Self.seed, strata: ["a", "", "a"], length: 0) } == [
            FieldError(field: "length", message: "must be between 1 and 1000000 slots, got 0"),
            FieldError(field: "strata[1]", message: "must not be empty (it names the stratum's stream)"),
            FieldError(field: "strata[2]", message: "repeats stratum 'a'; each stratum has one list"),
        ])
        #expect(RandomizationFieldErrors.of { _ = try Self.oneToOne.generateLists(seed: Self.seed, strata: [], length: 10) } == [
            FieldError(field: "strata", message: "needs at least one stratum (a trial without stratification has one)"),
        ])
    }
}

struct RandomizationDesignCodingTests {
    @Test func designs_round_trip_through_json_and_decoding_validates() throws {
        let blocks = PermutedBlockTests.oneToOne
        #expect(try JSONDecoder().decode(PermutedBlockDesign.self, from: JSONEncoder().encode(blocks)) == blocks)
        let minimization = MinimizationTests.design(weights: (2, 1), measure: .variance, p: 0.9)
        #expect(try JSONDecoder().decode(MinimizationDesign.self, from: JSONEncoder().encode(minimization)) == minimization)
        let invalid = Data(#"{"arms":[{"arm":"A","weight":1},{"arm":"B","weight":1}],"blockSizes":[3]}"#.utf8)
        #expect(RandomizationFieldErrors.of { _ = try JSONDecoder().decode(PermutedBlockDesign.self, from: invalid) } == [
            FieldError(field: "blockSizes[0]", message: "must be a multiple of 2 (the allocation ratio 1:1 adds up to 2) so that every block holds the arms in the ratio, got 3"),
        ])
    }
}
