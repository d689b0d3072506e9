import Foundation

/// The unit of a time axis. Durations are kept in days; months are days / 30.4375 (365.25 / 12), the
/// convention of the study's reports.
public enum FigureTimeUnit: String, Sendable, Codable, CaseIterable {
    case days
    case months

    public static let daysPerMonth = 30.4375

    public func value(fromDays days: Double) -> Double {
        self == .months ? days / Self.daysPerMonth : days
    }

    public func days(from value: Double) -> Double {
        self == .months ? value * Self.daysPerMonth : value
    }

    /// Steps that read naturally on this axis (months: quarters, half-years, years; days: weeks to years).
    var preferredSteps: [Double] {
        switch self {
        case .months: [1, 3, 6, 12, 24, 36, 60]
        case .days: [7, 14, 30, 60, 90, 180, 365, 730]
        }
    }
}

/// How a probability is labelled on the value axis.
public enum FigureValueScale: String, Sendable, Codable, CaseIterable {
    /// 0 to 1.
    case proportion
    /// 0 to 100, the axis title says "%".
    case percent
}
