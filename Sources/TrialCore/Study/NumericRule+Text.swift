import Foundation

/// Why a value rule's text could not be read.
public struct NumericRuleSyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
    public var text: String
    public var reason: String

    public var description: String {
        "'\(text)' is not a value rule (\(reason)); write e.g. '>= 18', '<= 2', 'between 6 and 10' or '> 5 and <= 10'"
    }
}

extension NumericRule: Codable {
    /// Reads the textual form: `between A and B`, or one or two comparisons joined by `and`.
    public init(parsing text: String) throws {
        let words = text.lowercased()
            .replacingOccurrences(of: "≥", with: ">=")
            .replacingOccurrences(of: "≤", with: "<=")
            .split(whereSeparator: \.isWhitespace)
            .map(String.init)
        func fail(_ reason: String) -> NumericRuleSyntaxError {
            NumericRuleSyntaxError(text: text, reason: reason)
        }
        func number(_ word: String) throws -> Double {
            guard let value = Double(word), value.isFinite else { throw fail("'\(word)' is not a number") }
            return value
        }
        guard !words.isEmpty else { throw fail("it is empty") }

        if words[0] == "between" {
            guard words.count == 4, words[2] == "and" else { throw fail("between needs two numbers joined by 'and'") }
            let low = try number(words[1])
            let high = try number(words[3])
            guard low <= high else { throw fail("the first number of 'between' must not exceed the second") }
            self = .between(low, high)
            return
        }

        // Allow the operator glued to its number (">=18") as well as spaced (">= 18").
        var comparisons: [[String]] = [[]]
        for word in words {
            if word == "and" { comparisons.append([]) } else { comparisons[comparisons.count - 1].append(word) }
        }
        guard comparisons.count <= 2 else { throw fail("at most two comparisons") }
        var lower: Bound?
        var upper: Bound?
        for comparison in comparisons {
            let joined = comparison.joined()
            guard let op = [">=", "<=", "==", ">", "<", "="].first(where: { joined.hasPrefix($0) }) else {
                throw fail("each part must start with >=, >, <=, < or =")
            }
            let value = try number(String(joined.dropFirst(op.count)))
            switch op {
            case ">=", ">":
                guard lower == nil else { throw fail("two lower limits") }
                lower = Bound(value, inclusive: op == ">=")
            case "<=", "<":
                guard upper == nil else { throw fail("two upper limits") }
                upper = Bound(value, inclusive: op == "<=")
            default:
                guard comparisons.count == 1 else { throw fail("'=' cannot be combined with another comparison") }
                lower = Bound(value, inclusive: true)
                upper = Bound(value, inclusive: true)
            }
        }
        self.init(lower: lower, upper: upper)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text: String
        if let number = try? container.decode(Double.self) {
            text = "= \(NumericRule.format(number))"
        } else {
            text = try container.decode(String.self)
        }
        do {
            try self.init(parsing: text)
        } catch let error as NumericRuleSyntaxError {
            throw StudyValueRejection(codingPath: decoder.codingPath, rule: .invalidValue, message: error.description)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
