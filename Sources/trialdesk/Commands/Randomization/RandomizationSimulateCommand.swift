import ArgumentParser
import Foundation
import TrialCore

/// `trialdesk randomization simulate`: a scheme's operating characteristics, to choose it before the study.
struct RandomizationSimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Simulate a randomization scheme's balance and predictability.",
        discussion: """
            Patients fall into the strata (blocks) or factor levels (minimization) with equal probability unless \
            --probs says otherwise. Reports the mean |imbalance| between arms and P(|imbalance| >= 6) at n, the mean \
            |imbalance| within strata (minimization: cells), and the probability that an investigator who always \
            guesses the arm with fewer patients so far in the patient's stratum or cell guesses right.
            """)

    @Option(help: "blocks or minimization.")
    var scheme: String

    @Option(name: .customLong("block-sizes"), help: "Blocks: the set block sizes are drawn from, e.g. 4,6.")
    var blockSizes: String = "4,6"

    @Option(help: "Blocks: number of strata.")
    var strata: Int = 1

    @Option(help: "Minimization: number of levels of each factor, e.g. 2,2.")
    var factors: String?

    @Option(help: "Minimization: weight of each factor, e.g. 1,1 (default all 1).")
    var weights: String?

    @Option(name: .customLong("p"), help: "Minimization: probability of assigning the preferred arm.")
    var preferredProbability: Double = MinimizationDesign.defaultPreferredProbability

    @Option(help: "Minimization: range or variance.")
    var imbalance: String = ImbalanceMeasure.range.rawValue

    @Option(help: "Stratum probabilities (blocks, e.g. 0.3,0.7) or level probabilities per factor separated by / (minimization, e.g. 0.3,0.7/0.5,0.5).")
    var probs: String?

    @Option(help: "Allocation ratio, e.g. 1:1 or 2:1.")
    var ratio: String = "1:1"

    @Option(name: .customLong("n"), help: "Patients per trial.")
    var patients: Int = 120

    @Option(help: "Number of simulated trials.")
    var trials: Int = 100_000

    @Option(help: "Seed: up to 64 hexadecimal digits (left-padded with zeros); a fresh one when omitted.")
    var seed: String?

    @Option(help: "Worker threads (default: all cores). The result does not depend on it.")
    var workers: Int?

    @Flag(help: "Print JSON.")
    var json = false

    func run() throws {
        var seedErrors: [FieldError] = []
        let parsedSeed = makeSeed(&seedErrors)
        let simulation = try makeSimulation(otherErrors: seedErrors)
        guard let randomizationSeed = parsedSeed else { throw CommandOutput.reject(seedErrors) }
        let workerCount = max(1, workers ?? ProcessInfo.processInfo.activeProcessorCount)
        let start = DispatchTime.now()
        let result = simulation.run(seed: randomizationSeed, workers: workerCount)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
        if json {
            try CommandOutput.printJSON(SimulationOutput(seed: randomizationSeed.hex, description: describe(simulation), result: result))
        } else {
            print(report(simulation: simulation, result: result, seed: randomizationSeed, seconds: seconds, workers: workerCount))
        }
    }

    // MARK: Parsing

    /// Rejects with every error found, including `otherErrors` from the other options.
    private func makeSimulation(otherErrors: [FieldError]) throws -> RandomizationSimulation {
        var errors: [FieldError] = []
        let arms = parseRatio(&errors)
        let simulated: SimulatedScheme?
        switch scheme {
        case "blocks": simulated = makeBlocks(arms: arms, errors: &errors)
        case "minimization": simulated = makeMinimization(arms: arms, errors: &errors)
        default:
            errors.append(FieldError(field: "--scheme", message: "must be blocks or minimization, got '\(scheme)'"))
            simulated = nil
        }
        guard let simulated, errors.isEmpty else { throw CommandOutput.reject(otherErrors + errors) }
        let simulation: RandomizationSimulation
        do {
            simulation = try RandomizationSimulation(scheme: simulated, patients: patients, trials: trials)
        } catch let failure as ValidationFailure {
            throw CommandOutput.reject(otherErrors + failure.errors.map(Self.optionError))
        }
        if !otherErrors.isEmpty { throw CommandOutput.reject(otherErrors) }
        return simulation
    }

    private func makeBlocks(arms: [ArmRatio], errors: inout [FieldError]) -> SimulatedScheme? {
        let sizes = parseIntegers(blockSizes, option: "--block-sizes", errors: &errors)
        if strata < 1 || strata > 10_000 {
            errors.append(FieldError(field: "--strata", message: "must be between 1 and 10000, got \(strata)"))
            return nil
        }
        var probabilities = [Double](repeating: 1 / Double(strata), count: strata)
        if let probs {
            probabilities = parseDoubles(probs, option: "--probs", errors: &errors)
            if probabilities.count != strata {
                errors.append(FieldError(field: "--probs", message: "needs one probability per stratum (\(strata)), got \(probabilities.count)"))
            }
        }
        guard let sizes, errors.isEmpty else { return nil }
        do {
            return .permutedBlocks(try PermutedBlockDesign(arms: arms, blockSizes: sizes), stratumProbabilities: probabilities)
        } catch let failure as ValidationFailure {
            errors += failure.errors.map(Self.optionError)
        } catch {
            errors.append(FieldError(field: "--block-sizes", message: "\(error)"))
        }
        return nil
    }

    private func makeMinimization(arms: [ArmRatio], errors: inout [FieldError]) -> SimulatedScheme? {
        guard let factors else {
            errors.append(FieldError(field: "--factors", message: "is required for minimization: the number of levels of each factor, e.g. 2,2"))
            return nil
        }
        guard let levelCounts = parseIntegers(factors, option: "--factors", errors: &errors) else { return nil }
        if let bad = levelCounts.first(where: { !(2...100).contains($0) }) {
            errors.append(FieldError(field: "--factors", message: "each factor needs between 2 and 100 levels, got \(bad)"))
            return nil
        }
        var factorWeights = [Double](repeating: 1, count: levelCounts.count)
        if let weights {
            factorWeights = parseDoubles(weights, option: "--weights", errors: &errors)
            if factorWeights.count != levelCounts.count {
                errors.append(FieldError(field: "--weights", message: "needs one weight per factor (\(levelCounts.count)), got \(factorWeights.count)"))
            }
        }
        guard let measure = ImbalanceMeasure(rawValue: imbalance) else {
            errors.append(FieldError(field: "--imbalance", message: "must be range or variance, got '\(imbalance)'"))
            return nil
        }
        var probabilities = levelCounts.map { [Double](repeating: 1 / Double($0), count: $0) }
        if let probs {
            let groups = probs.split(separator: "/", omittingEmptySubsequences: false)
            probabilities = groups.map { parseDoubles(String($0), option: "--probs", errors: &errors) }
            if groups.count != levelCounts.count {
                errors.append(FieldError(field: "--probs", message: "needs one list per factor separated by / (\(levelCounts.count)), got \(groups.count)"))
            }
        }
        if levelCounts.reduce(1, *) > 100_000 {
            errors.append(FieldError(field: "--factors", message: "makes more than 100000 cells; use fewer factors or levels"))
        }
        guard errors.isEmpty else { return nil }
        let minimizationFactors = levelCounts.enumerated().map { index, count in
            MinimizationFactor(name: "factor\(index + 1)", levels: (1...count).map(String.init), weight: factorWeights[index])
        }
        do {
            let design = try MinimizationDesign(
                arms: arms, factors: minimizationFactors, measure: measure, preferredProbability: preferredProbability)
            return .minimization(design, levelProbabilities: probabilities)
        } catch let failure as ValidationFailure {
            errors += failure.errors.map(Self.optionError)
        } catch {
            errors.append(FieldError(field: "--factors", message: "\(error)"))
        }
        return nil
    }

    private func parseRatio(_ errors: inout [FieldError]) -> [ArmRatio] {
        let parts = ratio.split(separator: ":", omittingEmptySubsequences: false)
        let weights = parts.compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard weights.count == parts.count, weights.count >= 2, weights.allSatisfy({ $0 >= 1 }) else {
            errors.append(FieldError(field: "--ratio", message: "must be two or more whole numbers of at least 1 separated by ':', e.g. 1:1 or 2:1, got '\(ratio)'"))
            return [ArmRatio(arm: "A"), ArmRatio(arm: "B")]
        }
        return weights.enumerated().map { ArmRatio(arm: Self.armName($0.offset), weight: $0.element) }
    }

    private static func armName(_ index: Int) -> String {
        index < 26 ? String(UnicodeScalar(UInt8(65 + index))) : "arm\(index + 1)"
    }

    private func parseIntegers(_ text: String, option: String, errors: inout [FieldError]) -> [Int]? {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        let values = parts.compactMap { Int($0) }
        guard values.count == parts.count, !values.isEmpty else {
            errors.append(FieldError(field: option, message: "must be whole numbers separated by commas, e.g. 4,6, got '\(text)'"))
            return nil
        }
        return values
    }

    private func parseDoubles(_ text: String, option: String, errors: inout [FieldError]) -> [Double] {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        let values = parts.compactMap { Double($0) }
        guard values.count == parts.count, !values.isEmpty else {
            errors.append(FieldError(field: option, message: "must be numbers separated by commas, e.g. 0.3,0.7, got '\(text)'"))
            return []
        }
        return values
    }

    /// The seed from up to 64 hex digits, left-padded with zeros; a fresh one when the option is absent.
    private func makeSeed(_ errors: inout [FieldError]) -> RandomizationSeed? {
        guard let seed else { return RandomizationSeed.freshSeed() }
        guard (1...64).contains(seed.count) else {
            errors.append(FieldError(field: "--seed", message: "must be 1 to 64 hexadecimal digits, got \(seed.count) characters"))
            return nil
        }
        do {
            return try RandomizationSeed(hex: String(repeating: "0", count: 64 - seed.count) + seed, field: "--seed")
        } catch let failure as ValidationFailure {
            errors += failure.errors
        } catch {
            errors.append(FieldError(field: "--seed", message: "\(error)"))
        }
        return nil
    }

    /// Names the command-line option behind a core field error (`blockSizes[1]` -> `--block-sizes[1]`).
    private static func optionError(_ error: FieldError) -> FieldError {
        let options = [
            ("blockSizes", "--block-sizes"), ("arms", "--ratio"), ("factors", "--factors"),
            ("preferredProbability", "--p"), ("stratumProbabilities", "--probs"), ("levelProbabilities", "--probs"),
            ("patients", "--n"), ("trials", "--trials"),
        ]
        for (field, option) in options where error.field.hasPrefix(field) {
            var renamed = option + error.field.dropFirst(field.count)
            if field == "factors" && error.field.hasSuffix(".weight") { renamed = "--weights" }
            return FieldError(field: renamed, message: error.message)
        }
        return error
    }

    // MARK: Output

    private func describe(_ simulation: RandomizationSimulation) -> String {
        switch simulation.scheme {
        case .permutedBlocks(let design, let probabilities):
            return "permuted blocks of \(design.blockSizes.map(String.init).joined(separator: " or ")), ratio \(design.arms.map { String($0.weight) }.joined(separator: ":")), \(probabilities.count) strata with probabilities \(probabilities.map { String($0) }.joined(separator: ", "))"
        case .minimization(let design, let probabilities):
            let factors = zip(design.factors, probabilities).map { factor, p in
                "\(factor.levels.count) levels (weight \(factor.weight), probabilities \(p.map { String($0) }.joined(separator: ", ")))"
            }
            return "minimization, \(design.measure.rawValue) imbalance, p = \(design.preferredProbability), ratio \(design.arms.map { String($0.weight) }.joined(separator: ":")), factors: \(factors.joined(separator: "; "))"
        }
    }

    private func report(simulation: RandomizationSimulation, result: RandomizationSimulationResult, seed: RandomizationSeed, seconds: Double, workers: Int) -> String {
        func figure(_ value: Double, _ error: Double) -> String {
            String(format: "%.4f (SE %.4f)", value, error)
        }
        let groupName = result.scheme == "blocks" ? "strata" : "cells"
        func line(_ label: String, _ value: String) -> String {
            label.padding(toLength: 36, withPad: " ", startingAt: 0) + value
        }
        return """
            Scheme: \(describe(simulation))
            \(result.trials) trials of \(result.patients) patients; seed \(seed.hex)
            \(line("Mean |imbalance| at n:", figure(result.meanAbsImbalance, result.meanAbsImbalanceStandardError)))
            \(line("P(|imbalance| >= 6) at n:", figure(result.probImbalanceAtLeast6, result.probImbalanceAtLeast6StandardError)))
            \(line("Mean |imbalance| within \(groupName):", figure(result.withinStrataMeanAbsImbalance, result.withinStrataMeanAbsImbalanceStandardError)))
            \(line("P(correct guess):", figure(result.correctGuessProbability, result.correctGuessProbabilityStandardError)))
            Elapsed: \(String(format: "%.2f", seconds)) s on \(workers) worker(s)
            """
    }
}

/// The JSON output: the result's figures at the top level, with the seed (to rerun) and the scheme in words.
private struct SimulationOutput: Encodable {
    let seed: String
    let description: String
    let result: RandomizationSimulationResult

    private enum CodingKeys: String, CodingKey { case seed, description }

    func encode(to encoder: any Encoder) throws {
        try result.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(seed, forKey: .seed)
        try container.encode(description, forKey: .description)
    }
}
