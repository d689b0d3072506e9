import Foundation

/// How an edit check finding is handled: a hard finding is data that cannot be right (the store
/// refuses a save that creates one); a soft finding saves and opens a query for the site to answer.
public enum EditCheckSeverity: String, Hashable, Sendable, Codable, CaseIterable {
    case hard
    case soft
}

/// The catalogue of edit checks run over a participant's casebook. The raw values are stable
/// identifiers that queries and reports refer to; never renumber them.
public enum EditCheck: String, Hashable, Sendable, Codable, CaseIterable {
    case dateBeforeRandomization = "EC01"
    case dateAfterDeath = "EC02"
    case assessmentOutsideWindow = "EC03"
    case missingTargetMeasurement = "EC04"
    case fatalEventWithoutDeath = "EC05"
    case deathWithoutEndOfStudy = "EC06"
    case investigatorReadingDisagrees = "EC07"
    case therapyLineOverlap = "EC08"
    case implantationInArmWithout = "EC09"
    case implantedLesionNotInInventory = "EC10"
    case treatedLesionWithoutReading = "EC11"
    case reportedDeadWithoutDeath = "EC12"
    case therapyLineNumbering = "EC13"
    case responseNotComputable = "EC14"
    case progressionLineWithoutProgression = "EC15"

    public var severity: EditCheckSeverity {
        switch self {
        case .dateBeforeRandomization, .dateAfterDeath, .implantationInArmWithout, .implantedLesionNotInInventory,
             .responseNotComputable:
            return .hard
        case .assessmentOutsideWindow, .missingTargetMeasurement, .fatalEventWithoutDeath, .deathWithoutEndOfStudy,
             .investigatorReadingDisagrees, .treatedLesionWithoutReading, .reportedDeadWithoutDeath, .therapyLineNumbering,
             .therapyLineOverlap, .progressionLineWithoutProgression:
            return .soft
        }
    }

    /// What the check looks for, as a monitor reads it in the catalogue.
    public var title: String {
        switch self {
        case .dateBeforeRandomization: return "A post-randomization date before randomization"
        case .dateAfterDeath: return "A date after the participant's death"
        case .assessmentOutsideWindow: return "A tumour assessment outside its imaging window"
        case .missingTargetMeasurement: return "A target lesion not measured at an assessment"
        case .fatalEventWithoutDeath: return "A grade 5 adverse event without a death record"
        case .deathWithoutEndOfStudy: return "A death without an end-of-study record"
        case .investigatorReadingDisagrees: return "The investigator's reading differs from the computed response"
        case .therapyLineOverlap: return "A therapy line starting before the previous line stopped"
        case .implantationInArmWithout: return "An implantation in an arm without the procedure"
        case .implantedLesionNotInInventory: return "An implanted lesion missing from the baseline inventory"
        case .treatedLesionWithoutReading: return "A treated lesion without an in-field reading"
        case .reportedDeadWithoutDeath: return "A follow-up reporting death without a death record"
        case .therapyLineNumbering: return "Therapy lines not numbered 1, 2, 3 in order of start"
        case .responseNotComputable: return "Tumour measurements that the response criteria cannot evaluate"
        case .progressionLineWithoutProgression: return "A therapy line started for progression with no progression recorded before it"
        }
    }
}

/// One edit check finding: which check, where (form, record, field) and what to do about it.
public struct EditCheckFinding: Hashable, Sendable, Codable {
    public var check: EditCheck
    public var form: CaseReportForm
    public var recordId: String
    public var field: String
    public var message: String
    /// The message's code and values, so a page can phrase the finding (and the query it opens) in its language.
    public var rule: RuleMessage?

    public init(check: EditCheck, form: CaseReportForm, recordId: String, field: String, message: String) {
        self.check = check
        self.form = form
        self.recordId = recordId
        self.field = field
        self.message = message
        self.rule = nil
    }

    public init(check: EditCheck, form: CaseReportForm, recordId: String, field: String, _ rule: RuleMessage) {
        self.init(check: check, form: form, recordId: recordId, field: field, message: rule.text)
        self.rule = rule
    }

    /// Two findings are the same when the same check finds the same thing at the same place; the rule's
    /// code is how it is said (and a finding read back from JSON has none).
    public static func == (lhs: EditCheckFinding, rhs: EditCheckFinding) -> Bool {
        lhs.check == rhs.check && lhs.form == rhs.form && lhs.recordId == rhs.recordId && lhs.field == rhs.field && lhs.message == rhs.message
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(check)
        hasher.combine(form)
        hasher.combine(recordId)
        hasher.combine(field)
        hasher.combine(message)
    }

    /// The finding as a field error, keeping its code.
    public var fieldError: FieldError {
        var error = FieldError(field: field, message: message)
        error.rule = rule
        return error
    }

    public var severity: EditCheckSeverity { check.severity }

    enum CodingKeys: String, CodingKey { case check, form, recordId, field, message, severity }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        check = try container.decode(EditCheck.self, forKey: .check)
        form = try container.decode(CaseReportForm.self, forKey: .form)
        recordId = try container.decode(String.self, forKey: .recordId)
        field = try container.decode(String.self, forKey: .field)
        message = try container.decode(String.self, forKey: .message)
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(check, forKey: .check)
        try container.encode(form, forKey: .form)
        try container.encode(recordId, forKey: .recordId)
        try container.encode(field, forKey: .field)
        try container.encode(message, forKey: .message)
        try container.encode(severity, forKey: .severity)
    }
}
