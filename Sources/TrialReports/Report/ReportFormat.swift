import Foundation
import TrialStats

/// How the report prints numbers: locale-independent, months = days / 30.4375.
enum ReportFormat {
    static func fixed(_ value: Double?, _ digits: Int = 1) -> String {
        value.map { FigureNumberFormat.fixed($0, digits: digits) } ?? "–"
    }

    static func months(_ days: Double?) -> String {
        days.map { FigureNumberFormat.fixed($0 / FigureTimeUnit.daysPerMonth, digits: 1) } ?? "–"
    }

    /// "0.012", or "<0.001".
    static func p(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "–" }
        return value < 0.001 ? "<0.001" : FigureNumberFormat.fixed(value, digits: 3)
    }

    /// "12 (20.0)".
    static func countPercent(_ count: Int, of n: Int) -> String {
        n > 0 ? "\(count) (\(FigureNumberFormat.fixed(100 * Double(count) / Double(n), digits: 1)))" : "\(count)"
    }

    /// A proportion as a percentage with its interval: "45.2 (33.1–57.0)".
    static func percentInterval(_ estimate: Double?, _ lower: Double?, _ upper: Double?) -> String {
        guard let estimate else { return "–" }
        let main = FigureNumberFormat.fixed(100 * estimate, digits: 1)
        guard let lower, let upper else { return main }
        return "\(main) (\(FigureNumberFormat.fixed(100 * lower, digits: 1))–\(FigureNumberFormat.fixed(100 * upper, digits: 1)))"
    }

    /// "p = 0.012", or "p < 0.001".
    static func pEquals(_ value: Double?) -> String {
        let text = p(value)
        return text.hasPrefix("<") ? "p < 0.001" : "p = \(text)"
    }

    static func html(_ text: String) -> String { SVGEscaping.escape(text) }
}
