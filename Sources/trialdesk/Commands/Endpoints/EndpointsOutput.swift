import Foundation
import TrialCore

/// One derived endpoint as the command writes it: days, event, date, reason, and the ADaM CNSR,
/// EVNTDESC and CNSDTDSC values; `eventCode` (0 censored, 1 event, 2 competing event) where a
/// competing-risk analysis applies.
struct TimeToEventOutput: Encodable {
    let days: Int
    let event: Bool
    let date: CalendarDate
    let reason: String
    let cnsr: Int
    let evntdesc: String
    let cnsdtdsc: String?
    let eventCode: Int?
    let lesionID: String?

    init<Rule>(_ result: TimeToEventResult<Rule>, competingRisk: Bool = false, lesionID: String? = nil) {
        days = result.days
        event = result.isEvent
        date = result.date
        reason = result.reason
        cnsr = result.censoringCode
        evntdesc = result.eventDescription
        cnsdtdsc = result.censoringDateDescription
        eventCode = competingRisk ? result.competingRiskCode : nil
        self.lesionID = lesionID
    }

    enum CodingKeys: String, CodingKey {
        case id, days, event, date, reason, cnsr, evntdesc, cnsdtdsc, eventCode
    }

    func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(lesionID, forKey: .id)
        try container.encode(days, forKey: .days)
        try container.encode(event, forKey: .event)
        try container.encode(date, forKey: .date)
        try container.encode(reason, forKey: .reason)
        try container.encode(cnsr, forKey: .cnsr)
        try container.encode(evntdesc, forKey: .evntdesc)
        // null for events, so every record has the same keys.
        try container.encode(cnsdtdsc, forKey: .cnsdtdsc)
        try container.encodeIfPresent(eventCode, forKey: .eventCode)
    }
}

/// Local control of a participant's treated lesions: the per-participant summary and each lesion.
struct LocalControlOutput: Encodable {
    let participant: TimeToEventOutput
    let lesions: [TimeToEventOutput]
}

/// `{"id","PFS","OS","TTNT"}` plus `"LC"` when the participant has treated lesions.
struct ParticipantEndpointsOutput: Encodable {
    let id: String
    let pfs: TimeToEventOutput
    let os: TimeToEventOutput
    let ttnt: TimeToEventOutput
    let localControl: LocalControlOutput?

    init(_ endpoints: ParticipantEndpoints) {
        id = endpoints.participantID
        pfs = TimeToEventOutput(endpoints.progressionFreeSurvival)
        os = TimeToEventOutput(endpoints.overallSurvival)
        ttnt = TimeToEventOutput(endpoints.timeToNextTreatment, competingRisk: true)
        localControl = endpoints.localControl.map { summary in
            LocalControlOutput(
                participant: TimeToEventOutput(summary, competingRisk: true),
                lesions: endpoints.localControlByLesion.map {
                    TimeToEventOutput($0.result, competingRisk: true, lesionID: $0.lesionID)
                })
        }
    }

    enum CodingKeys: String, CodingKey {
        case id
        case pfs = "PFS"
        case os = "OS"
        case ttnt = "TTNT"
        case localControl = "LC"
    }
}
