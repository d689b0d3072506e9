import Foundation

/// One participant's course from randomization to the last contact, for the swimmer plot and the casebook's
/// timeline: when the 125I seeds were implanted, when a response began, when disease first progressed, when
/// a new line of systemic therapy started and when the participant died.
///
/// The events follow the endpoint rules: responses are the governing criterion's computed responses; a new
/// line is one TTNT counts (progression or clinical decision, started strictly after randomization); the
/// last contact is the last date known alive, or the death date.
public struct ParticipantTimeline: Hashable, Sendable, Codable {
    public enum EventKind: String, Hashable, Sendable, Codable, CaseIterable {
        case implantation
        /// The first partial (PR, PMR) or complete (CR, CMR) response, and the first complete one when it came later.
        case responseOnset
        case progression
        case newTherapyLine
        case death
    }

    public struct Event: Hashable, Sendable, Codable {
        public var kind: EventKind
        public var date: CalendarDate
        /// Days from randomization.
        public var day: Int
        /// The response (`PR`, `CR`, `PMR`, `CMR`, `PD`, `PMD`) for response and progression events.
        public var response: String?

        public init(kind: EventKind, date: CalendarDate, day: Int, response: String? = nil) {
            self.kind = kind
            self.date = date
            self.day = day
            self.response = response
        }
    }

    public var participantId: String
    public var randomizationDate: CalendarDate
    /// The last contact: the death date, or the last date known alive.
    public var endDate: CalendarDate
    public var endDay: Int
    public var died: Bool
    /// In date order; on one date in `EventKind` order.
    public var events: [Event]

    public init(participantId: String, randomizationDate: CalendarDate, endDate: CalendarDate, died: Bool, events: [Event]) {
        self.participantId = participantId
        self.randomizationDate = randomizationDate
        self.endDate = endDate
        self.endDay = randomizationDate.days(until: endDate)
        self.died = died
        self.events = events
    }

    static let responseOnsets: Set<EndpointAssessment.Response> = [
        .partialResponse, .completeResponse, .partialMetabolicResponse, .completeMetabolicResponse,
    ]
    static let completeResponses: Set<EndpointAssessment.Response> = [.completeResponse, .completeMetabolicResponse]
}

extension ParticipantTimeline {
    /// The timeline of a randomized participant, read from the casebook as of `dataCutoff` (everything when nil).
    /// - Throws: `ValidationFailure` when the participant is not randomized or the responses cannot be computed.
    public static func of(_ casebook: Casebook, dataCutoff: CalendarDate? = nil) throws -> ParticipantTimeline {
        let cut = dataCutoff.map { casebook.asOf(dataCutoff: $0) } ?? casebook
        return of(cut, endpointInput: try cut.endpointParticipant())
    }

    /// The timeline from a casebook already cut at the data cut-off and the endpoint input derived from it
    /// (`Casebook.endpointParticipant`), so an analysis that has the input does not compute the responses twice.
    public static func of(_ cut: Casebook, endpointInput participant: EndpointParticipant) -> ParticipantTimeline {
        let randomized = participant.randomizationDate
        func event(_ kind: EventKind, _ date: CalendarDate, _ response: String? = nil) -> Event {
            Event(kind: kind, date: date, day: randomized.days(until: date), response: response)
        }
        var events: [Event] = cut.implantations.map(\.form.date).filter { $0 >= randomized }.map { event(.implantation, $0) }

        // Responses up to the first progression (later ones do not enter the best response, RECIST 1.1).
        let timepoints = participant.assessments.sorted { $0.date < $1.date }
        let progression = timepoints.first { $0.response.isProgression }
        let beforeProgression = timepoints.filter { progression == nil || $0.date < progression!.date }
        if let onset = beforeProgression.first(where: { Self.responseOnsets.contains($0.response) }) {
            events.append(event(.responseOnset, onset.date, onset.response.rawValue))
            if !Self.completeResponses.contains(onset.response),
               let complete = beforeProgression.first(where: { $0.date > onset.date && Self.completeResponses.contains($0.response) }) {
                events.append(event(.responseOnset, complete.date, complete.response.rawValue))
            }
        }
        if let progression { events.append(event(.progression, progression.date, progression.response.rawValue)) }
        // The lines TTNT counts: for progression or a clinical decision, strictly after the randomization date.
        events += participant.newTherapyStarts.filter { $0.reason.startsNewLine && $0.date > randomized }.map { event(.newTherapyLine, $0.date) }
        if let death = participant.deathDate { events.append(event(.death, death)) }

        let order = Dictionary(uniqueKeysWithValues: EventKind.allCases.enumerated().map { ($0.element, $0.offset) })
        events.sort { ($0.date, order[$0.kind]!) < ($1.date, order[$1.kind]!) }
        let end = participant.deathDate ?? participant.lastKnownAliveDate ?? randomized
        return ParticipantTimeline(participantId: cut.participantId, randomizationDate: randomized, endDate: end,
                                   died: participant.deathDate != nil, events: events)
    }
}
