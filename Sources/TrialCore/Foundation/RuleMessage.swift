import Foundation

/// What a rule says, kept as a stable code and named values rather than a finished sentence, so that
/// each page language phrases it from its own catalogue (`rule.<code>`), while the API and the CLI
/// read the English sentence the rule itself wrote.
///
/// The template names its values in braces: `"{date} is in the future (today is {today})"`. Values are
/// dates, numbers, identifiers and codes, never English words, so a translated template stays
/// translated once filled.
public struct RuleMessage: Hashable, Sendable, Codable {
    public var code: String
    public var template: String
    public var arguments: [String: String]

    public init(_ code: String, _ template: String, _ arguments: [String: String] = [:]) {
        self.code = code
        self.template = template
        self.arguments = arguments
    }

    /// The English sentence.
    public var text: String { Self.fill(template, with: arguments) }

    /// Fills `{name}` placeholders of `template` with `arguments`; a name without a value stays as it is,
    /// so a missing value shows rather than vanishing.
    public static func fill(_ template: String, with arguments: [String: String]) -> String {
        var output = ""
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{") {
            output += rest[..<open]
            guard let close = rest[open...].firstIndex(of: "}") else { break }
            let name = String(rest[rest.index(after: open)..<close])
            output += arguments[name] ?? "{\(name)}"
            rest = rest[rest.index(after: close)...]
        }
        output += rest
        return output
    }

    /// The placeholder names a template uses, for checking that a translation names the same values.
    public static func placeholders(in template: String) -> Set<String> {
        var names: Set<String> = []
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            names.insert(String(rest[rest.index(after: open)..<close]))
            rest = rest[rest.index(after: close)...]
        }
        return names
    }
}
