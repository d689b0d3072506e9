import Foundation

/// What was done with study treatment because of an adverse event (CDISC AEACN terms).
public enum AdverseEventAction: String, Hashable, Sendable, Codable, CaseIterable {
    case doseNotChanged
    case doseReduced
    case drugInterrupted
    case drugWithdrawn
    case notApplicable
    case unknown

    /// The CDISC controlled term, as ADAE's AEACN carries it.
    public var cdiscTerm: String {
        switch self {
        case .doseNotChanged: return "DOSE NOT CHANGED"
        case .doseReduced: return "DOSE REDUCED"
        case .drugInterrupted: return "DRUG INTERRUPTED"
        case .drugWithdrawn: return "DRUG WITHDRAWN"
        case .notApplicable: return "NOT APPLICABLE"
        case .unknown: return "UNKNOWN"
        }
    }
}
