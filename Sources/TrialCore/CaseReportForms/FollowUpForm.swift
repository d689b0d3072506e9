import Foundation

public enum SurvivalStatus: String, Hashable, Sendable, Codable, CaseIterable {
    case alive
    case dead
    case lostToFollowUp
}

/// A follow-up contact: whether the participant is alive, and when last known alive.
public struct FollowUpForm: Hashable, Sendable, Codable {
    public var date: CalendarDate
    public var status: SurvivalStatus
    public var lastKnownAliveDate: CalendarDate

    public init(date: CalendarDate, status: SurvivalStatus, lastKnownAliveDate: CalendarDate) {
        self.date = date
        self.status = status
        self.lastKnownAliveDate = lastKnownAliveDate
    }

    /// Hard rules: contact date after randomization and not in the future; last known alive not after
    /// the contact, not before randomization, not after a recorded death; alive at the contact means
    /// last known alive on it. Soft: status dead without a death record.
    public func check(in context: CaseReportContext) -> FormCheckResult {
        var result = FormCheckResult()
        result.checkDate(date, field: "date", context: context, notAfterDeath: false)
        result.checkDate(lastKnownAliveDate, field: "lastKnownAliveDate", context: context)
        if lastKnownAliveDate > date {
            result.refuse("lastKnownAliveDate", RuleMessage("followUp.aliveAfterContact", "{lastKnownAliveDate} is after the contact on {date}",
                                                           ["lastKnownAliveDate": lastKnownAliveDate.iso8601, "date": date.iso8601]))
        }
        switch status {
        case .alive:
            if lastKnownAliveDate != date {
                result.refuse("lastKnownAliveDate", RuleMessage("followUp.aliveNotOnContactDate", "must be the contact date ({date}) when the participant is alive at the contact",
                                                               ["date": date.iso8601]))
            }
            if let death = context.casebook.deathDate {
                result.refuse("status", RuleMessage("followUp.aliveAfterRecordedDeath", "the participant's death on {death} is recorded; correct the death form or this status",
                                                   ["death": death.iso8601]))
            }
        case .dead:
            if context.casebook.death == nil {
                result.query("status", RuleMessage("followUp.deadWithoutDeathForm", "the participant is reported dead but no death form is recorded; record the death"))
            }
        case .lostToFollowUp:
            break
        }
        return result
    }
}
