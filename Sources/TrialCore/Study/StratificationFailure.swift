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
    public var message: String

    public init(factor: String, field: String, kind: Kind, message: String) {
        self.factor = factor
        self.field = field
        self.kind = kind
        self.message = message
    }

    public var description: String { "\(field): \(message)" }
}

/// Every factor whose level could not be derived.
public struct StratificationFailure: Error, Sendable, Hashable, CustomStringConvertible {
    public var problems: [StratificationProblem]

    public init(problems: [StratificationProblem]) {
        self.problems = problems
    }

    public var fieldErrors: [FieldError] { problems.map { FieldError(field: $0.field, message: $0.message) } }

    public var description: String { problems.map(\.description).joined(separator: "\n") }
}
