import Foundation

/// How likely it is that a study treatment caused an adverse event. Recorded separately for the 125I
/// seed procedure and for systemic therapy.
public enum AdverseEventAttribution: String, CaseIterable, Codable, Sendable {
    case unrelated
    case unlikely
    case possible
    case probable
    case definite

    /// Safety tables count an event as treatment-related when attribution is possible, probable or definite.
    public var isRelated: Bool {
        switch self {
        case .unrelated, .unlikely: return false
        case .possible, .probable, .definite: return true
        }
    }
}
