import Foundation

public enum DeathCause: String, Hashable, Sendable, Codable, CaseIterable {
    case progression
    case adverseEvent
    case other
}

public struct DeathForm: Hashable, Sendable, Codable {
    public var date: CalendarDate
    public var cause: DeathCause
    public var details: String?
    /// The fatal adverse event record, when the cause is an adverse event.
    public var adverseEventId: String?

    public init(date: CalendarDate, cause: DeathCause, details: String? = nil, adverseEventId: String? = nil) {
        self.date = date
        self.cause = cause
        self.details = details
        self.adverseEventId = adverseEventId
    }

    /// Hard rules: date not in the future nor before randomization, not before the last known alive
    /// date of another form; details for an `other` cause; a cause `adverseEvent` names a recorded
    /// grade 5 adverse event. Soft: an adverse-event death with no event named.
    public func check(in context: CaseReportContext) -> FormCheckResult {
        var result = FormCheckResult()
        result.checkDate(date, field: "date", context: context, notAfterDeath: false)
        for followUp in context.casebook.followUps where followUp.form.lastKnownAliveDate > date {
            result.refuse("date", RuleMessage("death.aliveAfterDeath", "follow-up {followUpId} records the participant alive on {lastKnownAliveDate}, after this date",
                                             ["followUpId": followUp.id, "lastKnownAliveDate": followUp.form.lastKnownAliveDate.iso8601]))
        }
        if cause == .other {
            result.requireText(details ?? "", field: "details", RuleMessage("death.detailsRequired", "is required: describe the cause of death"))
        }
        if let id = adverseEventId {
            if cause != .adverseEvent {
                result.refuse("adverseEventId", RuleMessage("death.adverseEventIdNotForCause", "is only for a death caused by an adverse event"))
            } else if let event = context.casebook.adverseEvents.first(where: { $0.id == id }) {
                if event.form.grade != 5 {
                    result.refuse("adverseEventId", RuleMessage("death.adverseEventNotGrade5", "adverse event {adverseEventId} is grade {grade}; a fatal event is grade 5: update its grade and outcome",
                                                               ["adverseEventId": id, "grade": String(event.form.grade)]))
                }
            } else {
                result.refuse("adverseEventId", RuleMessage("death.adverseEventNotRecorded", "'{adverseEventId}' is not an adverse event recorded for this participant",
                                                           ["adverseEventId": id]))
            }
        } else if cause == .adverseEvent {
            result.query("adverseEventId", RuleMessage("death.fatalAdverseEventUnnamed", "name the fatal adverse event (grade 5) that caused the death"))
        }
        return result
    }
}
