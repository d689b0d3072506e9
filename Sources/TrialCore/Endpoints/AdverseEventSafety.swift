import Foundation

/// One adverse event as the safety analysis reads it.
public struct AnalysedAdverseEvent: Sendable, Hashable, Codable {
    /// The record's identifier in the casebook.
    public var recordId: String
    /// CTCAE term (AEDECOD) and, for "Other, specify", the free text.
    public var term: String
    public var specify: String?
    /// MedDRA system organ class of the term (AEBODSYS); nil when the term is not in the dictionary.
    public var systemOrganClass: String?
    public var grade: Int
    public var onsetDate: CalendarDate
    public var resolutionDate: CalendarDate?
    public var outcome: AdverseEventOutcome
    /// Started on or after the first study treatment and within the window after the last (TRTEMFL).
    public var treatmentEmergent: Bool
    public var serious: Bool
    /// Possibly, probably or definitely related to the 125I seed procedure.
    public var procedureRelated: Bool
    /// Possibly, probably or definitely related to systemic therapy.
    public var therapyRelated: Bool
    /// Study day of onset (day 1 = randomization day, CDISC convention: no day 0).
    public var onsetStudyDay: Int
    /// What was done with study treatment because of the event (AEACN); nil when not recorded.
    public var actionTaken: AdverseEventAction?
}

/// The safety derivation of one participant (docs/endpoints.md, "Safety"): every adverse event with its
/// treatment-emergence, seriousness and attribution flags, and the worst grade per participant and per
/// term among treatment-emergent events.
public struct ParticipantSafety: Sendable, Hashable, Codable {
    public var participantId: String
    /// First study treatment (nil when none was given: no event is then treatment-emergent).
    public var firstTreatmentDate: CalendarDate?
    /// Last study treatment; nil while treatment continues (a therapy line without stop date).
    public var lastTreatmentDate: CalendarDate?
    /// Every recorded event, in onset order.
    public var events: [AnalysedAdverseEvent]

    public var treatmentEmergentEvents: [AnalysedAdverseEvent] { events.filter(\.treatmentEmergent) }

    /// Worst CTCAE grade among treatment-emergent events; nil when there is none.
    public var worstGrade: Int? { treatmentEmergentEvents.map(\.grade).max() }

    /// Worst grade of each term among treatment-emergent events.
    public var worstGradeByTerm: [String: Int] {
        treatmentEmergentEvents.reduce(into: [:]) { worst, event in
            worst[event.term] = max(worst[event.term] ?? 0, event.grade)
        }
    }

    /// Worst grade among treatment-emergent events that satisfy `include`; nil when none does.
    public func worstGrade(where include: (AnalysedAdverseEvent) -> Bool) -> Int? {
        treatmentEmergentEvents.filter(include).map(\.grade).max()
    }

    /// Derives the safety record with data up to `dataCutoff`.
    ///
    /// First study treatment (TreatmentEmergence): for a participant treated with the control arm's
    /// systemic therapy only, the randomization date; otherwise the earliest implantation or systemic
    /// therapy start on or after randomization. Last study treatment: the latest implantation or
    /// therapy stop, or none while a therapy line is ongoing. Window: `windowDays` after the last.
    public static func derive(
        _ casebook: Casebook, dataCutoff: CalendarDate? = nil, dictionary: CtcaeDictionary? = nil,
        windowDays: Int = TreatmentEmergence.defaultWindowDays
    ) -> ParticipantSafety {
        let book = dataCutoff.map { casebook.asOf(dataCutoff: $0) } ?? casebook
        let randomized = book.randomizationDate
        let implantations = book.implantations.map(\.form.date).filter { date in randomized.map { date >= $0 } ?? true }
        let lines = book.therapyLines.filter { line in randomized.map { line.form.startDate >= $0 } ?? true }

        let firstTreatment: CalendarDate?
        if implantations.isEmpty {
            firstTreatment = lines.isEmpty ? nil : (randomized ?? lines.map(\.form.startDate).min())
        } else {
            firstTreatment = (implantations + lines.map(\.form.startDate)).min()
        }
        let lastTreatment: CalendarDate?
        if lines.contains(where: { $0.form.stopDate == nil }) || firstTreatment == nil {
            lastTreatment = nil
        } else {
            lastTreatment = (implantations + lines.compactMap(\.form.stopDate)).max()
        }

        let origin = randomized
        let events = book.adverseEvents.map { recorded -> AnalysedAdverseEvent in
            let event = recorded.form
            let day = origin.map { o in
                let difference = o.days(until: event.onsetDate)
                return difference >= 0 ? difference + 1 : difference
            } ?? 0
            return AnalysedAdverseEvent(
                recordId: recorded.id, term: event.term, specify: event.specify,
                systemOrganClass: dictionary?.term(named: event.term)?.soc, grade: event.grade,
                onsetDate: event.onsetDate, resolutionDate: event.resolutionDate, outcome: event.outcome,
                treatmentEmergent: firstTreatment != nil && TreatmentEmergence.isTreatmentEmergent(
                    onset: event.onsetDate, firstTreatment: firstTreatment, lastTreatment: lastTreatment,
                    windowDays: windowDays),
                serious: event.isSerious,
                procedureRelated: event.procedureAttribution?.isRelated ?? false,
                therapyRelated: event.systemicTherapyAttribution?.isRelated ?? false,
                onsetStudyDay: day, actionTaken: event.actionTaken)
        }.sorted { ($0.onsetDate, $0.recordId) < ($1.onsetDate, $1.recordId) }
        return ParticipantSafety(participantId: casebook.participantId, firstTreatmentDate: firstTreatment,
                                 lastTreatmentDate: lastTreatment, events: events)
    }
}
