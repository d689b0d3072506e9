import Foundation

/// An instant written as ISO 8601 in UTC with milliseconds ("2026-11-25T19:40:12.123Z").
///
/// Audit events and other instants are stored in this form, so that they sort as text, read the same on
/// SQLite and PostgreSQL, and hash to the same bytes on every platform.
public enum UTCTimestamp {
    public static func string(from date: Date) -> String {
        let milliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
        let seconds = Int(milliseconds.quotientAndRemainderFloor(dividingBy: 1000).quotient)
        let millis = Int(milliseconds.quotientAndRemainderFloor(dividingBy: 1000).remainder)
        let days = seconds.quotientAndRemainderFloor(dividingBy: 86_400)
        let date = CalendarDate(daysSinceEpoch: days.quotient)
        let secondOfDay = days.remainder
        // Written digit by digit: every write stamps its events with it, and Foundation's `String(format:)` (a
        // format string parsed on every call) cost a percent of building the demo.
        let zero = UInt8(ascii: "0")
        let (hour, minute, second) = (secondOfDay / 3600, (secondOfDay / 60) % 60, secondOfDay % 60)
        var bytes = Array(date.iso8601.utf8)
        bytes.reserveCapacity(bytes.count + 14)
        bytes += [UInt8(ascii: "T"), zero + UInt8(hour / 10), zero + UInt8(hour % 10), UInt8(ascii: ":"),
                  zero + UInt8(minute / 10), zero + UInt8(minute % 10), UInt8(ascii: ":"), zero + UInt8(second / 10), zero + UInt8(second % 10),
                  UInt8(ascii: "."), zero + UInt8(millis / 100), zero + UInt8(millis / 10 % 10), zero + UInt8(millis % 10), UInt8(ascii: "Z")]
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Parses the form written by `string(from:)` (milliseconds optional); nil for anything else.
    public static func date(from text: String) -> Date? {
        guard text.hasSuffix("Z"), text.count >= 20 else { return nil }
        let body = text.dropLast()
        let parts = body.split(separator: "T")
        guard parts.count == 2, let day = CalendarDate(iso8601: String(parts[0])) else { return nil }
        let clock = parts[1].split(separator: ":")
        guard clock.count == 3, let hour = Int(clock[0]), let minute = Int(clock[1]),
              (0..<24).contains(hour), (0..<60).contains(minute) else { return nil }
        let secondParts = clock[2].split(separator: ".")
        guard let second = Int(secondParts[0]), (0..<60).contains(second) else { return nil }
        var millis = 0
        if secondParts.count == 2 {
            guard secondParts[1].count == 3, let value = Int(secondParts[1]) else { return nil }
            millis = value
        }
        let total = Double(day.daysSinceEpoch) * 86_400 + Double(hour * 3600 + minute * 60 + second) + Double(millis) / 1000
        return Date(timeIntervalSince1970: total)
    }
}

extension BinaryInteger {
    /// Division rounding toward minus infinity, so instants before 1970 format correctly.
    func quotientAndRemainderFloor(dividingBy divisor: Self) -> (quotient: Self, remainder: Self) {
        var (q, r) = quotientAndRemainder(dividingBy: divisor)
        if r != 0 && ((r < 0) != (divisor < 0)) {
            q -= 1
            r += divisor
        }
        return (q, r)
    }
}
