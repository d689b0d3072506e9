import Foundation

/// The start of a systemic anticancer therapy regimen after randomization, with why it was started.
/// Only starts for progression or a clinical decision are new lines for TTNT.
public struct EndpointTherapyStart: Sendable, Hashable, Codable {
    public var date: CalendarDate
    public var reason: Reason

    public init(date: CalendarDate, reason: Reason) {
        self.date = date
        self.reason = reason
    }

    public enum Reason: String, Sendable, Hashable, Codable, CaseIterable {
        case progression
        case clinicalDecision
        case toxicity
        case maintenance
        case other

        /// The registration's TTNT counts a new line or regimen "due to disease progression or clinical
        /// decision"; a switch for toxicity, a planned maintenance switch or another change is not a new line.
        public var startsNewLine: Bool {
            self == .progression || self == .clinicalDecision
        }

        public static var allowedSpellings: String {
            allCases.map(\.rawValue).joined(separator: ", ")
        }
    }
}
