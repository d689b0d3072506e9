import Foundation

/// A lesion measurement held as a whole number of tenths of a millimetre.
///
/// RECIST 1.1 decides responses on exact thresholds ("at least 30% below baseline", "at least 20% and
/// 5 mm above the nadir"). In binary floating point 0.7 x 14 is less than 9.8, so a 9.8 mm lesion
/// against a 14 mm baseline would miss a partial response it has earned; integers in tenths of a
/// millimetre (the finest step a CT caliper reports) make every comparison exact.
public struct Millimetres: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let tenths: Int

    public init(tenths: Int) {
        self.tenths = tenths
    }

    /// A whole number of millimetres.
    public init(_ wholeMillimetres: Int) {
        self.tenths = wholeMillimetres * 10
    }

    /// The measurement written as a decimal number of millimetres; nil when it is not a whole number
    /// of tenths of a millimetre (12.35) or too large to hold.
    public init?(exactly value: Decimal) {
        var scaled = value * 10
        var rounded = Decimal()
        NSDecimalRound(&rounded, &scaled, 0, .plain)
        guard rounded == scaled, rounded.magnitude <= Decimal(Int32.max) else { return nil }
        self.tenths = NSDecimalNumber(decimal: rounded).intValue
    }

    /// Parses "9.8" or "14"; nil for anything that is not a decimal number of tenths.
    public init?(_ text: String) {
        guard let value = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")),
              text.allSatisfy({ $0.isNumber || $0 == "." || $0 == "-" }) else { return nil }
        self.init(exactly: value)
    }

    public static let zero = Millimetres(tenths: 0)

    /// The exact value in millimetres, as written in JSON output (9.8, 14).
    public var decimalValue: Decimal {
        Decimal(tenths) / 10
    }

    public var description: String {
        "\(decimalValue) mm"
    }

    public static func < (lhs: Millimetres, rhs: Millimetres) -> Bool {
        lhs.tenths < rhs.tenths
    }

    public static func + (lhs: Millimetres, rhs: Millimetres) -> Millimetres {
        Millimetres(tenths: lhs.tenths + rhs.tenths)
    }

    public static func - (lhs: Millimetres, rhs: Millimetres) -> Millimetres {
        Millimetres(tenths: lhs.tenths - rhs.tenths)
    }

    public static func * (lhs: Millimetres, factor: Int) -> Millimetres {
        Millimetres(tenths: lhs.tenths * factor)
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        let value = try container.decode(Decimal.self)
        guard let measurement = Millimetres(exactly: value) else {
            throw DecodingError.dataCorruptedError(
                in: container,
                debugDescription: "must be a length in millimetres with at most one decimal (tenths of a millimetre)"
            )
        }
        self = measurement
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(decimalValue)
    }
}

extension Sequence where Element == Millimetres {
    /// The sum of the measurements (the RECIST sum of diameters when applied to the target lesions).
    public func total() -> Millimetres {
        reduce(.zero, +)
    }
}
