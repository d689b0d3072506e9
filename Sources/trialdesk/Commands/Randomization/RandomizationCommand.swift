import ArgumentParser
import Foundation
import TrialCore

/// `trialdesk randomization ...`: the randomization schemes' tools.
struct RandomizationCommand: ParsableCommand {
    static let subcommandTypes: [any ParsableCommand.Type] = [
        RandomizationSimulateCommand.self, RandomizationVerifyCommand.self, RandomizationReportCommand.self, RandomizationExtendCommand.self,
    ]

    static let configuration = CommandConfiguration(
        commandName: "randomization",
        abstract: "Simulate, verify, report and extend the study's randomization.",
        subcommands: subcommandTypes)
}
