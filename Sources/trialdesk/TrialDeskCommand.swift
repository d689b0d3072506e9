import ArgumentParser
import Foundation
import TrialStore

/// `trialdesk`: runs a randomized clinical trial from screening to final analysis.
@main
struct TrialDeskCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trialdesk",
        abstract: "Run a randomized clinical trial: data capture, randomization, rules, statistics and reports.",
        version: TrialDeskVersion.current,
        subcommands: TrialDeskCommand.allSubcommands
    )
}

// Vapor re-exports ConsoleKit, whose Option/Flag/Argument would otherwise clash with ArgumentParser's
// in the files that also open the database; this module means ArgumentParser's.
typealias Option<Value> = ArgumentParser.Option<Value>
typealias Flag<Value> = ArgumentParser.Flag<Value>
typealias Argument<Value> = ArgumentParser.Argument<Value>
