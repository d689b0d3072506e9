import Testing
@testable import TrialCore

@Test func iso_dates_round_trip_across_leap_years_and_eras() {
    for text in ["1970-01-01", "2000-02-29", "2024-12-31", "1899-03-01", "2026-11-25", "2100-02-28"] {
        #expect(CalendarDate(iso8601: text)?.iso8601 == text)
    }
    #expect(CalendarDate(iso8601: "1970-01-01")?.daysSinceEpoch == 0)
    #expect(CalendarDate(iso8601: "2000-03-01")?.daysSinceEpoch == 11_017)
}

@Test func impossible_or_malformed_dates_are_rejected() {
    for text in ["2026-02-29", "2100-02-29", "2026-13-01", "2026-00-10", "2026-1-01", "26-01-01", "2026-01-01T00:00", "", "abcd-ef-gh"] {
        #expect(CalendarDate(iso8601: text) == nil, "\(text)")
    }
}

@Test func day_arithmetic_counts_whole_days() {
    let randomized = CalendarDate(iso8601: "2026-01-01")!
    #expect(randomized.days(until: CalendarDate(iso8601: "2027-01-01")!) == 365)
    #expect(randomized.adding(days: 365).iso8601 == "2027-01-01")
    #expect(CalendarDate(iso8601: "2024-01-01")!.adding(days: 366).iso8601 == "2025-01-01")
}
