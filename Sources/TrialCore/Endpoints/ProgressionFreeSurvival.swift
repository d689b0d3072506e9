import Foundation

/// PFS: randomization to the first progression or death from any cause, with the censoring rules of
/// the FDA 2018 guidance table (and EMA's anticancer guideline) applied in the order of the endpoints spec.
public enum ProgressionFreeSurvival {
    /// Each way a PFS value is decided, with its ADaM CNSR code and EVNTDESC.
    public enum Rule: String, TimeToEventRule {
        /// Rule 3: the first PD or PMD, on the date of the assessment that showed it.
        case progression
        /// Rule 3: death before any documented progression.
        case death
        /// Rule 1: no baseline or no adequate post-baseline assessment, and death within
        /// 2 x interval + window days of randomization ("a death is a death").
        case deathWithoutAdequateAssessment
        /// Rule 1: no baseline tumour assessment and no early death: censored at randomization.
        case noBaselineAssessment
        /// Rule 1: no adequate post-baseline assessment and no early death: censored at randomization.
        case noAdequatePostBaselineAssessment
        /// Rule 2: progression or death after two or more missed assessments: censored at the last
        /// adequate assessment before it (randomization when there is none).
        case eventAfterMissedAssessments
        /// Rule 4: neither progression nor death: censored at the last adequate assessment.
        case noProgressionOrDeath
        /// Rule 5 (sensitivity analysis only): a new line of systemic therapy before the event or
        /// censoring date: censored at the last adequate assessment on or before its start.
        case newTherapyLine
        /// Rule 6: the value reached past the horizon: censored at the horizon.
        case administrativeHorizon

        public var censoringCode: Int {
            switch self {
            case .progression, .death, .deathWithoutAdequateAssessment: return 0
            case .noBaselineAssessment: return 1
            case .noAdequatePostBaselineAssessment: return 2
            case .eventAfterMissedAssessments: return 3
            case .noProgressionOrDeath: return 4
            case .newTherapyLine: return 5
            case .administrativeHorizon: return 6
            }
        }

        public var eventDescription: String {
            switch self {
            case .progression: return "DISEASE PROGRESSION"
            case .death: return "DEATH"
            case .deathWithoutAdequateAssessment: return "DEATH WITHOUT ADEQUATE TUMOR ASSESSMENT"
            case .noBaselineAssessment: return "NO BASELINE TUMOR ASSESSMENT"
            case .noAdequatePostBaselineAssessment: return "NO ADEQUATE POST-BASELINE TUMOR ASSESSMENT"
            case .eventAfterMissedAssessments: return "PROGRESSION OR DEATH AFTER TWO OR MORE MISSED ASSESSMENTS"
            case .noProgressionOrDeath: return "NO PROGRESSION OR DEATH"
            case .newTherapyLine: return "NEW LINE OF SYSTEMIC THERAPY STARTED"
            case .administrativeHorizon: return "FOLLOW-UP BEYOND ANALYSIS HORIZON"
            }
        }

        /// PFS has no competing event: death is part of the event.
        public var competingRiskCode: Int { isEvent ? 1 : 0 }
    }

    /// Derives PFS for one participant; throws the participant's consistency errors.
    public static func derive(
        for participant: EndpointParticipant, settings: EndpointSettings = EndpointSettings()
    ) throws(ValidationFailure) -> TimeToEventResult<Rule> {
        try settings.validate()
        try participant.validate()
        let randomized = participant.randomizationDate
        let gap = settings.missedAssessmentsGapDays
        var outcome = uncappedOutcome(participant, gap: gap)
        if settings.censorPFSAtNewTherapyLine {
            outcome = censoredAtNewTherapyLine(outcome, participant)
        }
        return outcome.result(
            origin: randomized, horizonDays: settings.pfsHorizonDays,
            administrativeRule: .administrativeHorizon, settings: settings)
    }

    /// Rules 1 to 4, in order.
    private static func uncappedOutcome(_ participant: EndpointParticipant, gap: Int) -> UncappedOutcome<Rule> {
        let randomized = participant.randomizationDate
        // Without a baseline assessment no post-baseline response is assessable against it.
        let adequate = participant.hasBaselineAssessment ? participant.timepoints().filter(\.isAdequate) : []

        // Rule 1: no baseline, or no adequate post-baseline assessment.
        if adequate.isEmpty {
            let missing = participant.hasBaselineAssessment
                ? "no adequate post-baseline assessment (every response NE or none recorded)"
                : "no baseline tumour assessment"
            let censoredRule: Rule = participant.hasBaselineAssessment ? .noAdequatePostBaselineAssessment : .noBaselineAssessment
            if let death = participant.deathDate {
                let deathDay = randomized.days(until: death)
                if deathDay <= gap {
                    return UncappedOutcome(
                        rule: .deathWithoutAdequateAssessment, date: death, source: .death,
                        reason: "\(missing); death on day \(deathDay) (\(death)) is within \(gap) days of randomization, so it is the event")
                }
                return UncappedOutcome(
                    rule: censoredRule, date: randomized, source: .randomization,
                    reason: "\(missing); death on day \(deathDay) (\(death)) is more than \(gap) days after randomization, so censored at randomization (day 0)")
            }
            return UncappedOutcome(
                rule: censoredRule, date: randomized, source: .randomization,
                reason: "\(missing) and no death, so censored at randomization (day 0)")
        }

        // The event candidate: the first progression or death, whichever comes first
        // (progression on the day of death is reported as the progression).
        let firstProgression = adequate.first(where: \.isProgression)
        var event: (rule: Rule, date: CalendarDate, source: EndpointDateSource, text: String)?
        if let progression = firstProgression {
            event = (.progression, progression.date, .assessment(index: progression.assessmentIndex),
                     "\(progression.response.rawValue) (\(progression.response.criterion.rawValue))")
        }
        if let death = participant.deathDate, event == nil || death < event!.date {
            event = (.death, death, .death, "death")
        }

        guard let event else {
            // Rule 4: neither progression nor death.
            let last = adequate[adequate.count - 1]
            return UncappedOutcome(
                rule: .noProgressionOrDeath, date: last.date, source: .assessment(index: last.assessmentIndex),
                reason: "no progression or death; censored at the last adequate assessment (\(last.response.rawValue), day \(randomized.days(until: last.date)), \(last.date))")
        }

        // Rule 2: the gap from the last adequate assessment before the event (or randomization).
        // Progression is the earliest event, so every adequate time point up to its date is non-progression
        // except the progression itself.
        let anchor = adequate.last { $0.date <= event.date && !$0.isProgression }
        let anchorDate = anchor?.date ?? randomized
        let anchorSource: EndpointDateSource = anchor.map { .assessment(index: $0.assessmentIndex) } ?? .randomization
        let anchorText = anchor.map { "the last adequate assessment (day \(randomized.days(until: $0.date)), \($0.date))" }
            ?? "randomization (no adequate assessment before it)"
        let eventDay = randomized.days(until: event.date)
        let gapDays = anchorDate.days(until: event.date)
        if gapDays > gap {
            return UncappedOutcome(
                rule: .eventAfterMissedAssessments, date: anchorDate, source: anchorSource,
                reason: "\(event.text) on day \(eventDay) (\(event.date)) came \(gapDays) days after \(anchorText), more than \(gap) days (two or more missed assessments), so censored at \(anchor == nil ? "randomization" : "that assessment")")
        }
        // Rule 3: the event on its date.
        return UncappedOutcome(
            rule: event.rule, date: event.date, source: event.source,
            reason: "\(event.text) on day \(eventDay) (\(event.date)), \(gapDays) days after \(anchorText)")
    }

    /// Rule 5 (sensitivity): censor at the last adequate assessment on or before the start of the first
    /// new line, when that line started before the date rules 1 to 4 chose. An assessment on the start day
    /// counts as before it (the scan that prompts the switch is read before the new line begins).
    private static func censoredAtNewTherapyLine(
        _ outcome: UncappedOutcome<Rule>, _ participant: EndpointParticipant
    ) -> UncappedOutcome<Rule> {
        guard let line = participant.firstNewTherapyLine(), line.start.date < outcome.date else {
            return outcome
        }
        let randomized = participant.randomizationDate
        let adequate = participant.hasBaselineAssessment ? participant.timepoints().filter(\.isAdequate) : []
        let lineText = "new line of systemic therapy (\(line.start.reason.rawValue)) started on day \(randomized.days(until: line.start.date)) (\(line.start.date)), before \(outcome.date)"
        if let anchor = adequate.last(where: { $0.date <= line.start.date && !$0.isProgression }) {
            return UncappedOutcome(
                rule: .newTherapyLine, date: anchor.date, source: .assessment(index: anchor.assessmentIndex),
                reason: "sensitivity analysis: \(lineText); censored at the last adequate assessment on or before it (day \(randomized.days(until: anchor.date)), \(anchor.date))")
        }
        return UncappedOutcome(
            rule: .newTherapyLine, date: randomized, source: .randomization,
            reason: "sensitivity analysis: \(lineText) with no adequate assessment on or before it; censored at randomization (day 0)")
    }
}

extension EndpointParticipant {
    /// The first start of a new line (progression or clinical decision) and its position in the input.
    /// Only lines started strictly after the randomization date count (endpoint rules, TTNT: "begun after
    /// randomization"): a line started on the randomization day is the treatment the participant was
    /// randomized into, not a next treatment.
    func firstNewTherapyLine() -> (index: Int, start: EndpointTherapyStart)? {
        newTherapyStarts.enumerated()
            .filter { $0.element.reason.startsNewLine && $0.element.date > randomizationDate }
            .min { ($0.element.date, $0.offset) < ($1.element.date, $1.offset) }
            .map { (index: $0.offset, start: $0.element) }
    }
}
