import Foundation

/// Everything TrialDesk needs to know about one trial: who runs it, its arms and how
/// participants are allocated, who may enter, when they are seen, and what is measured.
///
/// It is data, read from a study file (docs/study-definition.md), so that another trial
/// replaces it without a code change. `validate()` lists every inconsistency.
public struct StudyDefinition: Codable, Sendable, Hashable {
    public var protocolId: String
    /// Protocol version the definition follows, e.g. `1.0`.
    public var version: String
    public var title: LocalizedText
    public var registration: StudyRegistration
    public var sponsor: LocalizedText
    public var sites: [StudySite]
    public var screeningFields: [ScreeningField]
    public var arms: [StudyArm]
    public var allocationRatio: AllocationRatio
    public var targetEnrollment: Int
    public var randomization: RandomizationScheme
    /// Factors the randomization balances on; empty for an unstratified trial.
    public var stratification: [StratificationFactor]
    public var eligibility: [EligibilityCriterion]
    public var visits: [VisitDefinition]
    public var imaging: ImagingSchedule
    public var endpoints: [EndpointDefinition]
    public var qualityOfLife: QualityOfLifeSchedule
    /// Present in a file that amends an earlier version: which one, and why (docs/study-definition.md).
    public var amendment: StudyAmendmentNote?

    public init(protocolId: String, version: String, title: LocalizedText, registration: StudyRegistration,
                sponsor: LocalizedText, sites: [StudySite], screeningFields: [ScreeningField], arms: [StudyArm],
                allocationRatio: AllocationRatio, targetEnrollment: Int, randomization: RandomizationScheme,
                stratification: [StratificationFactor], eligibility: [EligibilityCriterion],
                visits: [VisitDefinition], imaging: ImagingSchedule, endpoints: [EndpointDefinition],
                qualityOfLife: QualityOfLifeSchedule) {
        self.protocolId = protocolId
        self.version = version
        self.title = title
        self.registration = registration
        self.sponsor = sponsor
        self.sites = sites
        self.screeningFields = screeningFields
        self.arms = arms
        self.allocationRatio = allocationRatio
        self.targetEnrollment = targetEnrollment
        self.randomization = randomization
        self.stratification = stratification
        self.eligibility = eligibility
        self.visits = visits
        self.imaging = imaging
        self.endpoints = endpoints
        self.qualityOfLife = qualityOfLife
    }

    public func site(code: String) -> StudySite? { sites.first { $0.code == code } }

    public func arm(code: String) -> StudyArm? { arms.first { $0.code == code } }

    public func screeningField(named name: String) -> ScreeningField? { screeningFields.first { $0.name == name } }

    public func criterion(id: String) -> EligibilityCriterion? { eligibility.first { $0.id == id } }

    public func endpoint(_ code: EndpointDefinition.Code) -> EndpointDefinition? { endpoints.first { $0.code == code } }

    public func visit(code: String) -> VisitDefinition? { visits.first { $0.code == code } }

    /// Every visit of every series, ordered by target day (then by code).
    public var scheduledVisits: [ScheduledVisit] {
        visits.flatMap(\.scheduledVisits).sorted { ($0.targetDay, $0.code) < ($1.targetDay, $1.code) }
    }

    /// The visits at which the QLQ-C30 is due, in time order.
    public var qualityOfLifeVisits: [ScheduledVisit] {
        let codes = Set(qualityOfLife.timepoints)
        return scheduledVisits.filter { codes.contains($0.definitionCode) }
    }

    /// The values the eligibility criteria allow for a screening field: the intersection of
    /// every value criterion that reads it, within the field's own range.
    public func eligibleValues(ofField name: String) -> NumericRule {
        var allowed = screeningField(named: name)?.range ?? .anyValue
        for criterion in eligibility where criterion.sourceField == name {
            if case .value(let rule) = criterion.answer { allowed = allowed.intersection(rule) }
        }
        return allowed
    }
}
