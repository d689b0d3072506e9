import Foundation

/// A form recorded for a participant on a date, as the visit schedule matches it to visits.
public struct CompletedForm: Hashable, Sendable, Codable {
    public var form: CaseReportForm
    public var date: CalendarDate
    /// The visit the site recorded it for, when known; otherwise the visit is found by date.
    public var visitCode: String?

    public init(form: CaseReportForm, date: CalendarDate, visitCode: String? = nil) {
        self.form = form
        self.date = date
        self.visitCode = visitCode
    }
}

public enum VisitStatus: String, Hashable, Sendable, Codable, CaseIterable {
    /// A form of the visit was recorded.
    case done
    /// The window is open today.
    case due
    /// The window has closed with nothing recorded, and it can still be caught up.
    case overdue
    /// The window closed with nothing recorded and it can no longer be done: a later visit of the
    /// same series was done, or the participant's time on study ended.
    case missed
    /// The window opens after today.
    case upcoming
}

/// When a planned visit's status changes as the days pass, decided when the casebook changes (nothing else
/// moves it): upcoming until `dueFrom`, then due, overdue from `overdueFrom`, missed from `missedFrom`, done
/// once a form of it is recorded. Stored beside each planned visit, so that work lists read the status of
/// any day without rebuilding casebooks.
public struct VisitStatusCalendar: Hashable, Sendable, Codable {
    public var dueFrom: CalendarDate
    public var overdueFrom: CalendarDate?
    public var missedFrom: CalendarDate?
    public var doneOn: CalendarDate?

    public init(dueFrom: CalendarDate, overdueFrom: CalendarDate?, missedFrom: CalendarDate?, doneOn: CalendarDate?) {
        self.dueFrom = dueFrom
        self.overdueFrom = overdueFrom
        self.missedFrom = missedFrom
        self.doneOn = doneOn
    }

    /// - Parameters:
    ///   - participationEnd: death or end of study; from the day after it (and after the window at the
    ///     latest) an open visit is missed.
    ///   - patientReported: a questionnaire about the past week cannot be caught up: missed after its window.
    ///   - laterVisitOfSeriesDone: a later visit of the same series was done, so this one will not be caught
    ///     up: missed after its window instead of overdue.
    public init(earliest: CalendarDate, latest: CalendarDate, doneOn: CalendarDate?, participationEnd: CalendarDate?,
                patientReported: Bool, laterVisitOfSeriesDone: Bool) {
        let afterWindow = latest.adding(days: 1)
        var missedFrom: CalendarDate?
        var overdueFrom: CalendarDate?
        if let end = participationEnd {
            missedFrom = min(end.adding(days: 1), afterWindow)
        } else if patientReported || laterVisitOfSeriesDone {
            missedFrom = afterWindow
        } else {
            overdueFrom = afterWindow
        }
        self.init(dueFrom: earliest, overdueFrom: overdueFrom, missedFrom: missedFrom, doneOn: doneOn)
    }

    public func status(on today: CalendarDate) -> VisitStatus {
        if doneOn != nil { return .done }
        if today < dueFrom { return .upcoming }
        if let missedFrom, missedFrom <= today { return .missed }
        if let overdueFrom, overdueFrom <= today { return .overdue }
        return .due
    }
}

/// One visit of a participant's schedule with its dates and status.
public struct ParticipantVisit: Hashable, Sendable, Codable {
    public var visit: ScheduledVisit
    public var earliestDate: CalendarDate
    public var dueDate: CalendarDate
    public var latestDate: CalendarDate
    public var status: VisitStatus
    /// The date of the form that made the visit done.
    public var completedOn: CalendarDate?
    /// The days its status changes (`status` is this calendar read on the schedule's day).
    public var calendar: VisitStatusCalendar
    /// The protocol version whose schedule the visit comes from (nil when the schedule was built from one
    /// definition without versions).
    public var protocolVersion: String?

    public init(visit: ScheduledVisit, earliestDate: CalendarDate, dueDate: CalendarDate, latestDate: CalendarDate,
                calendar: VisitStatusCalendar, today: CalendarDate, protocolVersion: String? = nil) {
        self.protocolVersion = protocolVersion
        self.visit = visit
        self.earliestDate = earliestDate
        self.dueDate = dueDate
        self.latestDate = latestDate
        self.calendar = calendar
        self.status = calendar.status(on: today)
        self.completedOn = calendar.doneOn
    }
}

extension ParticipantVisit {
    /// The overdue ones among many participants' visits, most overdue first.
    public static func overdueList(_ visits: [(participantId: String, visit: ParticipantVisit)], today: CalendarDate) -> [OverdueVisit] {
        visits.filter { $0.visit.status == .overdue }
            .map { OverdueVisit(participantId: $0.participantId, visitCode: $0.visit.visit.code, latestDate: $0.visit.latestDate,
                                daysOverdue: $0.visit.latestDate.days(until: today)) }
            .sorted { first, second in
                if first.daysOverdue != second.daysOverdue { return first.daysOverdue > second.daysOverdue }
                return (first.participantId, first.visitCode) < (second.participantId, second.visitCode)
            }
    }
}

/// A visit whose window has closed without its forms.
public struct OverdueVisit: Hashable, Sendable, Codable {
    public var participantId: String
    public var visitCode: String
    public var latestDate: CalendarDate
    public var daysOverdue: Int

    public init(participantId: String, visitCode: String, latestDate: CalendarDate, daysOverdue: Int) {
        self.participantId = participantId
        self.visitCode = visitCode
        self.latestDate = latestDate
        self.daysOverdue = daysOverdue
    }
}

/// A participant's visits from the study's schedule and the randomization date, for their arm.
public struct ParticipantVisitSchedule: Hashable, Sendable, Codable {
    public var participantId: String
    public var visits: [ParticipantVisit]

    /// Forms that do not make a visit done: they are logs kept across visits or one-off events.
    static let logForms: Set<CaseReportForm> = [.adverseEvents, .systemicTherapy, .deviation, .death, .endOfStudy]

    /// Forms the patient fills in about the time of the visit. The QLQ-C30 asks about the past week, so a
    /// questionnaire not filled in during its window cannot be caught up later: the visit is missed, not overdue.
    static let patientReportedForms: Set<CaseReportForm> = [.qlqC30]

    /// Whether saving a form of `kind` can move a participant's schedule: a form that makes a visit done,
    /// the baseline and assessments (progression ends the imaging series), death and end of study (they end
    /// participation). Adverse events, therapy lines and deviations do not.
    public static func isMoved(byForm kind: CaseReportForm) -> Bool {
        !logForms.contains(kind) || kind == .death || kind == .endOfStudy
    }

    /// - Parameters:
    ///   - completed: the forms recorded; a visit is done when a form it lists (other than the logs:
    ///     adverse events, therapy lines, deviations, death, end of study) was recorded for it by visit
    ///     code, or dated in its window.
    ///   - participationEnd: death or end of study; visits whose window opens after it are not expected,
    ///     and open or closed visits before it that were not done are missed.
    ///   - progressionDate: the first assessment whose response is progression (RECIST 1.1 PD, PERCIST
    ///     PMD). Imaging for PFS ends there: visits of the study's imaging series whose window opens after
    ///     it are not expected (later scans, if the site does them, are still recorded and read).
    ///   - versioned: the participant's visits from the protocol versions that govern them
    ///     (`StudyVersionHistory.scheduledVisits`); without it, `study`'s schedule for the arm.
    public init(participantId: String, study: StudyDefinition, armCode: String, randomizationDate: CalendarDate,
                completed: [CompletedForm], participationEnd: CalendarDate? = nil, progressionDate: CalendarDate? = nil,
                today: CalendarDate, versioned: [VersionedScheduledVisit]? = nil) {
        self.participantId = participantId
        let applicable = versioned ?? study.scheduledVisits.filter { $0.applies(toArm: armCode) }.map { VersionedScheduledVisit(visit: $0, version: "") }
        var planned: [(visit: ScheduledVisit, version: String, earliest: CalendarDate, due: CalendarDate, latest: CalendarDate, completedOn: CalendarDate?, patientReported: Bool)] = []
        for (visit, version) in applicable.map({ ($0.visit, $0.version) }) {
            let (earliest, due, latest) = visit.window(from: randomizationDate)
            if let end = participationEnd, earliest > end { continue }
            // Imaging for PFS ends at progression: the imaging series, and any later scan visit an amendment
            // added (a tumour assessment after day 0), are not expected once progression is shown.
            let isScan = visit.definitionCode == study.imaging.visit || (visit.forms.contains(.tumourAssessment) && visit.targetDay > 0)
            if let progression = progressionDate, isScan, earliest > progression { continue }
            let keyForms = Set(visit.forms).subtracting(Self.logForms)
            let patientReported = !keyForms.isEmpty && keyForms.isSubset(of: Self.patientReportedForms)
            let matches = completed.filter { record in
                guard keyForms.contains(record.form) else { return false }
                if let code = record.visitCode { return code == visit.code }
                return record.date >= earliest && record.date <= latest
            }
            planned.append((visit, version, earliest, due, latest, matches.map(\.date).min(), patientReported))
        }
        var entries: [ParticipantVisit] = []
        for (index, entry) in planned.enumerated() {
            // A later visit of the same series done means an earlier open one will not be caught up.
            let laterDone = planned[(index + 1)...].contains { $0.visit.definitionCode == entry.visit.definitionCode && $0.completedOn != nil }
            let calendar = VisitStatusCalendar(earliest: entry.earliest, latest: entry.latest, doneOn: entry.completedOn,
                                               participationEnd: participationEnd, patientReported: entry.patientReported,
                                               laterVisitOfSeriesDone: laterDone)
            entries.append(ParticipantVisit(visit: entry.visit, earliestDate: entry.earliest, dueDate: entry.due, latestDate: entry.latest,
                                            calendar: calendar, today: today, protocolVersion: entry.version.isEmpty ? nil : entry.version))
        }
        self.visits = entries
    }

    /// The schedule of a casebook (nil before randomization).
    public init?(casebook: Casebook, study: StudyDefinition, today: CalendarDate) {
        guard let arm = casebook.armCode, let randomized = casebook.randomizationDate else { return nil }
        self.init(participantId: casebook.participantId, study: study, armCode: arm, randomizationDate: randomized,
                  completed: casebook.completedForms, participationEnd: casebook.participationEndDate,
                  progressionDate: casebook.firstProgressionDate, today: today)
    }

    /// The schedule of a casebook under every protocol version: the visits of the version in force at
    /// randomization, moved by each later amendment as `StudyVersionHistory` decides, each with its version.
    public init?(casebook: Casebook, history: StudyVersionHistory, today: CalendarDate) {
        guard let arm = casebook.armCode, let randomized = casebook.randomizationDate else { return nil }
        self.init(participantId: casebook.participantId, study: history.latest.definition, armCode: arm, randomizationDate: randomized,
                  completed: casebook.completedForms, participationEnd: casebook.participationEndDate,
                  progressionDate: casebook.firstProgressionDate, today: today,
                  versioned: history.scheduledVisits(armCode: arm, randomizedOn: randomized))
    }

    public func visit(code: String) -> ParticipantVisit? { visits.first { $0.visit.code == code } }

    /// This participant's overdue visits, oldest first, counted against `today`.
    public func overdue(today: CalendarDate) -> [OverdueVisit] {
        visits.filter { $0.status == .overdue }.map {
            OverdueVisit(participantId: participantId, visitCode: $0.visit.code, latestDate: $0.latestDate,
                         daysOverdue: $0.latestDate.days(until: today))
        }
    }

    /// Overdue visits of many participants (a site's list), most overdue first.
    public static func overdueList(_ schedules: [ParticipantVisitSchedule], today: CalendarDate) -> [OverdueVisit] {
        ParticipantVisit.overdueList(schedules.flatMap { schedule in schedule.visits.map { (schedule.participantId, $0) } }, today: today)
    }
}

extension Casebook {
    /// The date of the first assessment whose computed response (by the criterion the baseline modality
    /// governs) is progression; nil without one, or when the measurements cannot be evaluated yet (their
    /// edit checks say why).
    public var firstProgressionDate: CalendarDate? {
        guard let baseline = baseline?.form,
              let computed = try? AssessmentResponses.endpointResponses(baseline: baseline, assessments: assessments) else { return nil }
        return computed.filter { $0.governingEndpointResponse?.isProgression == true }.map(\.date).min()
    }
}
