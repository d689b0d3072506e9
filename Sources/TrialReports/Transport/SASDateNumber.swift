import Foundation
import TrialCore

/// SAS dates count days from 1960-01-01, so 1960-01-01 is 0 and 1970-01-01 is 3653.
public enum SASDateNumber {
    /// Days from 1960-01-01 to 1970-01-01 (ten years, three of them leap years: 1960, 1964, 1968).
    public static let daysFrom1960To1970 = 3653

    public static func number(of date: CalendarDate) -> Int {
        date.daysSinceEpoch + daysFrom1960To1970
    }

    public static func date(of number: Int) -> CalendarDate {
        CalendarDate(daysSinceEpoch: number - daysFrom1960To1970)
    }
}
