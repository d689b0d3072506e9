import Foundation
import PropertyBased
import Testing

@testable import TrialCore

struct MinimizationTests {
    static let seed = RandomGeneratorTests.goldenSeed
    static let twoArms = [ArmRatio(arm: "A"), ArmRatio(arm: "B")]

    static func design(
        weights: (Double, Double) = (1, 1), measure: ImbalanceMeasure = .range, p: Double = 0.8
    ) -> MinimizationDesign {
        try! MinimizationDesign(
            arms: twoArms,
            factors: [
                MinimizationFactor(name: "sex", levels: ["F", "M"], weight: weights.0),
                MinimizationFactor(name: "ecog", levels: ["0", "1"], weight: weights.1),
            ],
            measure: measure, preferredProbability: p)
    }

    /// Two patients (F, ecog 1) on A and two (M, ecog 0) on B: a new (F, ecog 0) patient is pulled towards B
    /// by sex and towards A by ECOG.
    static func conflictingCounts(_ design: MinimizationDesign) -> MinimizationCounts {
        var counts = MinimizationCounts(design: design)
        for _ in 0..<2 {
            try! counts.record(levels: ["sex": "F", "ecog": "1"], arm: "A", design: design)
            try! counts.record(levels: ["sex": "M", "ecog": "0"], arm: "B", design: design)
        }
        return counts
    }

    @Test func replay_reproduces_the_committed_golden_draws() throws {
        let design = try MinimizationDesign(
            arms: Self.twoArms,
            factors: [
                MinimizationFactor(name: "sex", levels: ["F", "M"], weight: 1),
                MinimizationFactor(name: "ecog", levels: ["0", "1"], weight: 2),
                MinimizationFactor(name: "site", levels: ["lung", "liver", "bone"], weight: 0.5),
            ],
            measure: .range, preferredProbability: 0.8)
        let golden = try GoldenFile.rows("minimization-range-p08.csv")
        #expect(golden.count == 40)
        let patients = golden.map { ["sex": $0[1], "ecog": $0[2], "site": $0[3]] }
        let draws = try MinimizationAllocator.replay(design: design, seed: Self.seed, patients: patients)
        for (draw, row) in zip(draws, golden) {
            #expect(draw.allocationNumber == Int(row[0]))
            #expect(draw.levels.map(\.level) == [row[1], row[2], row[3]])
            #expect(draw.totals.map(\.total) == [Double(row[4])!, Double(row[5])!])
            #expect(draw.candidateArms.joined(separator: "|") == row[6])
            #expect(draw.tieBreakUniform == Double(row[7])!)
            #expect(draw.preferredArm == row[8])
            #expect(draw.coinUniform == Double(row[9])!)
            #expect(draw.assignedArm == row[10])
        }
        // The golden sequence exercises ties and coin flips against the preference.
        #expect(draws.contains { $0.candidateArms.count == 2 })
        #expect(draws.contains { !$0.followedPreference })
    }

    @Test func with_p_1_the_arm_with_the_smaller_total_is_always_assigned() async {
        let design = Self.design(p: 1)
        await propertyCheck(input: Gen.int(in: 0...Int.max), Gen.int(in: 1...60)) { salt, patients in
            let seed = try! RandomizationSeed(bytes: SHA256Digest.hash(Array("p1/\(salt)".utf8)))
            var allocator = MinimizationAllocator(design: design, seed: seed)
            var levelStream = seed.stream("patients")
            for _ in 0..<patients {
                let levels = ["sex": ["F", "M"][levelStream.uniformInt(below: 2)], "ecog": ["0", "1"][levelStream.uniformInt(below: 2)]]
                let draw = try! allocator.assign(levels: levels)
                let smallest = draw.totals.map(\.total).min()!
                #expect(draw.followedPreference)
                #expect(draw.totals.first { $0.arm == draw.assignedArm }!.total == smallest)
            }
        }
    }

    @Test func with_p_1_and_one_factor_each_level_never_drifts_more_than_one_apart() async {
        let design = try! MinimizationDesign(
            arms: Self.twoArms, factors: [MinimizationFactor(name: "site", levels: ["lung", "liver", "bone"])], preferredProbability: 1)
        await propertyCheck(input: Gen.int(in: 0...Int.max)) { salt in
            let seed = try! RandomizationSeed(bytes: SHA256Digest.hash(Array("drift/\(salt)".utf8)))
            var allocator = MinimizationAllocator(design: design, seed: seed)
            var levelStream = seed.stream("patients")
            for _ in 0..<50 {
                _ = try! allocator.assign(levels: ["site": ["lung", "liver", "bone"][levelStream.uniformInt(below: 3)]])
                for level in 0..<3 {
                    #expect(abs(allocator.counts.count(factor: 0, level: level, arm: 0) - allocator.counts.count(factor: 0, level: level, arm: 1)) <= 1)
                }
            }
        }
    }

    @Test func a_tie_is_broken_at_random_with_equal_chances() throws {
        // The first patient finds every count at zero: both totals are equal. Over 1,000 seeds the preferred arm
        // is A about half the time: Binomial(1000, 1/2) has standard deviation 15.8, so 4 SD is about 63.
        let design = Self.design(p: 1)
        var preferredA = 0
        for index in 0..<1_000 {
            let seed = try RandomizationSeed(bytes: SHA256Digest.hash(Array("tie/\(index)".utf8)))
            var allocator = MinimizationAllocator(design: design, seed: seed)
            let draw = try allocator.assign(levels: ["sex": "F", "ecog": "0"])
            #expect(draw.candidateArms == ["A", "B"])
            #expect(draw.totals.map(\.total) == [2, 2])
            if draw.preferredArm == "A" { preferredA += 1 }
        }
        #expect(abs(preferredA - 500) < 63)
    }

    @Test func factor_weights_decide_between_conflicting_factors() throws {
        // Range: G_A = w_sex·|3 - 0| + w_ecog·|1 - 2|, G_B = w_sex·|2 - 1| + w_ecog·|0 - 3|.
        let sexHeavy = Self.design(weights: (3, 1))
        let patient = try sexHeavy.levelIndices(for: ["sex": "F", "ecog": "0"])
        #expect(sexHeavy.totals(counts: Self.conflictingCounts(sexHeavy), levelIndices: patient) == [10, 6])
        let ecogHeavy = Self.design(weights: (1, 3))
        #expect(ecogHeavy.totals(counts: Self.conflictingCounts(ecogHeavy), levelIndices: patient) == [6, 10])
        let draw = try ecogHeavy.allocate(
            levels: ["sex": "F", "ecog": "0"], counts: Self.conflictingCounts(ecogHeavy), allocationNumber: 5,
            tieBreakUniform: 0.99, coinUniform: 0.5)
        #expect(draw.candidateArms == ["A"] && draw.preferredArm == "A" && draw.assignedArm == "A")
    }

    @Test func variance_measure_sums_sample_variances() throws {
        // Two arms: variance = (n_A - n_B)^2 / 2. G_A = 3·9/2 + 1·1/2 = 14, G_B = 3·1/2 + 1·9/2 = 6.
        let design = Self.design(weights: (3, 1), measure: .variance)
        let patient = try design.levelIndices(for: ["sex": "F", "ecog": "0"])
        #expect(design.totals(counts: Self.conflictingCounts(design), levelIndices: patient) == [14, 6])
        #expect(ImbalanceMeasure.variance.imbalance(of: [1, 2, 6]) == 7)
        #expect(ImbalanceMeasure.range.imbalance(of: [1, 2, 6]) == 5)
    }

    @Test func counts_are_adjusted_for_the_allocation_ratio() throws {
        // 2:1 with A = 2, B = 1 is balanced. Adding to A gives |3/2 - 1| = 0.5, adding to B gives |1 - 2| = 1.
        let design = try MinimizationDesign(
            arms: [ArmRatio(arm: "A", weight: 2), ArmRatio(arm: "B")],
            factors: [MinimizationFactor(name: "sex", levels: ["F", "M"])], preferredProbability: 1)
        var counts = MinimizationCounts(design: design)
        for arm in ["A", "A", "B"] { try counts.record(levels: ["sex": "F"], arm: arm, design: design) }
        #expect(design.totals(counts: counts, levelIndices: [0]) == [0.5, 1])
    }

    @Test(arguments: [
        // (u1, u2, preferred, assigned) with candidates A, B, C and p = 0.8.
        (0.5, 0.79, 1, 1),
        (0.5, 0.85, 1, 0),  // (0.85 - 0.8) / 0.2 × 2 = 0.5: first of the others (A)
        (0.5, 0.95, 1, 2),  // 1.5: second of the others (C)
        (0.0, 0.999_999_999_999, 0, 2),
        (0.99, 0.8, 2, 0),
    ])
    func coin_maps_its_uniforms_as_documented(u1: Double, u2: Double, preferred: Int, assigned: Int) throws {
        let design = try MinimizationDesign(
            arms: [ArmRatio(arm: "A"), ArmRatio(arm: "B"), ArmRatio(arm: "C")],
            factors: [MinimizationFactor(name: "sex", levels: ["F", "M"])], preferredProbability: 0.8)
        let choice = design.decide(candidates: [0, 1, 2], tieBreakUniform: u1, coinUniform: u2)
        #expect(choice.preferred == preferred && choice.assigned == assigned)
    }

    @Test func coin_follows_the_preference_with_probability_p() throws {
        // 4,000 allocations at p = 0.8: the share following the preference has SE sqrt(0.16 / 4000) = 0.0063.
        var allocator = MinimizationAllocator(design: Self.design(), seed: Self.seed)
        var stream = Self.seed.stream("patients")
        var followed = 0
        for _ in 0..<4_000 {
            let draw = try allocator.assign(levels: ["sex": ["F", "M"][stream.uniformInt(below: 2)], "ecog": ["0", "1"][stream.uniformInt(below: 2)]])
            if draw.followedPreference { followed += 1 }
        }
        #expect(abs(Double(followed) / 4_000 - 0.8) < 4 * 0.0063)
    }

    @Test func stateless_uniforms_match_the_allocators_draws() throws {
        var allocator = MinimizationAllocator(design: Self.design(), seed: Self.seed)
        for number in 1...12 {
            let draw = try allocator.assign(levels: ["sex": number % 2 == 0 ? "F" : "M", "ecog": number % 3 == 0 ? "1" : "0"])
            let uniforms = try MinimizationAllocator.uniforms(seed: Self.seed, allocationNumber: number)
            #expect(draw.allocationNumber == number)
            #expect(draw.tieBreakUniform == uniforms.tieBreak && draw.coinUniform == uniforms.coin)
        }
        #expect(RandomizationFieldErrors.of { _ = try MinimizationAllocator.uniforms(seed: Self.seed, allocationNumber: 0) } == [
            FieldError(field: "allocationNumber", message: "must be 1 or more (the first allocation is 1), got 0"),
        ])
    }

    @Test func invalid_designs_are_rejected_naming_the_field_and_rule() {
        #expect(RandomizationFieldErrors.of {
            _ = try MinimizationDesign(
                arms: Self.twoArms,
                factors: [
                    MinimizationFactor(name: "sex", levels: ["F"], weight: -1),
                    MinimizationFactor(name: "sex", levels: ["0", "0"], weight: 0),
                ],
                preferredProbability: 0.4)
        } == [
            FieldError(field: "factors[0].levels", message: "needs at least 2 levels (a factor with one level cannot separate patients), got 1"),
            FieldError(field: "factors[0].weight", message: "must be a finite number of at least 0, got -1.0"),
            FieldError(field: "factors[1].name", message: "repeats factor 'sex'; each factor may appear once"),
            FieldError(field: "factors[1].levels[1]", message: "repeats level '0'; each level may appear once"),
            FieldError(field: "preferredProbability", message: "must be between 1/2 (no preference among 2 arms) and 1 (always the preferred arm), got 0.4"),
        ])
        #expect(RandomizationFieldErrors.of {
            _ = try MinimizationDesign(arms: Self.twoArms, factors: [MinimizationFactor(name: "sex", levels: ["F", "M"], weight: 0)], preferredProbability: 1.5)
        } == [
            FieldError(field: "factors", message: "needs at least one factor with a weight above 0"),
            FieldError(field: "preferredProbability", message: "must be between 1/2 (no preference among 2 arms) and 1 (always the preferred arm), got 1.5"),
        ])
        #expect(RandomizationFieldErrors.of { _ = try MinimizationDesign(arms: Self.twoArms, factors: []) } == [
            FieldError(field: "factors", message: "needs at least one factor to minimize over"),
        ])
    }

    @Test func a_patient_without_valid_levels_is_refused() {
        var allocator = MinimizationAllocator(design: Self.design(), seed: Self.seed)
        #expect(RandomizationFieldErrors.of { _ = try allocator.assign(levels: ["sex": "X", "stage": "II"]) } == [
            FieldError(field: "levels.sex", message: "must be one of F, M, got 'X'"),
            FieldError(field: "levels.ecog", message: "is required for minimization; one of 0, 1"),
            FieldError(field: "levels.stage", message: "is not a minimization factor; factors are sex, ecog"),
        ])
        #expect(allocator.draws.isEmpty)
        // A refused patient uses no allocation number and no uniforms: the next patient is allocation 1.
        let first = try! allocator.assign(levels: ["sex": "F", "ecog": "0"])
        let uniforms = try! MinimizationAllocator.uniforms(seed: Self.seed, allocationNumber: 1)
        #expect(first.allocationNumber == 1 && first.tieBreakUniform == uniforms.tieBreak && first.coinUniform == uniforms.coin)
        #expect(RandomizationFieldErrors.of {
            _ = try MinimizationAllocator.replay(design: Self.design(), seed: Self.seed, patients: [["sex": "F", "ecog": "0"], ["sex": "F"]])
        } == [FieldError(field: "patients[1].levels.ecog", message: "is required for minimization; one of 0, 1")])
    }
}
