import Foundation
import Testing

@testable import TrialCore

/// The simulation against figures derived exactly.
///
/// Derivation for 1:1 blocks of fixed size 4. A block is one of the 6 equally likely arrangements of AABB, so
/// everything about a position within a block follows by enumerating them (`BlockOfFour`):
/// - the convergence guess (the arm with fewer so far, half credit on a tie) is right with probability
///   q = 1/2, 2/3, 2/3, 1 at positions 1-4: 17/6 correct per block, 17/24 per allocation;
/// - after r patients of a block the signed difference n_A - n_B is 0 (r = 0), ±1 (r = 1, 3), or
///   +2, 0, -2 with probabilities 1/6, 2/3, 1/6 (r = 2); so E|D| = 0, 1, 2/3, 1.
/// Every block ends balanced, so a stratum with m patients has the difference of its last m mod 4 patients and
/// m div 4 complete blocks of guesses. With S strata, patients fall into stratum s with probability 1/S: with
/// two strata n_1 ~ Binomial(n, 1/2), n_2 = n - n_1, and the strata's lists are independent, so the exact
/// figures are sums over n_1 of the binomial probability times the enumerated values (`twoStrataExpectations`).
///
/// The simulation's estimates are means over trials; the test allows 4 of their standard errors (reported by
/// the simulation from the sample variance), a two-sided normal tail of 6e-5. The seed is fixed, so the
/// outcome is deterministic; the tolerance says how far chance alone could have moved it.
struct RandomizationSimulationTests {
    static let seed = RandomGeneratorTests.goldenSeed
    static let fixedFour = try! PermutedBlockDesign(arms: [ArmRatio(arm: "A"), ArmRatio(arm: "B")], blockSizes: [4])

    enum BlockOfFour {
        /// The 6 distinct arrangements of A, A, B, B (0 = A, 1 = B).
        static let arrangements: [[Int]] = {
            var result: Set<[Int]> = []
            func permute(_ prefix: [Int], _ rest: [Int]) {
                if rest.isEmpty { result.insert(prefix); return }
                for index in rest.indices {
                    var remaining = rest
                    let next = remaining.remove(at: index)
                    permute(prefix + [next], remaining)
                }
            }
            permute([], [0, 0, 1, 1])
            return result.sorted { $0.lexicographicallyPrecedes($1) }
        }()

        /// Probability that the convergence guess is right at positions 1...4.
        static let guessCreditByPosition: [Double] = (0..<4).map { position in
            arrangements.reduce(0.0) { sum, block in
                let a = block[..<position].filter { $0 == 0 }.count
                let b = position - a
                let credit: Double = a == b ? 0.5 : ((a < b) == (block[position] == 0) ? 1 : 0)
                return sum + credit / Double(arrangements.count)
            }
        }

        /// Distribution of n_A - n_B after r = 0...3 patients of a block: difference -> probability.
        static let differenceAfter: [[Int: Double]] = (0..<4).map { r in
            var distribution: [Int: Double] = [:]
            for block in arrangements {
                let difference = block[..<r].reduce(0) { $0 + ($1 == 0 ? 1 : -1) }
                distribution[difference, default: 0] += 1 / Double(arrangements.count)
            }
            return distribution
        }

        static func meanAbsDifference(after r: Int) -> Double {
            differenceAfter[r].reduce(0) { $0 + Double(abs($1.key)) * $1.value }
        }

        /// Expected correct guesses among the first m patients of a stratum.
        static func expectedCorrect(_ m: Int) -> Double {
            Double(m / 4) * guessCreditByPosition.reduce(0, +) + guessCreditByPosition[..<(m % 4)].reduce(0, +)
        }
    }

    static func binomialProbability(_ k: Int, _ n: Int, _ p: Double) -> Double {
        let logChoose: Double = lgamma(Double(n + 1)) - lgamma(Double(k + 1)) - lgamma(Double(n - k + 1))
        let logPowers: Double = Double(k) * log(p) + Double(n - k) * log(1 - p)
        return exp(logChoose + logPowers)
    }

    /// Exact (meanAbsImbalance, P(|imbalance| >= 6), withinStrata, correctGuess) for two equally likely strata.
    static func twoStrataExpectations(n: Int) -> (Double, Double, Double, Double) {
        var meanAbs = 0.0, atLeast6 = 0.0, within = 0.0, guess = 0.0
        for n1 in 0...n {
            let weight = binomialProbability(n1, n, 0.5)
            let first = BlockOfFour.differenceAfter[n1 % 4], second = BlockOfFour.differenceAfter[(n - n1) % 4]
            for (d1, p1) in first {
                for (d2, p2) in second {
                    meanAbs += weight * p1 * p2 * Double(abs(d1 + d2))
                    if abs(d1 + d2) >= 6 { atLeast6 += weight * p1 * p2 }
                }
            }
            let withinPair: Double = BlockOfFour.meanAbsDifference(after: n1 % 4) + BlockOfFour.meanAbsDifference(after: (n - n1) % 4)
            within += weight * withinPair / 2
            let correctPair: Double = BlockOfFour.expectedCorrect(n1) + BlockOfFour.expectedCorrect(n - n1)
            guess += weight * correctPair / Double(n)
        }
        return (meanAbs, atLeast6, within, guess)
    }

    static func expectWithin4StandardErrors(_ estimate: Double, _ standardError: Double, exact: Double, _ comment: Comment) {
        #expect(abs(estimate - exact) <= 4 * standardError + 1e-12, comment)
    }

    @Test func enumeration_of_a_block_of_four_gives_the_textbook_values() {
        #expect(BlockOfFour.arrangements.count == 6)
        let q = BlockOfFour.guessCreditByPosition
        let expected: [Double] = [1.0 / 2, 2.0 / 3, 2.0 / 3, 1]
        for (value, exact) in zip(q, expected) {
            #expect(abs(value - exact) < 1e-15)
        }
        // Blackwell and Hodges: in a block of 2m, m + 2^(2m-1) / C(2m, m) - 1/2 guesses are right: 17/6 for m = 2.
        #expect(abs(q.reduce(0, +) - 17.0 / 6) < 1e-12)
        let afterTwo: [Int: Double] = BlockOfFour.differenceAfter[2]
        let expectedAfterTwo: [Int: Double] = [2: 1.0 / 6, 0: 4.0 / 6, -2: 1.0 / 6]
        #expect(Set(afterTwo.keys) == Set(expectedAfterTwo.keys))
        for (difference, probability) in expectedAfterTwo {
            #expect(abs(afterTwo[difference, default: 0] - probability) < 1e-15)
        }
        #expect(abs(BlockOfFour.meanAbsDifference(after: 2) - 2.0 / 3) < 1e-15)
    }

    @Test(arguments: [120, 121, 122, 123])
    func one_stratum_of_fixed_blocks_of_four_matches_the_enumeration(n: Int) throws {
        let simulation = try RandomizationSimulation(
            scheme: .permutedBlocks(Self.fixedFour, stratumProbabilities: [1]), patients: n, trials: 4_000)
        let result = simulation.run(seed: Self.seed)
        let remainder = n % 4
        // Imbalance is that of the last, incomplete block: exactly 0 or 1 for r = 0, 1, 3; 2 w.p. 1/3 for r = 2.
        Self.expectWithin4StandardErrors(result.meanAbsImbalance, result.meanAbsImbalanceStandardError,
                                         exact: BlockOfFour.meanAbsDifference(after: remainder), "mean |imbalance|")
        if remainder != 2 {
            #expect(result.meanAbsImbalance == BlockOfFour.meanAbsDifference(after: remainder))
        }
        #expect(result.probImbalanceAtLeast6 == 0)
        #expect(result.withinStrataMeanAbsImbalance == result.meanAbsImbalance)
        let exactGuess = BlockOfFour.expectedCorrect(n) / Double(n)
        #expect(result.correctGuessProbabilityStandardError > 0 && result.correctGuessProbabilityStandardError < 0.001)
        Self.expectWithin4StandardErrors(result.correctGuessProbability, result.correctGuessProbabilityStandardError, exact: exactGuess, "guess")
        if n == 120 { #expect(abs(exactGuess - 17.0 / 24) < 1e-12) }
    }

    @Test func two_strata_of_fixed_blocks_of_four_match_the_binomial_derivation() throws {
        let simulation = try RandomizationSimulation(
            scheme: .permutedBlocks(Self.fixedFour, stratumProbabilities: [0.5, 0.5]), patients: 120, trials: 5_000)
        let result = simulation.run(seed: Self.seed)
        let (meanAbs, atLeast6, within, guess) = Self.twoStrataExpectations(n: 120)
        // By hand: P(n_1 mod 4 odd)·1 + P(n_1 mod 4 = 2)·10/9, about 0.78; the imbalance never exceeds 4.
        #expect(abs(meanAbs - 0.7778) < 0.01)
        #expect(atLeast6 == 0 && result.probImbalanceAtLeast6 == 0)
        Self.expectWithin4StandardErrors(result.meanAbsImbalance, result.meanAbsImbalanceStandardError, exact: meanAbs, "mean |imbalance|")
        Self.expectWithin4StandardErrors(
            result.withinStrataMeanAbsImbalance, result.withinStrataMeanAbsImbalanceStandardError, exact: within, "within strata")
        Self.expectWithin4StandardErrors(result.correctGuessProbability, result.correctGuessProbabilityStandardError, exact: guess, "guess")
        #expect(result.perStratum.map(\.stratum) == ["1", "2"])
    }

    @Test func minimization_with_p_one_half_is_simple_randomization() throws {
        // With p = 1/2 and two arms each patient goes to A or B with probability 1/2 whatever the totals, so
        // n_A ~ Binomial(n, 1/2), any guess is right half the time, and a cell holding m patients (m ~
        // Binomial(n, 1/4) for two factors of two equally likely levels) has n_A ~ Binomial(m, 1/2).
        let n = 60
        let design = try MinimizationDesign(
            arms: [ArmRatio(arm: "A"), ArmRatio(arm: "B")],
            factors: [MinimizationFactor(name: "f1", levels: ["1", "2"]), MinimizationFactor(name: "f2", levels: ["1", "2"])],
            preferredProbability: 0.5)
        let simulation = try RandomizationSimulation(
            scheme: .minimization(design, levelProbabilities: [[0.5, 0.5], [0.5, 0.5]]), patients: n, trials: 4_000)
        let result = simulation.run(seed: Self.seed)
        func meanAbsSimple(_ m: Int) -> Double {
            (0...m).reduce(0.0) { $0 + Self.binomialProbability($1, m, 0.5) * Double(abs(2 * $1 - m)) }
        }
        let exactAtLeast6 = (0...n).reduce(0.0) { $0 + (abs(2 * $1 - n) >= 6 ? Self.binomialProbability($1, n, 0.5) : 0) }
        let exactWithin = (0...n).reduce(0.0) { $0 + Self.binomialProbability($1, n, 0.25) * meanAbsSimple($1) }
        Self.expectWithin4StandardErrors(result.meanAbsImbalance, result.meanAbsImbalanceStandardError, exact: meanAbsSimple(n), "mean |imbalance|")
        Self.expectWithin4StandardErrors(result.probImbalanceAtLeast6, result.probImbalanceAtLeast6StandardError, exact: exactAtLeast6, "P(>= 6)")
        Self.expectWithin4StandardErrors(
            result.withinStrataMeanAbsImbalance, result.withinStrataMeanAbsImbalanceStandardError, exact: exactWithin, "within cells")
        Self.expectWithin4StandardErrors(result.correctGuessProbability, result.correctGuessProbabilityStandardError, exact: 0.5, "guess")
        #expect(result.perStratum.map(\.stratum) == ["f1=1, f2=1", "f1=1, f2=2", "f1=2, f2=1", "f1=2, f2=2"])
    }

    @Test func minimization_with_p_0_8_keeps_the_trial_balanced_but_is_predictable() throws {
        // Not an exact figure but the reason to choose it: with p = 0.8 the whole trial is far better balanced
        // than with simple randomization (E|D| about 8.7 at n = 120), at the price of more predictable allocations.
        let design = try MinimizationDesign(
            arms: [ArmRatio(arm: "A"), ArmRatio(arm: "B")],
            factors: [MinimizationFactor(name: "f1", levels: ["1", "2"]), MinimizationFactor(name: "f2", levels: ["1", "2"])])
        let result = try RandomizationSimulation(
            scheme: .minimization(design, levelProbabilities: [[0.5, 0.5], [0.5, 0.5]]), patients: 120, trials: 1_000).run(seed: Self.seed)
        #expect(result.meanAbsImbalance < 2)
        #expect(result.correctGuessProbability > 0.5)
    }

    @Test func results_do_not_depend_on_the_number_of_workers() throws {
        let simulation = try RandomizationSimulation(
            scheme: .permutedBlocks(try PermutedBlockDesign(arms: [ArmRatio(arm: "A"), ArmRatio(arm: "B")], blockSizes: [2, 4]),
                                    stratumProbabilities: [0.3, 0.7]),
            patients: 50, trials: 3_500)
        let one = simulation.run(seed: Self.seed, workers: 1)
        #expect(simulation.run(seed: Self.seed, workers: 2) == one)
        #expect(simulation.run(seed: Self.seed, workers: 5) == one)
        #expect(one.trials == 3_500)
        let otherSeed = try RandomizationSeed(hex: String(repeating: "0", count: 63) + "1")
        #expect(simulation.run(seed: otherSeed) != one)
    }

    @Test func invalid_simulations_are_rejected_naming_the_field_and_rule() throws {
        #expect(RandomizationFieldErrors.of {
            _ = try RandomizationSimulation(scheme: .permutedBlocks(Self.fixedFour, stratumProbabilities: [0.5, 0.6]), patients: 0, trials: 0)
        } == [
            FieldError(field: "patients", message: "must be between 1 and 100000, got 0"),
            FieldError(field: "trials", message: "must be between 1 and 10000000, got 0"),
            FieldError(field: "stratumProbabilities", message: "must add up to 1 over the strata, got 1.1"),
        ])
        #expect(RandomizationFieldErrors.of {
            _ = try RandomizationSimulation(scheme: .permutedBlocks(Self.fixedFour, stratumProbabilities: [-0.5, 1.5]), patients: 10, trials: 10)
        } == [
            FieldError(field: "stratumProbabilities[0]", message: "must be a probability between 0 and 1, got -0.5"),
            FieldError(field: "stratumProbabilities[1]", message: "must be a probability between 0 and 1, got 1.5"),
        ])
        let design = try MinimizationDesign(arms: [ArmRatio(arm: "A"), ArmRatio(arm: "B")], factors: [MinimizationFactor(name: "f1", levels: ["1", "2"])])
        #expect(RandomizationFieldErrors.of {
            _ = try RandomizationSimulation(scheme: .minimization(design, levelProbabilities: [[1]]), patients: 10, trials: 10)
        } == [FieldError(field: "levelProbabilities[0]", message: "needs one probability per level of factor 'f1' (2), got 1")])
    }
}
