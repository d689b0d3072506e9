import Foundation

/// One rejected input: which field, and what was wrong and what is allowed.
///
/// Every entry point reports these the same way: the API as 422 `{"errors":[{"field","message"}]}`,
/// the forms next to the field, the CLI as JSON with exit code 2.
/// `field` is a path into the input, e.g. `followUps[2].targets[0].mm`.
public struct FieldError: Error, Hashable, Sendable, Codable, CustomStringConvertible {
    public var field: String
    /// The English sentence (what the API and the CLI show).
    public var message: String
    /// The rule's code and values, when the rule gave them, so a page can phrase it in its language.
    public var rule: RuleMessage?

    public init(field: String, message: String) {
        self.field = field
        self.message = message
        self.rule = nil
    }

    public init(field: String, _ rule: RuleMessage) {
        self.field = field
        self.message = rule.text
        self.rule = rule
    }

    /// The same error reported at another field (a page's row, a form's own path), keeping its rule.
    public func moved(to field: String) -> FieldError {
        var copy = self
        copy.field = field
        return copy
    }

    /// Two errors are the same when they name the same field and say the same; the code is how it is said.
    public static func == (lhs: FieldError, rhs: FieldError) -> Bool {
        lhs.field == rhs.field && lhs.message == rhs.message
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(field)
        hasher.combine(message)
    }

    /// The API's error shape: `field`, `message`, and the rule's `code` when known (every value a string, so
    /// clients read an error as a flat map). The values stay out: `message` is their filled sentence.
    private enum CodingKeys: String, CodingKey { case field, message, code }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        field = try container.decode(String.self, forKey: .field)
        message = try container.decode(String.self, forKey: .message)
        rule = try container.decodeIfPresent(String.self, forKey: .code).map { RuleMessage($0, message) }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(field, forKey: .field)
        try container.encode(message, forKey: .message)
        try container.encodeIfPresent(rule?.code, forKey: .code)
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

    public init(field: String, _ rule: RuleMessage) {
        self.errors = [FieldError(field: field, rule)]
    }

    public var description: String {
        errors.map(\.description).joined(separator: "\n")
    }

    /// Throws when `errors` is not empty.
    public static func throwIfAny(_ errors: [FieldError]) throws {
        if !errors.isEmpty { throw ValidationFailure(errors) }
    }
}
