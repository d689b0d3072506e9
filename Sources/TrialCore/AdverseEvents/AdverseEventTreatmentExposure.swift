import Foundation

/// Which study treatments the participant had received, deciding which attributions the record must carry.
public struct AdverseEventTreatmentExposure: Hashable, Sendable, Codable {
    /// The participant has had 125I seed implantation (experimental arm, on or after the first implantation).
    public var procedure: Bool
    /// The participant has received systemic therapy.
    public var systemicTherapy: Bool

    public init(procedure: Bool, systemicTherapy: Bool) {
        self.procedure = procedure
        self.systemicTherapy = systemicTherapy
    }

    /// Experimental arm after implantation: both attributions are recorded.
    public static let procedureAndSystemicTherapy = AdverseEventTreatmentExposure(procedure: true, systemicTherapy: true)
    /// Control arm: systemic therapy only.
    public static let systemicTherapyOnly = AdverseEventTreatmentExposure(procedure: false, systemicTherapy: true)
}
