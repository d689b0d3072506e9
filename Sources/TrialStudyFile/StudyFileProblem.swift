import Foundation
import TrialCore

/// One problem in a study file: the line of the offending YAML node (for a missing field,
/// the line of the mapping that should hold it), the field path, the rule and a message.
public struct StudyFileProblem: Sendable, Hashable, Codable, CustomStringConvertible {
    /// 1-based line; nil only when the problem concerns the file as a whole.
    public var line: Int?
    public var field: String
    public var rule: StudyRule
    public var message: String

    public init(line: Int?, field: String, rule: StudyRule, message: String) {
        self.line = line
        self.field = field
        self.rule = rule
        self.message = message
    }

    /// `line 12: allocationRatio.XYZ: 'XYZ' is not an arm code; ...`
    public var description: String {
        "\(line.map { "line \($0)" } ?? "file"): \(field): \(message)"
    }

    /// The problem as the field error every entry point reports (line folded into the message).
    public var fieldError: FieldError {
        FieldError(field: field, message: line.map { "line \($0): \(message)" } ?? message)
    }
}

/// A study file that cannot be used, with every problem found in it.
public struct StudyDefinitionFileError: Error, Sendable, Hashable, CustomStringConvertible, LocalizedError {
    /// The file's name or path as given to the reader, for messages.
    public var source: String
    public var problems: [StudyFileProblem]

    public init(source: String, problems: [StudyFileProblem]) {
        self.source = source
        self.problems = problems
    }

    public var description: String {
        let count = problems.count == 1 ? "1 problem" : "\(problems.count) problems"
        return (["\(source): \(count)"] + problems.map { "  \($0)" }).joined(separator: "\n")
    }

    public var errorDescription: String? { description }
}
