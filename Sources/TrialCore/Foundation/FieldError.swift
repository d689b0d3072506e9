import Foundation

/// One rejected input: which field, and what was wrong and what is allowed.
///
/// Every entry point reports these the same way: the API as 422 `{"errors":[{"field","message"}]}`,
/// the forms next to the field, the CLI as JSON with exit code 2.
/// `field` is a path into the input, e.g. `followUps[2].targets[0].mm`.
public struct FieldError: Error, Hashable, Sendable, Codable, CustomStringConvertible {
    public var field: String
    public var message: String

    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }

    public var description: String { "\(field): \(message)" }
}

/// A set of field errors thrown together, so that a user sees every problem at once.
public struct ValidationFailure: Error, Sendable, Codable, CustomStringConvertible {
    public var errors: [FieldError]

    public init(_ errors: [FieldError]) {
        self.errors = errors
    }

    public init(field: String, message: String) {
        self.errors = [FieldError(field: field, message: message)]
    }

    public var description: String {
        errors.map(\.description).joined(separator: "\n")
    }

    /// Throws when `errors` is not empty.
    public static func throwIfAny(_ errors: [FieldError]) throws {
        if !errors.isEmpty { throw ValidationFailure(errors) }
    }
}
