import Foundation

/// How an adverse event ended (or stands), in the CDISC AEOUT vocabulary.
public enum AdverseEventOutcome: String, CaseIterable, Codable, Sendable {
    case recovered
    case recoveredWithSequelae
    case recovering
    case notRecovered
    case fatal
    case unknown

    /// Outcomes that mean the event is over, so an end date belongs with them.
    public var hasEnded: Bool {
        switch self {
        case .recovered, .recoveredWithSequelae, .fatal: return true
        case .recovering, .notRecovered, .unknown: return false
        }
    }
}
