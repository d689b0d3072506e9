import Testing
@testable import TrialCore

@Test func iso_dates_round_trip_across_leap_years_and_eras() {
    for text in ["1970-01-01", "2000-02-29", "2024-12-31", "1899-03-01", "2026-11-25", "2100-02-28"] {
        #expect(CalendarDate(iso8601: text)?.iso8601 == text)
    }
    #expect(CalendarDate(iso8601: "1970-01-01")?.daysSinceEpoch == 0)
    #expect(CalendarDate(iso8601: "2000-03-01")?.daysSinceEpoch == 11_017)
    // Every day of four centuries: the written form is the zero-padded parts, and it reads back to the same day.
    for days in stride(from: -700_000, through: 700_000, by: 1) where days % 7 == 0 || abs(days) < 1_000 {
        let date = CalendarDate(daysSinceEpoch: days)
        let (year, month, day) = date.components
        let expected = String(format: "%04d-%02d-%02d", year, month, day)
        #expect(date.iso8601 == expected)
        #expect(CalendarDate(iso8601: expected) == date)
    }
}

@Test func impossible_or_malformed_dates_are_rejected() {
    for text in ["2026-02-29", "2100-02-29", "2026-13-01", "2026-00-10", "2026-1-01", "26-01-01", "2026-01-01T00:00", "", "abcd-ef-gh",
                 "２０２６-01-01", "2026-01-0\u{0661}", "+026-01-01", " 2026-01-01", "2026/01/01", "2026-01-1 "] {
        #expect(CalendarDate(iso8601: text) == nil, "\(text)")
    }
}

@Test func day_arithmetic_counts_whole_days() {
    let randomized = CalendarDate(iso8601: "2026-01-01")!
    #expect(randomized.days(until: CalendarDate(iso8601: "2027-01-01")!) == 365)
    #expect(randomized.adding(days: 365).iso8601 == "2027-01-01")
    #expect(CalendarDate(iso8601: "2024-01-01")!.adding(days: 366).iso8601 == "2025-01-01")
}
