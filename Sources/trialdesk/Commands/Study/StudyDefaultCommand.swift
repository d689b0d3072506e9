import ArgumentParser
import TrialStudyFile

/// `trialdesk study default`: prints the bundled default study file, the starting point
/// for writing another trial's definition.
struct StudyDefaultCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "default",
        abstract: "Print the default study file (YAML) that TrialDesk ships with."
    )

    func run() throws {
        print(StudyDefinitionFile.defaultYAML, terminator: "")
    }
}
