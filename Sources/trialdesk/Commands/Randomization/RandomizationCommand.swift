import ArgumentParser
import Foundation
import TrialCore

/// `trialdesk randomization ...`: the randomization schemes' tools.
struct RandomizationCommand: ParsableCommand {
    static let subcommandTypes: [any ParsableCommand.Type] = [
        RandomizationSimulateCommand.self, RandomizationVerifyCommand.self, RandomizationReportCommand.self,
    ]

    static let configuration = CommandConfiguration(
        commandName: "randomization",
        abstract: "Simulate, verify and report the study's randomization.",
        subcommands: subcommandTypes)
}
