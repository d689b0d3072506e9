import ArgumentParser

/// `trialdesk study ...`: work with study definition files.
struct StudyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "study",
        abstract: "Check, print and amend study definition files (YAML).",
        subcommands: [StudyCheckCommand.self, StudyDefaultCommand.self, StudyAmendCommand.self]
    )
}
