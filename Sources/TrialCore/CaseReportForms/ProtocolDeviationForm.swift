import Foundation

public enum DeviationCategory: String, Hashable, Sendable, Codable, CaseIterable {
    case eligibility
    case informedConsent
    case randomization
    case studyTreatment
    case visitSchedule
    case assessment
    case safetyReporting
    case other
}

public enum DeviationSeverity: String, Hashable, Sendable, Codable, CaseIterable {
    /// May affect the participant's safety, rights or the reliability of the data.
    case major
    case minor
}

public struct ProtocolDeviationForm: Hashable, Sendable, Codable {
    public var date: CalendarDate
    public var category: DeviationCategory
    public var severity: DeviationSeverity
    public var description: String

    public init(date: CalendarDate, category: DeviationCategory, severity: DeviationSeverity, description: String) {
        self.date = date
        self.category = category
        self.severity = severity
        self.description = description
    }

    /// Hard rules: date not in the future (deviations may precede randomization: eligibility,
    /// consent), a description. Soft: a major deviation described in a few words.
    public func check(in context: CaseReportContext) -> FormCheckResult {
        var result = FormCheckResult()
        result.checkDate(date, field: "date", context: context, notBeforeRandomization: false, notAfterDeath: false)
        result.requireText(description, field: "description",
                           RuleMessage("deviation.descriptionRequired", "is required: describe what deviated from the protocol"))
        let words = description.split(whereSeparator: \.isWhitespace).count
        if severity == .major && words > 0 && words < 5 {
            result.query("description", RuleMessage("deviation.majorTooBrief", "a major deviation needs enough detail to judge its impact (what, when, consequences)"))
        }
        return result
    }
}
