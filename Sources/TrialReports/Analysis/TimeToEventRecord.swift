import Foundation
import TrialCore

/// One ADTTE row: a participant's (or, for local control, a treated lesion's) derived time to event.
/// The same records feed the ADTTE dataset and every time-to-event number of the analysis.
struct TimeToEventRecord: Sendable {
    enum Parameter: String, Sendable, CaseIterable {
        case PFS, OS, TTNT
        /// PFS censored at the last adequate assessment before a new line of systemic therapy (sensitivity).
        case PFSNLC
        /// Local control per treated lesion.
        case LC
        /// Local control per participant (first local failure of any treated lesion).
        case LCSUBJ
    }

    let participantId: String
    let parameter: Parameter
    let lesionId: String?
    let lesionOrgan: String?
    let originDate: CalendarDate
    let date: CalendarDate
    let days: Int
    /// The analysis value (days; 0.5 for a day-0 event when the settings ask for it).
    let analysisDays: Double
    let isEvent: Bool
    let censoringCode: Int
    let eventDescription: String
    let censoringDateDescription: String?
    /// 0 censored, 1 event of interest, 2 competing death (TTNT and local control).
    let competingRiskCode: Int
    let rule: String
    let reason: String
    let source: EndpointDateSource
    let randomizedArm: String
    let actualArm: String?
    let stratum: String
    let intentionToTreat: Bool
    let safety: Bool
    let perProtocol: Bool

    var event: Int { isEvent ? 1 : 0 }

    static func records(_ data: TrialAnalysisData) -> [TimeToEventRecord] {
        var records: [TimeToEventRecord] = []
        for participant in data.participants {
            let endpoints = participant.endpoints
            func make<Rule>(_ parameter: Parameter, _ result: TimeToEventResult<Rule>, lesion: String? = nil) -> TimeToEventRecord {
                TimeToEventRecord(
                    participantId: participant.id, parameter: parameter, lesionId: lesion,
                    lesionOrgan: lesion.flatMap { participant.organ(ofLesion: $0) },
                    originDate: result.originDate, date: result.date, days: result.days,
                    analysisDays: result.analysisDays, isEvent: result.isEvent, censoringCode: result.censoringCode,
                    eventDescription: result.eventDescription, censoringDateDescription: result.censoringDateDescription,
                    competingRiskCode: result.competingRiskCode, rule: result.rule.rawValue, reason: result.reason,
                    source: result.dateSource, randomizedArm: participant.armCode,
                    actualArm: participant.populations.actualArm, stratum: participant.participant.stratum,
                    intentionToTreat: participant.populations.intentionToTreat, safety: participant.populations.safety,
                    perProtocol: participant.populations.perProtocol)
            }
            records.append(make(.PFS, endpoints.progressionFreeSurvival))
            records.append(make(.PFSNLC, participant.progressionFreeSurvivalNewTherapyCensored))
            records.append(make(.OS, endpoints.overallSurvival))
            records.append(make(.TTNT, endpoints.timeToNextTreatment))
            for lesion in endpoints.localControlByLesion {
                records.append(make(.LC, lesion.result, lesion: lesion.lesionID))
            }
            if let perParticipant = endpoints.localControl {
                records.append(make(.LCSUBJ, perParticipant))
            }
        }
        return records
    }
}

extension EndpointDateSource {
    /// ADaM SRCDOM / SRCVAR / SRCSEQ of a derived date: the listing and variable it was read from and
    /// the 1-based position of the record there (nil where the date has no record of its own).
    var sourceReference: (domain: String, variable: String, sequence: Int?) {
        switch self {
        case .randomization: return ("ADSL", "RANDDT", nil)
        case .assessment(let index): return ("RS", "RSDTC", index + 1)
        case .death: return ("ADSL", "DTHDT", nil)
        case .lastKnownAlive: return ("ADSL", "LSTALVDT", nil)
        case .newTherapyStart(let index): return ("CM", "CMSTDTC", index + 1)
        case .implantation(let lesionIndex): return ("PR", "PRSTDTC", lesionIndex + 1)
        case .imaging(_, let imagingIndex): return ("RS", "RSDTC", imagingIndex + 1)
        case .horizon: return ("", "", nil)
        }
    }
}
