import Foundation

/// Local control of 125I-treated lesions: from implantation to the first in-field progression; death
/// without local failure is a competing event (cumulative incidence, Gray's test); a participant alive
/// without local failure is censored at the last imaging. Derived per lesion and per participant
/// (time to the first local failure among the participant's treated lesions).
public enum LocalControl {
    public enum Rule: String, TimeToEventRule {
        /// In-field progression of the treated lesion (of any treated lesion, per participant).
        case localFailure
        /// Alive without local failure: censored at the last imaging (implantation when none).
        case noLocalFailureAtLastImaging
        /// Death before any local failure: the competing event.
        case deathWithoutLocalFailure
        case administrativeHorizon

        public var censoringCode: Int {
            switch self {
            case .localFailure: return 0
            case .noLocalFailureAtLastImaging: return 1
            case .deathWithoutLocalFailure: return 2
            case .administrativeHorizon: return 3
            }
        }

        public var eventDescription: String {
            switch self {
            case .localFailure: return "IN-FIELD PROGRESSION OF TREATED LESION"
            case .noLocalFailureAtLastImaging: return "NO LOCAL FAILURE AT LAST IMAGING"
            case .deathWithoutLocalFailure: return "DEATH WITHOUT LOCAL FAILURE"
            case .administrativeHorizon: return "FOLLOW-UP BEYOND ANALYSIS HORIZON"
            }
        }

        /// For the competing-risk analysis: 0 censored, 1 local failure, 2 death without local failure.
        public var competingRiskCode: Int {
            switch self {
            case .localFailure: return 1
            case .deathWithoutLocalFailure: return 2
            case .noLocalFailureAtLastImaging, .administrativeHorizon: return 0
            }
        }
    }

    /// Local control of one treated lesion.
    public struct LesionResult: Sendable, Hashable {
        public let lesionID: String
        public let result: TimeToEventResult<Rule>
    }

    /// One result per treated lesion, in input order, each from that lesion's implantation date.
    public static func deriveLesions(
        for participant: EndpointParticipant, settings: EndpointSettings = EndpointSettings()
    ) throws(ValidationFailure) -> [LesionResult] {
        try settings.validate()
        try participant.validate()
        return participant.treatedLesions.indices.map { lesionIndex in
            let lesion = participant.treatedLesions[lesionIndex]
            let failure = lesion.imaging.indices
                .filter { lesion.imaging[$0].inFieldProgression }
                .min { (lesion.imaging[$0].date, $0) < (lesion.imaging[$1].date, $1) }
                .map { (date: lesion.imaging[$0].date, source: EndpointDateSource.imaging(lesionIndex: lesionIndex, imagingIndex: $0)) }
            let lastImaging = lesion.imaging.indices
                .max { (lesion.imaging[$0].date, $0) < (lesion.imaging[$1].date, $1) }
                .map { (date: lesion.imaging[$0].date, source: EndpointDateSource.imaging(lesionIndex: lesionIndex, imagingIndex: $0)) }
            let outcome = uncappedOutcome(
                origin: lesion.implantationDate, originSource: .implantation(lesionIndex: lesionIndex),
                failure: failure, lastImaging: lastImaging, death: participant.deathDate,
                failedLesion: "lesion \(lesion.id)", subject: "lesion \(lesion.id)", originName: "implantation")
            return LesionResult(
                lesionID: lesion.id,
                result: outcome.result(
                    origin: lesion.implantationDate, horizonDays: settings.localControlHorizonDays,
                    administrativeRule: .administrativeHorizon, settings: settings))
        }
    }

    /// Time to the first local failure among the participant's treated lesions, from the earliest
    /// implantation; nil when the participant has no treated lesion.
    public static func deriveParticipant(
        for participant: EndpointParticipant, settings: EndpointSettings = EndpointSettings()
    ) throws(ValidationFailure) -> TimeToEventResult<Rule>? {
        try settings.validate()
        try participant.validate()
        let lesions = participant.treatedLesions
        guard let firstLesion = lesions.indices.min(by: { (lesions[$0].implantationDate, $0) < (lesions[$1].implantationDate, $1) }) else {
            return nil
        }
        let origin = lesions[firstLesion].implantationDate
        var failure: (date: CalendarDate, source: EndpointDateSource)?
        var failedLesionID = ""
        var lastImaging: (date: CalendarDate, source: EndpointDateSource)?
        for (lesionIndex, lesion) in lesions.enumerated() {
            for (imagingIndex, scan) in lesion.imaging.enumerated() {
                let source = EndpointDateSource.imaging(lesionIndex: lesionIndex, imagingIndex: imagingIndex)
                if scan.inFieldProgression, failure.map({ scan.date < $0.date }) ?? true {
                    failure = (scan.date, source)
                    failedLesionID = lesion.id
                }
                if lastImaging.map({ scan.date > $0.date }) ?? true {
                    lastImaging = (scan.date, source)
                }
            }
        }
        let outcome = uncappedOutcome(
            origin: origin, originSource: .implantation(lesionIndex: firstLesion), failure: failure,
            lastImaging: lastImaging, death: participant.deathDate,
            failedLesion: "lesion \(failedLesionID) (the first local failure among \(lesions.count) treated lesion\(lesions.count == 1 ? "" : "s"))",
            subject: lesions.count == 1 ? "the treated lesion" : "any of the \(lesions.count) treated lesions",
            originName: lesions.count == 1 ? "implantation" : "the first implantation")
        return outcome.result(
            origin: origin, horizonDays: settings.localControlHorizonDays,
            administrativeRule: .administrativeHorizon, settings: settings)
    }

    private static func uncappedOutcome(
        origin: CalendarDate, originSource: EndpointDateSource,
        failure: (date: CalendarDate, source: EndpointDateSource)?,
        lastImaging: (date: CalendarDate, source: EndpointDateSource)?,
        death: CalendarDate?, failedLesion: String, subject: String, originName: String
    ) -> UncappedOutcome<Rule> {
        // In-field progression seen on the day of death was observed first: it is the local failure.
        if let failure, death.map({ failure.date <= $0 }) ?? true {
            return UncappedOutcome(
                rule: .localFailure, date: failure.date, source: failure.source,
                reason: "in-field progression of \(failedLesion) on day \(origin.days(until: failure.date)) after \(originName) (\(failure.date))")
        }
        if let death {
            return UncappedOutcome(
                rule: .deathWithoutLocalFailure, date: death, source: .death,
                reason: "death on day \(origin.days(until: death)) after \(originName) (\(death)) without local failure of \(subject): competing event")
        }
        if let lastImaging {
            return UncappedOutcome(
                rule: .noLocalFailureAtLastImaging, date: lastImaging.date, source: lastImaging.source,
                reason: "no local failure of \(subject); censored at the last imaging (day \(origin.days(until: lastImaging.date)) after \(originName), \(lastImaging.date))")
        }
        return UncappedOutcome(
            rule: .noLocalFailureAtLastImaging, date: origin, source: originSource,
            reason: "no imaging of \(subject) after \(originName); censored at \(originName) (day 0)")
    }
}
