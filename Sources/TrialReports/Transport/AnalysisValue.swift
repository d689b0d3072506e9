import Foundation
import TrialCore

/// One cell of an analysis dataset.
///
/// Numeric variables take `.number`, `.date` (stored as a SAS date number) or `.missing`; character
/// variables take `.text` or `.missing` (SAS has no separate character missing: it is all blanks, read
/// back as an empty string).
public enum AnalysisValue: Hashable, Sendable {
    case number(Double)
    case text(String)
    case date(CalendarDate)
    case missing

    /// A number, or missing when nil.
    public static func number(_ value: Double?) -> AnalysisValue {
        value.map(AnalysisValue.number) ?? .missing
    }

    /// An integer count or day number.
    public static func integer(_ value: Int?) -> AnalysisValue {
        value.map { .number(Double($0)) } ?? .missing
    }

    /// A date, or missing when nil.
    public static func date(_ value: CalendarDate?) -> AnalysisValue {
        value.map(AnalysisValue.date) ?? .missing
    }
}
