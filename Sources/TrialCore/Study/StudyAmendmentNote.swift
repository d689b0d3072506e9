import Foundation

/// The `amendment` section of a study file that amends an earlier version: the version it amends and why,
/// so that the file itself states its reason (the reason given when installing it is kept with it too).
///
///     amendment:
///       amends: "1.0"
///       reason: "Adds an imaging visit at day 365 so that PFS follow-up reaches the 12-month time frame."
public struct StudyAmendmentNote: Codable, Sendable, Hashable {
    public var amends: String
    public var reason: String

    public init(amends: String, reason: String) {
        self.amends = amends
        self.reason = reason
    }
}
