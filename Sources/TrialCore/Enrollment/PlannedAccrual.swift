import Foundation

/// How long enrolment is planned to run. The demonstration study enrols over `demonstration`, and the
/// design of this trial (`trialdesk design trial`) assumes the same period, so both read it here.
public struct PlannedAccrual: Sendable, Equatable {
    public let days: Int

    public init(days: Int) {
        self.days = days
    }

    /// The period in months of 30.4375 days (365.25 / 12), the month trial design calculations use.
    public var months: Double { Double(days) / (365.25 / 12) }

    /// The demonstration study's accrual: screenings arrive over about 400 days (docs/demo-data.md).
    public static let demonstration = PlannedAccrual(days: 400)
}
