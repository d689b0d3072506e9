import Foundation

/// A calendar date with no time zone, as clinical events are recorded ("2026-03-14").
///
/// Stored as the number of days since 1970-01-01 so that durations are plain integer
/// subtraction (endpoints count days: event date - randomization date).
public struct CalendarDate: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// Days since 1970-01-01 (negative before it).
    public let daysSinceEpoch: Int

    public init(daysSinceEpoch: Int) {
        self.daysSinceEpoch = daysSinceEpoch
    }

    /// A date from its parts; nil when the day does not exist (2026-02-30).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), day >= 1, day <= CalendarDate.daysInMonth(year: year, month: month) else {
            return nil
        }
        self.daysSinceEpoch = CalendarDate.days(fromCivilYear: year, month: month, day: day)
    }

    /// Parses exactly `YYYY-MM-DD`; nil for anything else (including impossible dates). Read byte by byte:
    /// lists of visits and recruitment dates parse thousands of dates per page.
    public init?(iso8601 text: String) {
        var text = text
        guard let parsed = text.withUTF8({ bytes -> (Int, Int, Int)? in
            guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
            func number(_ range: Range<Int>) -> Int? {
                var value = 0
                for index in range {
                    let digit = Int(bytes[index]) - Int(UInt8(ascii: "0"))
                    guard (0...9).contains(digit) else { return nil }
                    value = value * 10 + digit
                }
                return value
            }
            guard let y = number(0..<4), let m = number(5..<7), let d = number(8..<10) else { return nil }
            return (y, m, d)
        }) else { return nil }
        self.init(year: parsed.0, month: parsed.1, day: parsed.2)
    }

    public var components: (year: Int, month: Int, day: Int) {
        CalendarDate.civil(fromDays: daysSinceEpoch)
    }

    public var iso8601: String {
        let c = components
        guard (0...9999).contains(c.year) else { return String(format: "%04d-%02d-%02d", c.year, c.month, c.day) }
        let zero = UInt8(ascii: "0")
        let bytes: [UInt8] = [
            zero + UInt8(c.year / 1000), zero + UInt8(c.year / 100 % 10), zero + UInt8(c.year / 10 % 10), zero + UInt8(c.year % 10),
            UInt8(ascii: "-"), zero + UInt8(c.month / 10), zero + UInt8(c.month % 10),
            UInt8(ascii: "-"), zero + UInt8(c.day / 10), zero + UInt8(c.day % 10),
        ]
        return String(decoding: bytes, as: UTF8.self)
    }

    public var description: String { iso8601 }

    public func adding(days: Int) -> CalendarDate {
        CalendarDate(daysSinceEpoch: daysSinceEpoch + days)
    }

    /// Whole days from `self` to `other` (positive when `other` is later).
    public func days(until other: CalendarDate) -> Int {
        other.daysSinceEpoch - daysSinceEpoch
    }

    /// The UTC calendar date of an instant.
    public init(utcDayOf instant: Date) {
        self.daysSinceEpoch = Int((instant.timeIntervalSince1970 / 86_400).rounded(.down))
    }

    /// Midnight UTC at the start of this date.
    public var startOfDayUTC: Date {
        Date(timeIntervalSince1970: TimeInterval(daysSinceEpoch) * 86_400)
    }

    public static func < (lhs: CalendarDate, rhs: CalendarDate) -> Bool {
        lhs.daysSinceEpoch < rhs.daysSinceEpoch
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let date = CalendarDate(iso8601: text) else {
            throw DecodingError.dataCorruptedError(
                in: container,
                debugDescription: "'\(text)' is not a calendar date; write it as YYYY-MM-DD"
            )
        }
        self = date
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(iso8601)
    }

    static func isLeapYear(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    // Proleptic Gregorian calendar arithmetic on 400-year eras (146,097 days each),
    // with the year starting in March so that the leap day falls at the end.
    static func days(fromCivilYear year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let monthFromMarch = month > 2 ? month - 3 : month + 9
        let dayOfYear = (153 * monthFromMarch + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func civil(fromDays days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthFromMarch = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthFromMarch + 2) / 5 + 1
        let month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }
}

extension CalendarDate {
    /// The calendar date of an instant in a time zone (a clinical event's date as the site sees it).
    public init(localDayOf instant: Date, in timeZone: TimeZone) {
        let offset = TimeInterval(timeZone.secondsFromGMT(for: instant))
        self.init(utcDayOf: instant.addingTimeInterval(offset))
    }
}
