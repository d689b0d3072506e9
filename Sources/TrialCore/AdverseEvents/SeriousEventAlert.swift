import Foundation

/// One serious adverse event on the alert list: it stays there, with its 24-hour reporting deadline, until
/// the sponsor side (a monitor or data manager) acknowledges that the report reached it.
public struct SeriousEventAlert: Hashable, Sendable, Codable {
    public enum Status: String, Hashable, Sendable, Codable {
        /// Not acknowledged, deadline still ahead.
        case awaitingAcknowledgement
        /// Not acknowledged and the 24 hours since the site learned of the event are over.
        case overdue
        /// Acknowledged within 24 hours of the site learning of the event.
        case acknowledgedOnTime
        /// Acknowledged after the deadline (a late report, to be explained in the trial master file).
        case acknowledgedLate
    }

    public var participantId: String
    public var formId: String
    public var term: String
    public var grade: Int
    public var criteria: [SeriousnessCriterion]
    public var onsetDate: CalendarDate
    public var siteAwareAt: Date
    /// ICH E2A / GCP: the site reports a serious event to the sponsor within 24 hours of learning of it.
    public var deadline: Date
    public var acknowledgedBy: String?
    public var acknowledgedAt: Date?
    public var status: Status

    /// The alert for a recorded event; nil for a non-serious event. A serious event recorded without an
    /// awareness time (the form check refuses that for new events) is taken as known when it was entered.
    public init?(participantId: String, formId: String, event: AdverseEventRecord, enteredAt: Date,
                 acknowledgedBy: String?, acknowledgedAt: Date?, now: Date) {
        guard event.isSerious else { return nil }
        self.participantId = participantId
        self.formId = formId
        term = event.term
        grade = event.grade
        criteria = event.seriousnessCriteria.sorted { $0.rawValue < $1.rawValue }
        onsetDate = event.onsetDate
        siteAwareAt = event.siteAwareAt ?? enteredAt
        deadline = Seriousness.sponsorReportDeadline(siteAwareAt: siteAwareAt)
        self.acknowledgedBy = acknowledgedBy
        self.acknowledgedAt = acknowledgedAt
        if let acknowledgedAt {
            status = Seriousness.isReportedOnTime(siteAwareAt: siteAwareAt, reportedAt: acknowledgedAt) ? .acknowledgedOnTime : .acknowledgedLate
        } else {
            status = now > deadline ? .overdue : .awaitingAcknowledgement
        }
    }

    /// Still on the alert list: not yet acknowledged.
    public var isOpen: Bool { acknowledgedAt == nil }

    /// Seconds left until the deadline (negative once it has passed); nil once acknowledged.
    public func secondsRemaining(now: Date) -> TimeInterval? {
        isOpen ? deadline.timeIntervalSince(now) : nil
    }

    /// The list order: open alerts first, nearest deadline first.
    public static func listOrder(_ a: SeriousEventAlert, _ b: SeriousEventAlert) -> Bool {
        if a.isOpen != b.isOpen { return a.isOpen }
        return (a.deadline, a.formId) < (b.deadline, b.formId)
    }
}

extension SeriousEventAlert {
    /// Who acknowledges a serious event: the investigator (the report is sent), the monitor and the data
    /// manager (the sponsor has it). Coordinators record events but do not close the alert.
    public static func mayAcknowledge(_ role: Role) -> Bool {
        [.investigator, .monitor, .dataManager].contains(role)
    }
}
