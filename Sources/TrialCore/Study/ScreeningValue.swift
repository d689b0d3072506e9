import Foundation

/// A value recorded at screening: a number (age, lesion count, INR) or a category word (sex).
/// In JSON it is the plain number or string.
public enum ScreeningValue: Codable, Sendable, Hashable, CustomStringConvertible {
    case number(Double)
    case category(String)

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Double.self) {
            self = .number(number)
        } else {
            self = .category(try container.decode(String.self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .number(let number): try container.encode(number)
        case .category(let word): try container.encode(word)
        }
    }

    public var description: String {
        switch self {
        case .number(let number): return NumericRule.format(number)
        case .category(let word): return word
        }
    }
}
