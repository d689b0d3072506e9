import ArgumentParser
import Foundation
import TrialCore

/// `trialdesk percist ...`: PERCIST 1.0 metabolic response from FDG PET/CT.
struct PercistCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "percist",
        abstract: "PERCIST 1.0 metabolic response from FDG PET/CT SULpeak values.",
        subcommands: [PercistEvaluateCommand.self]
    )
}

/// `trialdesk percist evaluate FILE`: reads one participant's baseline and follow-up PET/CT readings
/// (JSON), prints the measurability threshold, each scan's response and the progression date.
struct PercistEvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Evaluate one participant's PERCIST 1.0 course from a JSON file.",
        discussion: """
            Input: {"baseline":{"date","liverMean","liverSD","lesions":[{"id","sulPeak"}]},
            "followUps":[{"date","liverMean","liverSD","lesions":[{"id","sulPeak"}],"completeResolution"?,
            "newLesions","nonTargetProgression"?}]} (bloodPoolMean and bloodPoolSD replace the liver values
            when the liver is abnormal).
            Output: {"measurableThreshold","baselinePeak","timepoints":[{"date","peak","changePct",
            "changeAbs","response"}],"progressionDate"}
            Invalid input exits with code 2 and {"errors":[{"field","message"}]}.
            """
    )

    @Argument(help: "The JSON file to evaluate.")
    var file: String

    func run() throws {
        let data = try CommandOutput.readInput(path: file)
        let request = try CommandOutput.decodeInput(PercistEvaluationRequest.self, from: data)
        let evaluation: PercistEvaluation
        do {
            evaluation = try PercistEvaluation(evaluating: request)
        } catch let failure as ValidationFailure {
            throw CommandOutput.reject(failure.errors)
        }
        try CommandOutput.printJSON(evaluation)
    }
}
