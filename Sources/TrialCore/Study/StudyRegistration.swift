import Foundation

/// Where and how the trial is registered, as the registry record states it.
public struct StudyRegistration: Codable, Sendable, Hashable {
    /// e.g. `ClinicalTrials.gov`, `ChiCTR`.
    public var registry: String
    /// The registry's number (`NCT01234567`); absent until the registry assigns one.
    public var registryId: String?
    /// e.g. `2`.
    public var phase: String
    /// e.g. `interventional`.
    public var studyType: String
    /// e.g. `none (open label)`.
    public var masking: String

    public init(registry: String, registryId: String?, phase: String, studyType: String, masking: String) {
        self.registry = registry
        self.registryId = registryId
        self.phase = phase
        self.studyType = studyType
        self.masking = masking
    }
}
