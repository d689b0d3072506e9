import Foundation

/// One adverse event as a site records it, graded by CTCAE v5.0.
public struct AdverseEventRecord: Hashable, Sendable, Codable {
    /// The CTCAE term ("Pneumothorax", "Injury, poisoning and procedural complications - Other, specify").
    public var term: String
    /// The free text of an "Other, specify" term ("seed migration to the right lower lobe").
    public var specify: String?
    /// CTCAE grade 1-5; it must exist for the term.
    public var grade: Int
    public var onsetDate: CalendarDate
    /// When the event resolved (or the participant died of it); nil while it is ongoing.
    public var resolutionDate: CalendarDate?
    public var outcome: AdverseEventOutcome
    /// Attribution to the 125I seed procedure; nil when the participant has not had the procedure.
    public var procedureAttribution: AdverseEventAttribution?
    /// Attribution to systemic therapy; nil when the participant has not received systemic therapy.
    public var systemicTherapyAttribution: AdverseEventAttribution?
    /// ICH E2A criteria met; empty for a non-serious event.
    public var seriousnessCriteria: Set<SeriousnessCriterion>
    /// The instant (UTC) the site first learned of the event; starts the 24-hour clock of a serious event.
    public var siteAwareAt: Date?
    /// What was done with study treatment because of the event.
    public var actionTaken: AdverseEventAction?

    public init(
        term: String, specify: String? = nil, grade: Int, onsetDate: CalendarDate, resolutionDate: CalendarDate? = nil,
        outcome: AdverseEventOutcome, procedureAttribution: AdverseEventAttribution? = nil,
        systemicTherapyAttribution: AdverseEventAttribution? = nil,
        seriousnessCriteria: Set<SeriousnessCriterion> = [], siteAwareAt: Date? = nil, actionTaken: AdverseEventAction? = nil
    ) {
        self.term = term
        self.specify = specify
        self.grade = grade
        self.onsetDate = onsetDate
        self.resolutionDate = resolutionDate
        self.outcome = outcome
        self.procedureAttribution = procedureAttribution
        self.systemicTherapyAttribution = systemicTherapyAttribution
        self.seriousnessCriteria = seriousnessCriteria
        self.siteAwareAt = siteAwareAt
        self.actionTaken = actionTaken
    }

    /// ICH E2A: serious if and only if any criterion is met, whatever the grade.
    public var isSerious: Bool { Seriousness.isSerious(seriousnessCriteria) }

    /// Related to either study treatment (possible, probable or definite).
    public var isTreatmentRelated: Bool {
        (procedureAttribution?.isRelated ?? false) || (systemicTherapyAttribution?.isRelated ?? false)
    }

    /// Grade 5 is death related to the event; such a record needs a matching death record.
    public var isFatal: Bool { grade == 5 }

    /// When a serious event's report is due at the sponsor; nil for non-serious events or without an awareness time.
    public var sponsorReportDeadline: Date? {
        guard isSerious, let siteAwareAt else { return nil }
        return Seriousness.sponsorReportDeadline(siteAwareAt: siteAwareAt)
    }
}

extension AdverseEventRecord {
    /// CTCAE v5 grades: 1 mild to 5 death related to the event.
    public static let gradeScale = 1...5
}
