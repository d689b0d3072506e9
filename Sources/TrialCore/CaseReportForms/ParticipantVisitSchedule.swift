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

/// One visit of a participant's schedule with its dates and status.
public struct ParticipantVisit: Hashable, Sendable, Codable {
    public var visit: ScheduledVisit
    public var earliestDate: CalendarDate
    public var dueDate: CalendarDate
    public var latestDate: CalendarDate
    public var status: VisitStatus
    /// The date of the form that made the visit done.
    public var completedOn: CalendarDate?

    public init(visit: ScheduledVisit, earliestDate: CalendarDate, dueDate: CalendarDate, latestDate: CalendarDate,
                status: VisitStatus, completedOn: CalendarDate?) {
        self.visit = visit
        self.earliestDate = earliestDate
        self.dueDate = dueDate
        self.latestDate = latestDate
        self.status = status
        self.completedOn = completedOn
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

    /// - Parameters:
    ///   - completed: the forms recorded; a visit is done when a form it lists (other than the logs:
    ///     adverse events, therapy lines, deviations, death, end of study) was recorded for it by visit
    ///     code, or dated in its window.
    ///   - participationEnd: death or end of study; visits whose window opens after it are not expected,
    ///     and open or closed visits before it that were not done are missed.
    ///   - progressionDate: the first assessment whose response is progression (RECIST 1.1 PD, PERCIST
    ///     PMD). Imaging for PFS ends there: visits of the study's imaging series whose window opens after
    ///     it are not expected (later scans, if the site does them, are still recorded and read).
    public init(participantId: String, study: StudyDefinition, armCode: String, randomizationDate: CalendarDate,
                completed: [CompletedForm], participationEnd: CalendarDate? = nil, progressionDate: CalendarDate? = nil,
                today: CalendarDate) {
        self.participantId = participantId
        let applicable = study.scheduledVisits.filter { $0.applies(toArm: armCode) }
        var entries: [ParticipantVisit] = []
        for visit in applicable {
            let (earliest, due, latest) = visit.window(from: randomizationDate)
            if let end = participationEnd, earliest > end { continue }
            if let progression = progressionDate, visit.definitionCode == study.imaging.visit, earliest > progression { continue }
            let keyForms = Set(visit.forms).subtracting(Self.logForms)
            let patientReported = !keyForms.isEmpty && keyForms.isSubset(of: Self.patientReportedForms)
            let matches = completed.filter { record in
                guard keyForms.contains(record.form) else { return false }
                if let code = record.visitCode { return code == visit.code }
                return record.date >= earliest && record.date <= latest
            }
            let completedOn = matches.map(\.date).min()
            let status: VisitStatus
            if completedOn != nil {
                status = .done
            } else if today < earliest {
                status = .upcoming
            } else if today <= latest {
                status = participationEnd.map { $0 < today } == true ? .missed : .due
            } else {
                status = participationEnd != nil || patientReported ? .missed : .overdue
            }
            entries.append(ParticipantVisit(visit: visit, earliestDate: earliest, dueDate: due, latestDate: latest,
                                            status: status, completedOn: completedOn))
        }
        // A later visit of the same series done means an earlier overdue one will not be caught up.
        for index in entries.indices where entries[index].status == .overdue {
            let series = entries[index].visit.definitionCode
            let laterDone = entries[(index + 1)...].contains {
                $0.visit.definitionCode == series && $0.status == .done
            }
            if laterDone { entries[index].status = .missed }
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
        schedules.flatMap { $0.overdue(today: today) }
            .sorted { first, second in
                if first.daysOverdue != second.daysOverdue { return first.daysOverdue > second.daysOverdue }
                return (first.participantId, first.visitCode) < (second.participantId, second.visitCode)
            }
    }
}

extension Casebook {
    /// The date of the first assessment whose computed response (by the criterion the baseline modality
    /// governs) is progression; nil without one, or when the measurements cannot be evaluated yet (their
    /// edit checks say why).
    public var firstProgressionDate: CalendarDate? {
        guard let baseline = baseline?.form,
              let computed = try? AssessmentResponses.recomputeAll(baseline: baseline, assessments: assessments) else { return nil }
        return computed.filter { $0.governingEndpointResponse?.isProgression == true }.map(\.date).min()
    }
}
