import Foundation

/// Why a participant's time on study ended, in the CONSORT flow diagram's terms.
public enum EndOfStudyReason: String, Hashable, Sendable, Codable, CaseIterable {
    case completed
    case withdrewConsent
    case lostToFollowUp
    case death
    case investigatorDecision
    case other
}

public struct EndOfStudyForm: Hashable, Sendable, Codable {
    public var date: CalendarDate
    public var reason: EndOfStudyReason
    public var details: String?

    public init(date: CalendarDate, reason: EndOfStudyReason, details: String? = nil) {
        self.date = date
        self.reason = reason
        self.details = details
    }

    /// Hard rules: date after randomization and not in the future; `death` needs a recorded death and
    /// is dated on it; another reason cannot follow a recorded death; details for `other`.
    public func check(in context: CaseReportContext) -> FormCheckResult {
        var result = FormCheckResult()
        result.checkDate(date, field: "date", context: context, notAfterDeath: false)
        let death = context.casebook.deathDate
        switch (reason, death) {
        case (.death, .none):
            result.refuse("reason", RuleMessage("endOfStudy.deathReasonWithoutDeath", "is death, but no death is recorded; record the death form first"))
        case (.death, .some(let died)) where date != died:
            result.refuse("date", RuleMessage("endOfStudy.deathNotOnDeathDate", "ends the study by death, so it is the death date ({death})",
                                             ["death": died.iso8601]))
        case (let other, .some(let died)) where other != .death:
            result.refuse("reason", RuleMessage("endOfStudy.reasonMustBeDeath", "the participant died on {death}; the reason for ending the study is death",
                                               ["death": died.iso8601]))
        default:
            break
        }
        if reason == .other {
            result.requireText(details ?? "", field: "details",
                               RuleMessage("endOfStudy.detailsRequired", "is required: say why the participant left the study"))
        }
        return result
    }
}
