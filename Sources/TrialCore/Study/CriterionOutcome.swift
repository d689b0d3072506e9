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
            let number: Double
            let source: String
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
            case (nil, let word?):
                return outcome(.invalidAnswer, word, "answered \(word); this criterion needs a number")
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
