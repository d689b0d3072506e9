import Foundation

/// The case report forms a visit can make due. The names are the forms TrialDesk records.
public enum CaseReportForm: String, Codable, Sendable, Hashable, CaseIterable {
    case baseline
    case implantation
    case systemicTherapy
    case tumourAssessment
    case adverseEvents
    case qlqC30
    case followUp
    case death
    case endOfStudy
    case deviation

    public init(from decoder: any Decoder) throws {
        self = try decoder.decodeWord(CaseReportForm.self, rule: .unknownForm, noun: "form")
    }

    /// Forms of which a participant has at most one: one baseline, one death, one end of study. A second
    /// is refused; the one saved is corrected instead.
    public var isOnePerParticipant: Bool {
        switch self {
        case .baseline, .death, .endOfStudy: return true
        case .implantation, .systemicTherapy, .tumourAssessment, .adverseEvents, .qlqC30, .followUp, .deviation: return false
        }
    }
}
