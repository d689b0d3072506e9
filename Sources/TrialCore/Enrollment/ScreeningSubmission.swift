import Foundation

/// What a site records when it assesses a patient for eligibility (the screening log entry).
/// No direct identifiers: the record holds values and answers only.
public struct ScreeningSubmission: Codable, Sendable, Hashable {
    public var siteCode: String
    public var screeningDate: CalendarDate
    /// Screening values by field name as the study definition lists them (age, sex, metastaticLesionCount, ...).
    public var values: [String: ScreeningValue]
    /// Answers to eligibility criteria by criterion id; value criteria with a source field may be left out
    /// and are then read from `values`.
    public var answers: [String: CriterionAnswer]

    public init(siteCode: String, screeningDate: CalendarDate, values: [String: ScreeningValue], answers: [String: CriterionAnswer]) {
        self.siteCode = siteCode
        self.screeningDate = screeningDate
        self.values = values
        self.answers = answers
    }

    /// Field errors for a submission against the study: unknown site, a date in the future, unknown or
    /// out-of-range values, answers to criteria that do not exist.
    public func problems(in study: StudyDefinition, today: CalendarDate) -> [FieldError] {
        var errors: [FieldError] = []
        if study.site(code: siteCode) == nil {
            errors.append(FieldError(field: "siteCode", RuleMessage("screening.unknownSite", "'{site}' is not a site of this study (sites: {sites})",
                                                                    ["site": siteCode, "sites": study.sites.map(\.code).joined(separator: ", ")])))
        }
        if screeningDate > today {
            errors.append(FieldError(field: "screeningDate", RuleMessage("screening.dateInFuture", "{date} is in the future (today is {today})",
                                                                         ["date": screeningDate.iso8601, "today": today.iso8601])))
        }
        for (name, value) in values.sorted(by: { $0.key < $1.key }) {
            guard let field = study.screeningField(named: name) else {
                errors.append(FieldError(field: "values.\(name)", RuleMessage("screening.unknownField", "is not a screening field of this study (fields: {fields})",
                                                                            ["fields": study.screeningFields.map(\.name).joined(separator: ", ")])))
                continue
            }
            if let rejection = field.rejectionRule(of: value) {
                errors.append(FieldError(field: "values.\(name)", rejection))
            }
        }
        for id in answers.keys.sorted() where study.criterion(id: id) == nil {
            errors.append(FieldError(field: "answers.\(id)", RuleMessage("screening.unknownCriterion", "is not an eligibility criterion of this study (criteria: {criteria})",
                                                                      ["criteria": study.eligibility.map(\.id).joined(separator: ", ")])))
        }
        return errors
    }
}

/// Consent as recorded before randomization (ICH E6: written informed consent before any trial procedure
/// that is not routine care).
public struct ConsentRecord: Codable, Sendable, Hashable {
    public var date: CalendarDate
    public var formVersion: String
    /// Who obtained consent (the investigator's or coordinator's name or staff code).
    public var obtainedBy: String

    public init(date: CalendarDate, formVersion: String, obtainedBy: String) {
        self.date = date
        self.formVersion = formVersion
        self.obtainedBy = obtainedBy
    }

    public func problems(today: CalendarDate) -> [FieldError] {
        var errors: [FieldError] = []
        if date > today {
            errors.append(FieldError(field: "date", RuleMessage("screening.dateInFuture", "{date} is in the future (today is {today})",
                                                                ["date": date.iso8601, "today": today.iso8601])))
        }
        if formVersion.trimmingCharacters(in: .whitespaces).isEmpty {
            errors.append(FieldError(field: "formVersion", RuleMessage("screening.consentFormVersionRequired", "is required: the version of the consent form the patient signed")))
        }
        if obtainedBy.trimmingCharacters(in: .whitespaces).isEmpty {
            errors.append(FieldError(field: "obtainedBy", RuleMessage("screening.consentObtainedByRequired", "is required: who obtained consent")))
        }
        return errors
    }
}

/// Study-unique participant identifiers: the site code and a four-digit sequence within the site (`960-0001`).
public enum ParticipantIdentifier {
    public static func make(siteCode: String, sequence: Int) -> String {
        "\(siteCode)-\(String(format: "%04d", sequence))"
    }

    public static func screeningNumber(siteCode: String, sequence: Int) -> String {
        "S\(siteCode)-\(String(format: "%04d", sequence))"
    }
}
