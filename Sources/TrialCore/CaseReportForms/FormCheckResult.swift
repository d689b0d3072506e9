import Foundation

/// What checking one form before saving found: hard-rule errors refuse the save (422 with these
/// field errors); soft findings let it save and open a query on the field.
public struct FormCheckResult: Hashable, Sendable, Codable {
    public var errors: [FieldError]
    public var softFindings: [FieldError]

    public init(errors: [FieldError] = [], softFindings: [FieldError] = []) {
        self.errors = errors
        self.softFindings = softFindings
    }

    /// True when no hard rule is broken, so the form may be saved.
    public var isSavable: Bool { errors.isEmpty }

    /// Throws `ValidationFailure` with every hard-rule error.
    public func throwIfRefused() throws {
        try ValidationFailure.throwIfAny(errors)
    }

    mutating func refuse(_ field: String, _ rule: RuleMessage) {
        errors.append(FieldError(field: field, rule))
    }

    mutating func query(_ field: String, _ rule: RuleMessage) {
        softFindings.append(FieldError(field: field, rule))
    }

    /// Hard rules shared by every dated form: not in the future, not before randomization (when the
    /// form belongs after it), not after death (when the participant cannot have been seen after it).
    mutating func checkDate(_ date: CalendarDate, field: String, context: CaseReportContext,
                            notBeforeRandomization: Bool = true, notAfterDeath: Bool = true) {
        if date > context.today {
            refuse(field, RuleMessage("date.inFuture", "{date} is in the future (today is {today}); enter the date the event happened",
                                      ["date": date.iso8601, "today": context.today.iso8601]))
        }
        if notBeforeRandomization, let randomized = context.casebook.randomizationDate, date < randomized {
            refuse(field, RuleMessage("date.beforeRandomization", "{date} is before randomization on {randomized}; this form records events after randomization",
                                      ["date": date.iso8601, "randomized": randomized.iso8601]))
        }
        if notAfterDeath, let death = context.casebook.deathDate, date > death {
            refuse(field, RuleMessage("date.afterDeath", "{date} is after the participant's death on {death}",
                                      ["date": date.iso8601, "death": death.iso8601]))
        }
    }

    /// A required free-text field: `rule` says what the text is for (code `required.<what>`).
    mutating func requireText(_ text: String, field: String, _ rule: RuleMessage) {
        if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            refuse(field, rule)
        }
    }
}
