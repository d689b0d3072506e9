import TrialCore

// The schemas of TrialCore's values that read themselves from one JSON value (a date written as text, a
// number or a word), stated once for the API's document.

extension CalendarDate: JSONSchemaDescribed {
    static var jsonSchema: [String: Any] { ["type": "string", "format": "date"] }
}

extension ScreeningValue: JSONSchemaDescribed {
    /// A number (age, counts, lab values) or a category word (sex, primary tumour).
    static var jsonSchema: [String: Any] { ["type": ["number", "string"]] }
}

extension CriterionAnswer: JSONSchemaDescribed {
    /// "yes", "no" (or true/false), or the number a value criterion asks for.
    static var jsonSchema: [String: Any] {
        ["anyOf": [["type": "string", "enum": ["yes", "no", "Yes", "No", "YES", "NO"]], ["type": "boolean"], ["type": "number"]]]
    }
}


/// A text field whose schema says more than "a string" (a pattern, a length), read and written as a plain
/// JSON string. The rules still decide, with their own messages; the document states the same bounds.
protocol DescribedText: Codable, Sendable, Hashable, JSONSchemaDescribed {
    var text: String { get }
    init(_ text: String)
}

extension DescribedText {
    init(from decoder: any Decoder) throws {
        self.init(try decoder.singleValueContainer().decode(String.self))
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(text)
    }
}

/// Text that must say something (a reason, an answer): the rules refuse it blank.
struct NonBlankText: DescribedText {
    var text: String
    init(_ text: String) { self.text = text }
    static var jsonSchema: [String: Any] {
        ["type": "string", "minLength": 1, "maxLength": InputLimits.textCharacters, "pattern": "\\S"]
    }
}

/// A username as `UsernameRule` allows it.
struct UsernameText: DescribedText {
    var text: String
    init(_ text: String) { self.text = text }
    static var jsonSchema: [String: Any] {
        ["type": "string", "minLength": 1, "maxLength": UsernameRule.maximumLength, "pattern": UsernameRule.pattern]
    }
}

/// A password being checked (sign-in, signature): no password can be longer than bcrypt reads.
struct PasswordText: DescribedText {
    var text: String
    init(_ text: String) { self.text = text }
    static var jsonSchema: [String: Any] { ["type": "string", "maxLength": PasswordPolicy.maximumBytes] }
}

/// A new password as `PasswordPolicy` allows it (its length; the policy's other rules answer 422).
struct NewPasswordText: DescribedText {
    var text: String
    init(_ text: String) { self.text = text }
    static var jsonSchema: [String: Any] {
        ["type": "string", "minLength": PasswordPolicy.standard.minimumLength, "maxLength": PasswordPolicy.maximumBytes]
    }
}

/// A role as the API names it.
struct RoleName: DescribedText {
    var text: String
    init(_ text: String) { self.text = text }
    static var jsonSchema: [String: Any] { ["type": "string", "enum": Role.allCases.map(\.rawValue)] }
}
