import Foundation

/// TTNT: randomization to the start of the first new line or regimen of systemic therapy begun strictly
/// after the randomization date for progression or a clinical decision. Death before such a line is censored at death in the primary
/// analysis and flagged as the competing event for the competing-risk analysis beside it.
public enum TimeToNextTreatment {
    public enum Rule: String, TimeToEventRule {
        case newTherapyLine
        /// Alive without a new line at the last contact: censored on that date.
        case noNewLineAtLastContact
        /// Death before any new line: censored at death; competing event (code 2).
        case deathBeforeNewLine
        case administrativeHorizon

        public var censoringCode: Int {
            switch self {
            case .newTherapyLine: return 0
            case .noNewLineAtLastContact: return 1
            case .deathBeforeNewLine: return 2
            case .administrativeHorizon: return 3
            }
        }

        public var eventDescription: String {
            switch self {
            case .newTherapyLine: return "START OF NEW LINE OF SYSTEMIC THERAPY"
            case .noNewLineAtLastContact: return "NO NEW LINE OF SYSTEMIC THERAPY AT LAST CONTACT"
            case .deathBeforeNewLine: return "DEATH BEFORE NEW LINE OF SYSTEMIC THERAPY"
            case .administrativeHorizon: return "FOLLOW-UP BEYOND ANALYSIS HORIZON"
            }
        }

        public var competingRiskCode: Int {
            switch self {
            case .newTherapyLine: return 1
            case .deathBeforeNewLine: return 2
            case .noNewLineAtLastContact, .administrativeHorizon: return 0
            }
        }
    }

    public static func derive(
        for participant: EndpointParticipant, settings: EndpointSettings = EndpointSettings()
    ) throws(ValidationFailure) -> TimeToEventResult<Rule> {
        try settings.validate()
        try participant.validate()
        let randomized = participant.randomizationDate
        let ignored = participant.newTherapyStarts.filter { !$0.reason.startsNewLine }.count
        let onRandomizationDay = participant.newTherapyStarts.filter { $0.reason.startsNewLine && $0.date == randomized }.count
        var notes: [String] = []
        switch ignored {
        case 0: break
        case 1: notes.append("1 start for toxicity, maintenance or another reason is not a new line")
        default: notes.append("\(ignored) starts for toxicity, maintenance or other reasons are not new lines")
        }
        // The treatment begun on the randomization day is the one randomized into, not a next line.
        switch onRandomizationDay {
        case 0: break
        case 1: notes.append("1 line started on the randomization day is the randomized treatment, not a next line")
        default: notes.append("\(onRandomizationDay) lines started on the randomization day are the randomized treatment, not next lines")
        }
        let ignoredText = notes.isEmpty ? "" : " (\(notes.joined(separator: "; ")))"
        let outcome: UncappedOutcome<Rule>
        // A line started on the day of death was started while alive: it is the event.
        if let line = participant.firstNewTherapyLine(),
           participant.deathDate.map({ line.start.date <= $0 }) ?? true {
            outcome = UncappedOutcome(
                rule: .newTherapyLine, date: line.start.date, source: .newTherapyStart(index: line.index),
                reason: "new line of systemic therapy for \(line.start.reason == .progression ? "progression" : "a clinical decision") started on day \(randomized.days(until: line.start.date)) (\(line.start.date))\(ignoredText)")
        } else if let death = participant.deathDate {
            outcome = UncappedOutcome(
                rule: .deathBeforeNewLine, date: death, source: .death,
                reason: "death on day \(randomized.days(until: death)) (\(death)) before any new line of systemic therapy; censored at death (competing event)\(ignoredText)")
        } else {
            let alive = participant.lastKnownAliveDate ?? randomized
            outcome = UncappedOutcome(
                rule: .noNewLineAtLastContact, date: alive, source: .lastKnownAlive,
                reason: "no new line of systemic therapy; censored at the last date known alive (day \(randomized.days(until: alive)), \(alive))\(ignoredText)")
        }
        return outcome.result(
            origin: randomized, horizonDays: settings.ttntHorizonDays,
            administrativeRule: .administrativeHorizon, settings: settings)
    }
}
