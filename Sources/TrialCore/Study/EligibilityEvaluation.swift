import Foundation

/// The verdict on one screened patient: each criterion met, not met, unanswered or answered
/// in a way that cannot be judged, and overall eligible only when every criterion is met.
///
/// Value criteria with a source field take their value from the screening record (age,
/// ECOG, lesion count, ...) so that a number is entered once; an explicit answer that
/// disagrees with the record is flagged instead of silently preferred.
public struct EligibilityEvaluation: Codable, Sendable, Hashable {
    public enum Verdict: String, Codable, Sendable {
        /// Every criterion is met.
        case eligible
        /// At least one criterion is not met (a screen failure, with reasons).
        case ineligible
        /// None failed yet, but some are unanswered or unreadable: not eligible until answered.
        case incomplete
    }

    public var verdict: Verdict
    /// One outcome per criterion, in the study's order.
    public var outcomes: [CriterionOutcome]
    /// Answers given for ids that are not criteria of the study (likely typos).
    public var unknownAnswerIds: [String]

    public var isEligible: Bool { verdict == .eligible }
    public var failedCriteria: [CriterionOutcome] { outcomes.filter { $0.status == .notMet } }
    public var unansweredCriteria: [CriterionOutcome] { outcomes.filter { $0.status == .unanswered } }
    public var invalidAnswers: [CriterionOutcome] { outcomes.filter { $0.status == .invalidAnswer } }

    /// Why the patient cannot (yet) be randomized, one field error per criterion not met,
    /// unanswered or unreadable (`answers.I03`), for a 422 response.
    public var reasons: [FieldError] {
        outcomes.filter { $0.status != .met }.map { FieldError(field: "answers.\($0.id)", message: $0.reason ?? "") }
            + unknownAnswerIds.map { FieldError(field: "answers.\($0)", message: "is not a criterion of this study") }
    }

    public init(criteria: [EligibilityCriterion], fields: [ScreeningField],
                answers: [String: CriterionAnswer], recorded: [String: ScreeningValue]) {
        let fieldByName = Dictionary(fields.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        outcomes = criteria.map { criterion in
            CriterionOutcome.judge(criterion, answer: answers[criterion.id], recorded: recorded, fields: fieldByName)
        }
        let ids = Set(criteria.map(\.id))
        unknownAnswerIds = answers.keys.filter { !ids.contains($0) }.sorted()
        if outcomes.contains(where: { $0.status == .notMet }) {
            verdict = .ineligible
        } else if outcomes.contains(where: { $0.status != .met }) {
            verdict = .incomplete
        } else {
            verdict = .eligible
        }
    }
}

/// How one criterion came out for one patient.
public struct CriterionOutcome: Codable, Sendable, Hashable {
    public enum Status: String, Codable, Sendable {
        case met
        case notMet
        case unanswered
        case invalidAnswer
    }

    public var id: String
    public var kind: EligibilityCriterion.Kind
    public var text: LocalizedText
    public var status: Status
    /// The answer judged (the recorded value for a criterion with a source field).
    public var answer: CriterionAnswer?
    /// Why it is not met, unanswered or invalid; nil when met.
    public var reason: String?

    public init(id: String, kind: EligibilityCriterion.Kind, text: LocalizedText, status: Status,
                answer: CriterionAnswer?, reason: String?) {
        self.id = id
        self.kind = kind
        self.text = text
        self.status = status
        self.answer = answer
        self.reason = reason
    }

    static func judge(_ criterion: EligibilityCriterion, answer given: CriterionAnswer?,
                      recorded: [String: ScreeningValue], fields: [String: ScreeningField]) -> CriterionOutcome {
        func outcome(_ status: Status, _ answer: CriterionAnswer?, _ reason: String?) -> CriterionOutcome {
            CriterionOutcome(id: criterion.id, kind: criterion.kind, text: criterion.text, status: status,
                             answer: answer, reason: reason)
        }
        switch criterion.answer {
        case .yesNo(let qualifying):
            switch given {
            case nil:
                return outcome(.unanswered, nil, "not answered; answer yes or no")
            case .value(let number)?:
                return outcome(.invalidAnswer, given, "answered \(NumericRule.format(number)); this criterion is answered yes or no")
            case .yes?, .no?:
                let answeredYes = given == .yes
                if answeredYes == qualifying.isYes { return outcome(.met, given, nil) }
                return outcome(.notMet, given, "answered \(answeredYes ? "yes" : "no"); only \(qualifying.rawValue) qualifies")
            }
        case .value(let rule):
            let fieldName = criterion.sourceField
            let recordedValue = fieldName.flatMap { recorded[$0] }
            var number: Double
            var source: String
            switch (recordedValue, given) {
            case (.category(let word)?, _):
                return outcome(.invalidAnswer, nil, "\(fieldName ?? "") is recorded as '\(word)'; a number is needed")
            case (.number(let value)?, .value(let typed)?) where typed != value:
                return outcome(.invalidAnswer, .value(value),
                               "the answer \(NumericRule.format(typed)) differs from the recorded \(fieldName ?? "") "
                               + "\(NumericRule.format(value)); correct one of them")
            case (.number(let value)?, _):
                number = value
                source = "recorded \(fieldName ?? "")"
            case (nil, .value(let typed)?):
                number = typed
                source = "answered"
            case (nil, .yes?), (nil, .no?):
                return outcome(.invalidAnswer, given, "answered \(given!.description); this criterion needs a number")
            case (nil, nil):
                let hint = fieldName.map { "record \($0) at screening or answer with a number" } ?? "answer with a number"
                return outcome(.unanswered, nil, "not answered; \(hint)")
            }
            if let field = fieldName.flatMap({ fields[$0] }), let rejection = field.rejection(of: .number(number)) {
                return outcome(.invalidAnswer, .value(number), "\(field.name) \(rejection)")
            }
            if rule.contains(number) { return outcome(.met, .value(number), nil) }
            let unit = criterion.unit.map { " \($0)" } ?? ""
            return outcome(.notMet, .value(number),
                           "\(source) \(NumericRule.format(number))\(unit) does not satisfy \(rule)")
        }
    }
}

extension StudyDefinition {
    /// Judges a screened patient against every eligibility criterion of the study.
    /// - Parameters:
    ///   - answers: criterion id -> answer given at screening.
    ///   - recorded: screening field name -> recorded value (age, ecog, metastaticLesionCount, ...).
    public func evaluateEligibility(answers: [String: CriterionAnswer],
                                    recorded: [String: ScreeningValue] = [:]) -> EligibilityEvaluation {
        EligibilityEvaluation(criteria: eligibility, fields: screeningFields, answers: answers, recorded: recorded)
    }
}
