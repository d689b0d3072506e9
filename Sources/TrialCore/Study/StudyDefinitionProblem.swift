import Foundation

/// One thing wrong with a study definition: where (field path), which rule, and a message
/// that tells the study team what to change.
public struct StudyDefinitionProblem: Error, Sendable, Hashable, Codable, CustomStringConvertible {
    public var path: StudyFieldPath
    public var rule: StudyRule
    public var message: String

    public init(path: StudyFieldPath, rule: StudyRule, message: String) {
        self.path = path
        self.rule = rule
        self.message = message
    }

    /// The path as text, e.g. `allocationRatio.XYZ`.
    public var field: String { path.description }

    public var description: String { "\(field): \(message)" }

    /// The same problem in the shape every entry point reports rejected input.
    public var fieldError: FieldError { FieldError(field: field, message: message) }
}
