import Foundation

/// OS: randomization to death from any cause; otherwise censored at the last date known alive.
public enum OverallSurvival {
    public enum Rule: String, TimeToEventRule {
        case death
        /// Alive at the last contact of any kind: censored on that date.
        case aliveAtLastContact
        /// The death or last contact lies past the horizon: censored at the horizon.
        case administrativeHorizon

        public var censoringCode: Int {
            switch self {
            case .death: return 0
            case .aliveAtLastContact: return 1
            case .administrativeHorizon: return 2
            }
        }

        public var eventDescription: String {
            switch self {
            case .death: return "DEATH"
            case .aliveAtLastContact: return "ALIVE AT LAST CONTACT"
            case .administrativeHorizon: return "FOLLOW-UP BEYOND ANALYSIS HORIZON"
            }
        }

        public var competingRiskCode: Int { isEvent ? 1 : 0 }
    }

    public static func derive(
        for participant: EndpointParticipant, settings: EndpointSettings = EndpointSettings()
    ) throws(ValidationFailure) -> TimeToEventResult<Rule> {
        try settings.validate()
        try participant.validate()
        let randomized = participant.randomizationDate
        let outcome: UncappedOutcome<Rule>
        if let death = participant.deathDate {
            outcome = UncappedOutcome(
                rule: .death, date: death, source: .death,
                reason: "death on day \(randomized.days(until: death)) (\(death))")
        } else {
            // Validation guarantees a last-known-alive date for a participant not known to have died.
            let alive = participant.lastKnownAliveDate ?? randomized
            outcome = UncappedOutcome(
                rule: .aliveAtLastContact, date: alive, source: .lastKnownAlive,
                reason: "no death recorded; censored at the last date known alive (day \(randomized.days(until: alive)), \(alive))")
        }
        return outcome.result(
            origin: randomized, horizonDays: settings.osHorizonDays,
            administrativeRule: .administrativeHorizon, settings: settings)
    }
}
