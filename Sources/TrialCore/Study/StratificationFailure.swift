import Foundation

/// Why a participant's stratum cannot be derived from the recorded values.
public struct StratificationProblem: Codable, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Codable, Sendable {
        /// The factor's source field has no recorded value.
        case missingValue
        /// The value is recorded but falls in none of the factor's levels.
        case noMatchingLevel
        /// The value cannot be a value of the field (wrong type, not whole, out of range).
        case invalidValue
    }

    public var factor: String
    public var field: String
    public var kind: Kind
    /// The English sentence.
    public var message: String
    /// The rule's code and values, when the rule gave them, so a page can phrase it in its language.
    public var rule: RuleMessage?

    public init(factor: String, field: String, kind: Kind, message: String) {
        self.factor = factor
        self.field = field
        self.kind = kind
        self.message = message
        self.rule = nil
    }

    public init(factor: String, field: String, kind: Kind, _ rule: RuleMessage) {
        self.factor = factor
        self.field = field
        self.kind = kind
        self.message = rule.text
        self.rule = rule
    }

    /// The problem as a field error on the factor's source field, keeping the rule when there is one.
    public var fieldError: FieldError {
        rule.map { FieldError(field: field, $0) } ?? FieldError(field: field, message: message)
    }

    public var description: String { "\(field): \(message)" }
}

/// Every factor whose level could not be derived.
public struct StratificationFailure: Error, Sendable, Hashable, CustomStringConvertible {
    public var problems: [StratificationProblem]

    public init(problems: [StratificationProblem]) {
        self.problems = problems
    }

    public var fieldErrors: [FieldError] { problems.map(\.fieldError) }

    public var description: String { problems.map(\.description).joined(separator: "\n") }
}
