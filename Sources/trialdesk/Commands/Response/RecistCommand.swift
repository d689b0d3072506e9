import ArgumentParser
import Foundation
import TrialCore

/// `trialdesk recist ...`: RECIST 1.1 tumour response from lesion measurements.
struct RecistCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recist",
        abstract: "RECIST 1.1 tumour response from CT lesion measurements.",
        subcommands: [RecistEvaluateCommand.self]
    )
}

/// `trialdesk recist evaluate FILE`: reads one participant's baseline selection and follow-up readings
/// (JSON), prints each time point's responses, the best overall response and the progression date.
struct RecistEvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Evaluate one participant's RECIST 1.1 course from a JSON file.",
        discussion: """
            Input: {"baseline":{"date","targets":[{"id","organ","nodal","mm"}],"nonTargets":[{"id","organ","nodal"}]},
            "followUps":[{"date","targets":[{"id","mm"|null,"tooSmall"?}],"nonTargets":[{"id","status"}],
            "newLesions":"none"|"equivocal"|"unequivocal"}],"minimumSDDays"?,"sliceThicknessMm"?}
            Output: {"baselineSum","timepoints":[{"date","sum","nadir","changeFromBaselinePct",
            "changeFromNadirPct","target","nonTarget","overall"}],"bestOverallResponse","progressionDate"}
            mm null: not assessed; tooSmall: present but too small to measure (5 mm; a node keeps a given
            short axis); mm 0: disappeared. An equivocal new lesion is confirmed by an unequivocal reading
            at the next scans without a "none" in between; PD then dates from the first equivocal scan.
            minimumSDDays (default 42) is the shortest time from baseline for SD to count as best response.
            Invalid input exits with code 2 and {"errors":[{"field","message"}]}.
            """
    )

    @Argument(help: "The JSON file to evaluate.")
    var file: String

    func run() throws {
        let data = try CommandOutput.readInput(path: file)
        let request = try CommandOutput.decodeInput(RecistEvaluationRequest.self, from: data)
        let evaluation: RecistEvaluation
        do {
            evaluation = try RecistEvaluation(evaluating: request)
        } catch let failure as ValidationFailure {
            throw CommandOutput.reject(failure.errors)
        }
        try CommandOutput.printJSON(evaluation)
    }
}
