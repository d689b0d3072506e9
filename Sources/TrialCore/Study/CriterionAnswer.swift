import Foundation

/// The answer given for one eligibility criterion at screening: yes, no, or a number.
/// In JSON: `"yes"`, `"no"` (or `true`, `false`), or a number.
public enum CriterionAnswer: Codable, Sendable, Hashable, CustomStringConvertible {
    case yes
    case no
    case value(Double)

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let flag = try? container.decode(Bool.self) {
            self = flag ? .yes : .no
        } else if let number = try? container.decode(Double.self) {
            self = .value(number)
        } else {
            let text = try container.decode(String.self)
            guard let answer = CriterionAnswer(yesOrNo: text) else {
                throw DecodingError.dataCorruptedError(
                    in: container, debugDescription: "'\(text)' is not an answer; write yes, no or a number")
            }
            self = answer
        }
    }

    /// "yes" or "no" as written in JSON or chosen on the checklist (any letter case); nil for anything else,
    /// which is refused, never read as one of them.
    public init?(yesOrNo text: String) {
        switch text.lowercased() {
        case "yes": self = .yes
        case "no": self = .no
        default: return nil
        }
    }

    /// The refusal of a yes/no answer that is neither.
    public static func notYesOrNo(_ text: String, field: String) -> FieldError {
        FieldError(field: field, RuleMessage("screening.answerNotYesOrNo", "'{value}' is not an answer: choose yes or no", ["value": String(text.prefix(80))]))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .yes: try container.encode("yes")
        case .no: try container.encode("no")
        case .value(let number): try container.encode(number)
        }
    }

    public var description: String {
        switch self {
        case .yes: return "yes"
        case .no: return "no"
        case .value(let number): return NumericRule.format(number)
        }
    }
}
