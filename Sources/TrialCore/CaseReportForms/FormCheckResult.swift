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

    mutating func refuse(_ field: String, _ message: String) {
        errors.append(FieldError(field: field, message: message))
    }

    mutating func query(_ field: String, _ message: String) {
        softFindings.append(FieldError(field: field, message: message))
    }

    /// Hard rules shared by every dated form: not in the future, not before randomization (when the
    /// form belongs after it), not after death (when the participant cannot have been seen after it).
    mutating func checkDate(_ date: CalendarDate, field: String, context: CaseReportContext,
                            notBeforeRandomization: Bool = true, notAfterDeath: Bool = true) {
        if date > context.today {
            refuse(field, "\(date.iso8601) is in the future (today is \(context.today.iso8601)); enter the date the event happened")
        }
        if notBeforeRandomization, let randomized = context.casebook.randomizationDate, date < randomized {
            refuse(field, "\(date.iso8601) is before randomization on \(randomized.iso8601); this form records events after randomization")
        }
        if notAfterDeath, let death = context.casebook.deathDate, date > death {
            refuse(field, "\(date.iso8601) is after the participant's death on \(death.iso8601)")
        }
    }

    mutating func requireText(_ text: String, field: String, what: String) {
        if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            refuse(field, "is required: \(what)")
        }
    }
}
