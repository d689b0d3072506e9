import Foundation

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
    /// `reason` as a rule message, so a page can phrase it in its language.
    public var reasonRule: RuleMessage?

    public init(id: String, kind: EligibilityCriterion.Kind, text: LocalizedText, status: Status,
                answer: CriterionAnswer?, reason: String?) {
        self.id = id
        self.kind = kind
        self.text = text
        self.status = status
        self.answer = answer
        self.reason = reason
        self.reasonRule = nil
    }

    public init(id: String, kind: EligibilityCriterion.Kind, text: LocalizedText, status: Status,
                answer: CriterionAnswer?, _ rule: RuleMessage?) {
        self.init(id: id, kind: kind, text: text, status: status, answer: answer, reason: rule?.text)
        self.reasonRule = rule
    }

    /// Why it is not met, unanswered or invalid, as a field error at `answers.<id>`.
    public var reasonError: FieldError {
        var error = FieldError(field: "answers.\(id)", message: reason ?? "")
        error.rule = reasonRule
        return error
    }

    static func judge(_ criterion: EligibilityCriterion, answer given: CriterionAnswer?,
                      recorded: [String: ScreeningValue], fields: [String: ScreeningField]) -> CriterionOutcome {
        func outcome(_ status: Status, _ answer: CriterionAnswer?, _ reason: RuleMessage?) -> CriterionOutcome {
            CriterionOutcome(id: criterion.id, kind: criterion.kind, text: criterion.text, status: status,
                             answer: answer, reason)
        }
        switch criterion.answer {
        case .yesNo(let qualifying):
            switch given {
            case nil:
                return outcome(.unanswered, nil, RuleMessage("eligibility.yesNoUnanswered", "not answered; answer yes or no"))
            case .value(let number)?:
                return outcome(.invalidAnswer, given, RuleMessage("eligibility.numberForYesNo", "answered {value}; this criterion is answered yes or no",
                                                                  ["value": NumericRule.format(number)]))
            case .yes?, .no?:
                let answeredYes = given == .yes
                if answeredYes == qualifying.isYes { return outcome(.met, given, nil) }
                return outcome(.notMet, given, answeredYes
                               ? RuleMessage("eligibility.answeredYesOnlyNoQualifies", "answered yes; only no qualifies")
                               : RuleMessage("eligibility.answeredNoOnlyYesQualifies", "answered no; only yes qualifies"))
            }
        case .value(let rule):
            let fieldName = criterion.sourceField
            let recordedValue = fieldName.flatMap { recorded[$0] }
            let number: Double
            let fromRecord: Bool
            switch (recordedValue, given) {
            case (.category(let word)?, _):
                return outcome(.invalidAnswer, nil, RuleMessage("eligibility.recordedCategoryNotNumber", "{field} is recorded as '{word}'; a number is needed",
                                                                ["field": fieldName ?? "", "word": word]))
            case (.number(let value)?, .value(let typed)?) where typed != value:
                return outcome(.invalidAnswer, .value(value),
                               RuleMessage("eligibility.answerDiffersFromRecord", "the answer {answer} differs from the recorded {field} {recorded}; correct one of them",
                                           ["answer": NumericRule.format(typed), "field": fieldName ?? "", "recorded": NumericRule.format(value)]))
            case (.number(let value)?, _):
                number = value
                fromRecord = true
            case (nil, .value(let typed)?):
                number = typed
                fromRecord = false
            case (nil, let word?):
                return outcome(.invalidAnswer, word, RuleMessage("eligibility.wordForNumber", "answered {word}; this criterion needs a number",
                                                                 ["word": word.description]))
            case (nil, nil):
                return outcome(.unanswered, nil, fieldName.map {
                    RuleMessage("eligibility.valueUnansweredWithField", "not answered; record {field} at screening or answer with a number", ["field": $0])
                } ?? RuleMessage("eligibility.valueUnanswered", "not answered; answer with a number"))
            }
            if let field = fieldName.flatMap({ fields[$0] }), let rejection = field.rejectionRule(of: .number(number), namingField: true) {
                return outcome(.invalidAnswer, .value(number), rejection)
            }
            if rule.contains(number) { return outcome(.met, .value(number), nil) }
            let value = NumericRule.format(number) + (criterion.unit.map { " \($0)" } ?? "")
            return outcome(.notMet, .value(number), fromRecord
                           ? RuleMessage("eligibility.recordedValueNotSatisfying", "recorded {field} {value} does not satisfy {rule}",
                                         ["field": fieldName ?? "", "value": value, "rule": rule.description])
                           : RuleMessage("eligibility.answeredValueNotSatisfying", "answered {value} does not satisfy {rule}",
                                         ["value": value, "rule": rule.description]))
        }
    }
}
