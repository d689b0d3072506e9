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
            switch text.lowercased() {
            case "yes": self = .yes
            case "no": self = .no
            default:
                throw DecodingError.dataCorruptedError(
                    in: container, debugDescription: "'\(text)' is not an answer; write yes, no or a number")
            }
        }
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
