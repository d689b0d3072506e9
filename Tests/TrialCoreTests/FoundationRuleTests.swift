import Foundation
import Testing
@testable import TrialCore

@Test func timestamps_are_utc_with_milliseconds_and_round_trip() {
    let instant = Date(timeIntervalSince1970: 1_795_635_612.123)
    let text = UTCTimestamp.string(from: instant)
    #expect(text == "2026-11-25T19:40:12.123Z")
    #expect(UTCTimestamp.date(from: text)?.timeIntervalSince1970 == 1_795_635_612.123)
    #expect(UTCTimestamp.string(from: Date(timeIntervalSince1970: -0.5)) == "1969-12-31T23:59:59.500Z")
}

@Test func timestamps_match_the_gregorian_calendar_in_utc_from_1900_to_2100() {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC")!
    var generator = SystemRandomNumberGenerator()
    // Half a millisecond into each millisecond, so that binary rounding of the instant cannot cross into the next.
    let instants = [Int64(-2_208_988_800_000), 0, -1, 999, 86_399_999, 951_782_400_000, 4_102_444_799_999]
        + (0..<2_000).map { _ in Int64.random(in: -2_208_988_800_000...4_102_444_799_999, using: &generator) }
    for milliseconds in instants {
        let date = Date(timeIntervalSince1970: (Double(milliseconds) + 0.5) / 1000)
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        let millis = Int(((milliseconds % 1000) + 1000) % 1000)
        let expected = String(format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", c.year!, c.month!, c.day!, c.hour!, c.minute!, c.second!, millis)
        #expect(UTCTimestamp.string(from: date) == expected, "\(milliseconds)")
        #expect(UTCTimestamp.date(from: expected).map { Int64(($0.timeIntervalSince1970 * 1000).rounded()) } == milliseconds, "\(milliseconds)")
    }
}

@Test func malformed_timestamps_are_rejected() {
    for text in ["2026-11-25 18:20:12Z", "2026-11-25T25:00:00Z", "2026-11-25T18:20:12.12Z", "2026-11-25T18:20:12"] {
        #expect(UTCTimestamp.date(from: text) == nil, "\(text)")
    }
}

@Test func usernames_are_plain_ascii_words_of_at_most_64_characters() {
    #expect(UsernameRule.problems(with: "dr.wang-960_2").isEmpty)
    #expect(UsernameRule.problems(with: String(repeating: "a", count: 64)).isEmpty)
    #expect(UsernameRule.problems(with: String(repeating: "a", count: 65)).map(\.field) == ["username"])
    for bad in ["", "dr wang", "王医生", "a/b", " admin"] {
        #expect(!UsernameRule.problems(with: bad).isEmpty, "\(bad)")
    }
}

@Test func passwords_need_twelve_characters_and_must_not_contain_the_username() {
    #expect(PasswordPolicy.standard.problems(with: "twelve chars").isEmpty)
    #expect(PasswordPolicy.standard.problems(with: "eleven char").count == 1)
    #expect(PasswordPolicy.standard.problems(with: "my-admin-password", username: "admin").count == 1)
}

@Test func a_list_screen_is_a_hundred_rows_and_a_page_number_below_one_is_refused() throws {
    #expect(try ListPage.screen(nil).offset == 0)
    #expect(try ListPage.screen(3).offset == 200)
    #expect(try ListPage.screen(3).limit == InputLimits.rowsPerScreen)
    #expect(try ListPage.screen(3).screenNumber == 3)
    for bad in [0, -1, Int.max] {
        #expect(throws: ValidationFailure.self) { _ = try ListPage.screen(bad) }
    }
}
