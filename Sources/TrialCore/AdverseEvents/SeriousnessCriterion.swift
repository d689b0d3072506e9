import Foundation

/// The ICH E2A criteria that make an adverse event serious.
///
/// Seriousness is about outcome and consequences, not intensity: it is independent of the CTCAE grade
/// (a grade 2 event that prolongs a hospital stay is serious; a grade 3 laboratory value may not be).
public enum SeriousnessCriterion: String, CaseIterable, Codable, Sendable {
    /// Results in death.
    case death
    /// Puts the participant at immediate risk of death as it occurs.
    case lifeThreatening
    /// Requires inpatient hospitalisation or prolongs an existing one.
    case hospitalization
    /// Results in persistent or significant disability or incapacity.
    case disability
    /// Is a congenital anomaly or birth defect.
    case congenitalAnomaly
    /// Another important medical event that may jeopardise the participant or need intervention to prevent one
    /// of the outcomes above.
    case importantMedicalEvent
}
