import ArgumentParser
import Foundation
import TrialCore
import TrialStats

/// `trialdesk design`: sample size, power, group-sequential boundaries and this trial's own design,
/// computed as rpact computes them (docs/design.md).
struct DesignCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "design",
        abstract: "Trial design: events, sample size and power of a log-rank comparison; group-sequential boundaries.",
        discussion: """
            Months are the time unit. Input is a JSON file; --json prints the result as JSON (otherwise a short \
            text). Bad input ends with exit code 2 and {"errors":[{"field","message"}]} naming the field and rule.
            """,
        subcommands: [DesignSurvivalCommand.self, DesignBoundariesCommand.self, DesignTrialCommand.self,
                      DesignSimulateCommand.self]
    )

    /// Rejects a design error as a field error (exit 2).
    static func reject(_ error: DesignError) -> ExitCode {
        CommandOutput.reject(field: error.field, message: error.rule)
    }

    /// Runs `body`, turning a DesignError into the command's field-error exit.
    static func checked<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as DesignError {
            throw reject(error)
        }
    }

    /// A number for the text output: up to `digits` decimals, no trailing zeros.
    static func format(_ value: Double, digits: Int = 4) -> String {
        var text = String(format: "%.\(digits)f", value)
        while text.contains(".") && (text.hasSuffix("0") || text.hasSuffix(".")) { text.removeLast() }
        return text
    }
}

/// `trialdesk design boundaries FILE`: critical values, cumulative alpha spent and stage levels.
struct DesignBoundariesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "boundaries",
        abstract: "Group-sequential efficacy boundaries (O'Brien-Fleming, Pocock, Lan-DeMets alpha spending).",
        discussion: """
            Input: {"alpha": 0.025, "sided": 1, "informationFractions": [0.5, 1], "type": "asOF"}; type is OF, \
            P, asOF, asP, asKD (with "gamma" > 0) or asHSD (with "gamma"). sided 2 gives symmetric boundaries.
            Output: {"criticalValues", "cumulativeAlphaSpent", "stageLevels"} (z scale, cumulative type I error,
            one-sided nominal p-value of each stage), as rpact's getDesignGroupSequential names them.
            """
    )

    struct Request: Decodable {
        let alpha: Double
        let sided: Int?
        let informationFractions: [Double]
        let type: String
        let gamma: Double?
    }

    struct Result: Encodable {
        let type: String
        let alpha: Double
        let sided: Int
        let informationFractions: [Double]
        let criticalValues: [Double]
        let cumulativeAlphaSpent: [Double]
        let stageLevels: [Double]
    }

    @Argument(help: "The JSON file with the design.") var file: String
    @Flag(help: "Print the result as JSON.") var json = false

    func run() throws {
        let request = try CommandOutput.decodeInput(Request.self, from: CommandOutput.readInput(path: file))
        let design = try DesignCommand.checked {
            try GroupSequentialDesign(alpha: request.alpha, sided: request.sided ?? 1,
                                      informationFractions: request.informationFractions,
                                      boundary: GroupSequentialBoundary(code: request.type, gamma: request.gamma))
        }
        let result = Result(type: request.type, alpha: design.alpha, sided: design.sided,
                            informationFractions: design.informationFractions, criticalValues: design.criticalValues,
                            cumulativeAlphaSpent: design.cumulativeAlphaSpent, stageLevels: design.stageLevels)
        if json { return try CommandOutput.printJSON(result) }
        print("\(request.type) boundaries, alpha \(DesignCommand.format(design.alpha)), \(design.sided)-sided")
        print("stage  fraction  critical z  alpha spent  stage level")
        for k in design.criticalValues.indices {
            print(String(format: "%5d  %8.4f  %10.6f  %11.8f  %11.8f", k + 1, design.informationFractions[k],
                         design.criticalValues[k], design.cumulativeAlphaSpent[k], design.stageLevels[k]))
        }
    }
}
