import ArgumentParser
import Foundation
import TrialCore

/// `trialdesk ctcae ...`: the CTCAE v5.0 adverse event dictionary.
struct CtcaeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ctcae",
        abstract: "The CTCAE v5.0 adverse event dictionary.",
        subcommands: [CtcaeSearchCommand.self]
    )
}

/// `trialdesk ctcae search TEXT`: terms matching English or Chinese text, best match first.
struct CtcaeSearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Find CTCAE v5.0 terms by name, word beginnings, synonym or Chinese label.",
        discussion: """
            Matching ignores case and punctuation and accepts British spellings. Prints a JSON list of \
            {term, meddraCode, soc, socZh, grades, zh, otherSpecify, matchedText}, best match first.
            """
    )

    @Argument(help: "Text to look for; several words are searched together (\"chest wall\", \"neut dec\", \"气胸\").")
    var text: [String]

    @Option(help: "Largest number of matches to print.")
    var limit: Int = 20

    struct Match: Encodable {
        let term: String
        let meddraCode: Int
        let soc: String
        let socZh: String?
        let grades: [Int]
        let zh: String?
        let otherSpecify: Bool
        let matchedText: String?
    }

    func run() throws {
        let query = text.joined(separator: " ")
        guard !CtcaeSearch.normalize(query).isEmpty else {
            throw CommandOutput.reject(field: "TEXT", message: "must contain at least one letter or digit")
        }
        guard limit >= 1 else {
            throw CommandOutput.reject(field: "--limit", message: "must be at least 1")
        }
        let dictionary = try CtcaeDictionary.bundled()
        let socNames = Dictionary(
            dictionary.systemOrganClasses.map { ($0.name, $0.zh) }, uniquingKeysWith: { first, _ in first })
        let matches = CtcaeSearch.search(query, in: dictionary, limit: limit).map { match in
            Match(
                term: match.term.term, meddraCode: match.term.meddraCode, soc: match.term.soc,
                socZh: socNames[match.term.soc] ?? nil, grades: match.term.existingGrades, zh: match.term.zh,
                otherSpecify: match.term.otherSpecify, matchedText: match.matchedText)
        }
        try CommandOutput.printJSON(matches)
    }
}
