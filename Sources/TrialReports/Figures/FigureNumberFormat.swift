import Foundation

/// Number formatting for figures: locale-independent (a decimal point, never a comma), no "-0".
public enum FigureNumberFormat {
    /// `value` with exactly `digits` decimals, e.g. fixed(0.6149, digits: 2) == "0.61".
    public static func fixed(_ value: Double, digits: Int) -> String {
        guard value.isFinite else { return value.isNaN ? "NA" : (value > 0 ? "∞" : "-∞") }
        let text = String(format: "%.\(max(0, digits))f", value)
        return isNegativeZero(text) ? String(text.dropFirst()) : text
    }

    /// A tick or coordinate: at most `maxDigits` decimals, trailing zeros removed (2.50 -> "2.5", 3.0 -> "3").
    public static func compact(_ value: Double, maxDigits: Int = 2) -> String {
        var text = fixed(value, digits: maxDigits)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text
    }

    /// An SVG coordinate (two decimals are well below a printed dot).
    static func coordinate(_ value: Double) -> String { compact(value, maxDigits: 2) }

    /// A hazard ratio with its interval as forest plots print it: "0.62 (0.41–0.93)".
    public static func estimateWithInterval(_ estimate: Double, lower: Double, upper: Double, digits: Int = 2) -> String {
        "\(fixed(estimate, digits: digits)) (\(fixed(lower, digits: digits))–\(fixed(upper, digits: digits)))"
    }

    private static func isNegativeZero(_ text: String) -> Bool {
        text.hasPrefix("-") && text.dropFirst().allSatisfy { $0 == "0" || $0 == "." }
    }
}
