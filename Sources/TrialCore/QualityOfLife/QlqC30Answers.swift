import Foundation

/// One completed (possibly partly completed) QLQ-C30 v3.0 questionnaire: item numbers and answers only.
///
/// The questionnaire's wording is copyrighted by the EORTC and licensed per study, so nothing here
/// carries item text. Items 1-28 are answered 1 ("not at all") to 4 ("very much"); items 29-30
/// (global health) 1 ("very poor") to 7 ("excellent"). An unanswered item is simply absent.
public struct QlqC30Answers: Hashable, Sendable {
    public static let itemNumbers: ClosedRange<Int> = 1...30

    /// Answers keyed by item number; only valid answers are ever stored.
    public private(set) var answers: [Int: Int]

    /// Validates every answer and reports all problems at once.
    /// - Parameter fieldPrefix: prepended to field names in errors (e.g. `[3].` for the fourth questionnaire of a list).
    /// - Throws: `ValidationFailure` naming each item (`q7`) that is not an item of the questionnaire or whose
    ///   answer is outside the item's allowed range.
    public init(answers: [Int: Int], fieldPrefix: String = "") throws {
        try ValidationFailure.throwIfAny(QlqC30Answers.answerErrors(answers, fieldPrefix: fieldPrefix))
        self.answers = answers
    }

    /// Reads the item-keyed form used in files and the API (`{"q1": 2, "q2": null, ...}`): keys `q1`...`q30`,
    /// values whole numbers, `nil` meaning unanswered.
    /// - Throws: `ValidationFailure` for unknown keys, fractional numbers and out-of-range answers.
    public init(itemKeyed values: [String: Double?], fieldPrefix: String = "") throws {
        var errors: [FieldError] = []
        var answers: [Int: Int] = [:]
        for (key, value) in values.sorted(by: { $0.key < $1.key }) {
            let field = fieldPrefix + key
            guard let item = QlqC30Answers.itemNumber(fromKey: key) else {
                errors.append(FieldError(field: field, RuleMessage("qlq.unknownKey", "is not a QLQ-C30 item; keys are q1 to q30")))
                continue
            }
            guard let value else { continue }
            guard value.isFinite, value == value.rounded() else {
                errors.append(FieldError(field: field, RuleMessage("qlq.notWholeNumber", "must be a whole number (the answer's box number)")))
                continue
            }
            // Whole numbers far outside any answer range are reported as such without converting them to Int.
            guard abs(value) < 1_000_000 else {
                let allowed = QlqC30Answers.allowedAnswers(item: item) ?? QlqC30Answers.fourPointScale
                errors.append(FieldError(
                    field: field,
                    RuleMessage("qlq.answerFarOutOfRange", "answer is out of range; item {item} is answered {lowest} to {highest}",
                                ["item": String(item), "lowest": String(allowed.lowerBound), "highest": String(allowed.upperBound)])))
                continue
            }
            answers[item] = Int(value)
        }
        errors += QlqC30Answers.answerErrors(answers, fieldPrefix: fieldPrefix)
        try ValidationFailure.throwIfAny(errors.sorted { QlqC30Answers.fieldOrder($0.field) < QlqC30Answers.fieldOrder($1.field) })
        self.answers = answers
    }

    public subscript(item: Int) -> Int? { answers[item] }

    /// One error per item that is not on the questionnaire or whose answer is outside the item's range.
    static func answerErrors(_ answers: [Int: Int], fieldPrefix: String) -> [FieldError] {
        var errors: [FieldError] = []
        for (item, answer) in answers.sorted(by: { $0.key < $1.key }) {
            let field = fieldPrefix + fieldName(item: item)
            guard let allowed = allowedAnswers(item: item) else {
                errors.append(FieldError(field: field, RuleMessage("qlq.unknownItem", "is not a QLQ-C30 item; items are q1 to q30")))
                continue
            }
            if !allowed.contains(answer) {
                errors.append(FieldError(
                    field: field,
                    RuleMessage("qlq.answerOutOfRange", "answer {answer} is out of range; item {item} is answered {lowest} to {highest}",
                                ["answer": String(answer), "item": String(item),
                                 "lowest": String(allowed.lowerBound), "highest": String(allowed.upperBound)])))
            }
        }
        return errors
    }

    /// Orders error fields by item number (q2 before q10), unknown keys last.
    static func fieldOrder(_ field: String) -> (Int, String) {
        let key = field.split(separator: ".").last.map(String.init) ?? field
        return (itemNumber(fromKey: key) ?? Int.max, field)
    }

    /// EORTC QLQ-C30 v3.0: items 1-28 are answered "not at all" (1) to "very much" (4); items 29-30 (global
    /// health and quality of life) from 1 ("very poor") to 7 ("excellent").
    public static let fourPointScale = 1...4
    public static let sevenPointScale = 1...7

    /// The answers an item accepts; nil for a number that is not an item of the questionnaire.
    public static func allowedAnswers(item: Int) -> ClosedRange<Int>? {
        switch item {
        case 1...28: return fourPointScale
        case 29...30: return sevenPointScale
        default: return nil
        }
    }

    public static func fieldName(item: Int) -> String { "q\(item)" }

    /// `q7` -> 7; nil for anything that is not `q` followed by 1-30 without leading zeros.
    public static func itemNumber(fromKey key: String) -> Int? {
        guard key.hasPrefix("q") else { return nil }
        let digits = key.dropFirst()
        guard !digits.isEmpty, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber),
              digits.first != "0", let item = Int(digits), itemNumbers.contains(item) else {
            return nil
        }
        return item
    }
}
