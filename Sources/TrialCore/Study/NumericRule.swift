import Foundation

/// A condition on a number, written as text in a study file: `>= 18`, `<= 2`, `< 1.5`,
/// `= 0`, `between 6 and 10` (both ends included) or two comparisons joined by `and`
/// (`> 5 and <= 10`). It is an interval of the real line, each end open, closed or absent.
public struct NumericRule: Sendable, Hashable, CustomStringConvertible {
    public struct Bound: Sendable, Hashable {
        public var value: Double
        public var isInclusive: Bool

        public init(_ value: Double, inclusive: Bool) {
            self.value = value
            self.isInclusive = inclusive
        }
    }

    /// nil: no lower limit.
    public var lower: Bound?
    /// nil: no upper limit.
    public var upper: Bound?

    public init(lower: Bound?, upper: Bound?) {
        self.lower = lower
        self.upper = upper
    }

    public static let anyValue = NumericRule(lower: nil, upper: nil)

    public static func between(_ low: Double, _ high: Double) -> NumericRule {
        NumericRule(lower: Bound(low, inclusive: true), upper: Bound(high, inclusive: true))
    }

    public static func atLeast(_ value: Double) -> NumericRule {
        NumericRule(lower: Bound(value, inclusive: true), upper: nil)
    }

    public static func atMost(_ value: Double) -> NumericRule {
        NumericRule(lower: nil, upper: Bound(value, inclusive: true))
    }

    public func contains(_ value: Double) -> Bool {
        if let lower {
            if value < lower.value || (value == lower.value && !lower.isInclusive) { return false }
        }
        if let upper {
            if value > upper.value || (value == upper.value && !upper.isInclusive) { return false }
        }
        return true
    }

    /// True when no real number satisfies the rule (`> 10 and < 5`, `> 3 and < 3`).
    public var isEmpty: Bool {
        guard let lower, let upper else { return false }
        if lower.value > upper.value { return true }
        if lower.value == upper.value { return !(lower.isInclusive && upper.isInclusive) }
        return false
    }

    /// Values satisfying both rules.
    public func intersection(_ other: NumericRule) -> NumericRule {
        NumericRule(lower: Self.tighterLower(lower, other.lower), upper: Self.tighterUpper(upper, other.upper))
    }

    /// The whole numbers the rule allows, as an inclusive range with open ends as nil;
    /// nil when it allows none (`> 7 and < 8`).
    public var wholeNumbers: (lowest: Int?, highest: Int?)? {
        let lowest = lower.map { bound -> Int in
            let ceiling = bound.value.rounded(.up)
            return Int(bound.isInclusive || ceiling != bound.value ? ceiling : ceiling + 1)
        }
        let highest = upper.map { bound -> Int in
            let floor = bound.value.rounded(.down)
            return Int(bound.isInclusive || floor != bound.value ? floor : floor - 1)
        }
        if let lowest, let highest, lowest > highest { return nil }
        return (lowest, highest)
    }

    static func tighterLower(_ a: Bound?, _ b: Bound?) -> Bound? {
        guard let a else { return b }
        guard let b else { return a }
        if a.value != b.value { return a.value > b.value ? a : b }
        return Bound(a.value, inclusive: a.isInclusive && b.isInclusive)
    }

    static func tighterUpper(_ a: Bound?, _ b: Bound?) -> Bound? {
        guard let a else { return b }
        guard let b else { return a }
        if a.value != b.value { return a.value < b.value ? a : b }
        return Bound(a.value, inclusive: a.isInclusive && b.isInclusive)
    }

    /// The canonical text, which parses back to the same rule.
    public var description: String {
        switch (lower, upper) {
        case (nil, nil):
            return "any value"
        case let (lower?, upper?) where lower.isInclusive && upper.isInclusive:
            if lower.value == upper.value { return "= \(Self.format(lower.value))" }
            return "between \(Self.format(lower.value)) and \(Self.format(upper.value))"
        default:
            var parts: [String] = []
            if let lower { parts.append("\(lower.isInclusive ? ">=" : ">") \(Self.format(lower.value))") }
            if let upper { parts.append("\(upper.isInclusive ? "<=" : "<") \(Self.format(upper.value))") }
            return parts.joined(separator: " and ")
        }
    }

    /// Whole numbers without a decimal point, others as Swift's shortest round-trip form.
    public static func format(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        return String(value)
    }
}
