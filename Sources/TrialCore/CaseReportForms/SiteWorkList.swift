import Foundation

/// A site's work for today across its participants, as the dashboard lists it: visits whose window is open
/// or opens within `dueLookaheadDays`, visits overdue, the count of visits missed, and casebooks with recorded
/// forms that the investigator has not signed. One decision, read by the dashboard and any other list.
public struct SiteWorkList: Hashable, Sendable {
    /// A visit and the participant it belongs to.
    public struct Entry: Hashable, Sendable {
        public var participantId: String
        public var visit: ParticipantVisit

        public init(participantId: String, visit: ParticipantVisit) {
            self.participantId = participantId
            self.visit = visit
        }
    }

    /// A coordinator plans a week ahead: a visit whose window opens within this many days is listed as due.
    public static let dueLookaheadDays = 7

    /// Due now or within the lookahead, by participant and then schedule order.
    public private(set) var due: [Entry] = []
    public private(set) var overdue: [Entry] = []
    public private(set) var missedCount = 0
    /// Participants whose casebook holds recorded forms and no investigator signature.
    public private(set) var unsignedCasebooks: [String] = []

    /// - Parameter participants: each randomized participant's schedule and whether the investigator has signed
    ///   the casebook; the order given is kept.
    public init(_ participants: [(schedule: ParticipantVisitSchedule, casebook: Casebook, signed: Bool)], today: CalendarDate) {
        self.init(visits: participants.flatMap { participant in participant.schedule.visits.map { Entry(participantId: participant.schedule.participantId, visit: $0) } },
                  casebooks: participants.map { ($0.schedule.participantId, $0.signed, $0.casebook.holdsRecordedData) }, today: today)
    }

    /// The same lists from stored planned visits (each with its status on `today`) and each casebook's
    /// signature state, in the order given. Visits done or opening after the lookahead may be left out.
    public init(visits: [Entry], casebooks: [(participantId: String, signed: Bool, holdsData: Bool)], today: CalendarDate) {
        let horizon = Self.horizon(from: today)
        for entry in visits {
            switch entry.visit.status {
            case .due: due.append(entry)
            case .upcoming where entry.visit.earliestDate <= horizon: due.append(entry)
            case .overdue: overdue.append(entry)
            case .missed: missedCount += 1
            default: break
            }
        }
        unsignedCasebooks = casebooks.filter { Self.awaitsSignature(holdsData: $0.holdsData, signed: $0.signed) }.map(\.participantId)
    }

    /// The last day whose opening windows the list shows.
    public static func horizon(from today: CalendarDate) -> CalendarDate {
        today.adding(days: dueLookaheadDays)
    }

    /// ICH E6 4.9: the investigator signs the casebook once there is data to attest; an empty one waits.
    public static func awaitsSignature(_ casebook: Casebook, signed: Bool) -> Bool {
        awaitsSignature(holdsData: casebook.holdsRecordedData, signed: signed)
    }

    public static func awaitsSignature(holdsData: Bool, signed: Bool) -> Bool {
        !signed && holdsData
    }
}
