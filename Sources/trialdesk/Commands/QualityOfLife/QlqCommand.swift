import ArgumentParser
import Foundation
import TrialCore

/// `trialdesk qlq ...`: EORTC QLQ-C30 questionnaires.
struct QlqCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "qlq",
        abstract: "EORTC QLQ-C30 v3.0 questionnaires (item numbers and answers only).",
        subcommands: [QlqScoreCommand.self]
    )
}

/// `trialdesk qlq score FILE`: scale scores of one questionnaire or a list of them.
struct QlqScoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score",
        abstract: "Score QLQ-C30 answers: the 15 scales and the summary score (SUMSC), null where not scorable.",
        discussion: """
            FILE holds one object {"q1":1,...,"q30":7} or an array of them. Items 1-28 are answered 1-4, items \
            29-30 1-7; an unanswered item is null or absent. The output has the same shape with the keys \
            QL2, PF2, RF2, EF, CF, SF, FA, NV, PA, DY, SL, AP, CO, DI, FI and SUMSC.
            """
    )

    @Argument(help: "JSON file with one questionnaire object or an array of them.")
    var file: String

    func run() throws {
        let data = try CommandOutput.readInput(path: file)
        let topLevel = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        if topLevel is [Any] {
            let questionnaires = try CommandOutput.decodeInput([[String: Double?]].self, from: data)
            var results: [QlqC30Scores] = []
            var errors: [FieldError] = []
            for (index, values) in questionnaires.enumerated() {
                do {
                    let answers = try QlqC30Answers(itemKeyed: values, fieldPrefix: "[\(index)].")
                    results.append(QlqC30Scoring.scores(answers))
                } catch let failure as ValidationFailure {
                    errors += failure.errors
                }
            }
            if !errors.isEmpty { throw CommandOutput.reject(errors) }
            try CommandOutput.printJSON(results)
        } else {
            let values = try CommandOutput.decodeInput([String: Double?].self, from: data)
            do {
                let answers = try QlqC30Answers(itemKeyed: values)
                try CommandOutput.printJSON(QlqC30Scoring.scores(answers))
            } catch let failure as ValidationFailure {
                throw CommandOutput.reject(failure.errors)
            }
        }
    }
}
