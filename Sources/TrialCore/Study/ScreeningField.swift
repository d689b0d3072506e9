import Foundation

/// A value recorded at screening that eligibility criteria and stratification factors
/// can read (`age`, `ecog`, `metastaticLesionCount`, `plateletCount`, `inr`, `sex`, ...).
///
/// Declaring the fields lets the definition be checked: a criterion or factor that names an
/// unknown field, a level that no recorded value could match, a count that must be whole.
public struct ScreeningField: Codable, Sendable, Hashable {
    public enum Kind: String, Codable, Sendable, Hashable, CaseIterable {
        /// Whole numbers (counts, ECOG, age in completed years).
        case integer
        /// Measurements (platelets, INR).
        case decimal
        /// One word out of `categories`.
        case category

        public var isNumeric: Bool { self != .category }

        public init(from decoder: any Decoder) throws {
            self = try decoder.decodeWord(Kind.self, noun: "screening field kind")
        }
    }

    public var name: String
    public var label: LocalizedText
    public var kind: Kind
    /// Unit shown beside the value, e.g. `years`, `10^9/L`.
    public var unit: String?
    /// Values that can exist at all (ECOG `between 0 and 5`); a recorded value outside is rejected.
    public var range: NumericRule?
    /// The allowed words of a category field.
    public var categories: [String]?
    /// What each category word is called in each language (`lung: {en: Lung, zh-Hans: 肺}`); the word is
    /// the stored value, the label is what screening pages show.
    public var categoryLabels: [String: LocalizedText]?

    public init(name: String, label: LocalizedText, kind: Kind, unit: String? = nil,
                range: NumericRule? = nil, categories: [String]? = nil, categoryLabels: [String: LocalizedText]? = nil) {
        self.name = name
        self.label = label
        self.kind = kind
        self.unit = unit
        self.range = range
        self.categories = categories
        self.categoryLabels = categoryLabels
    }

    /// The label of a category word in both languages; the word itself when the study gives none.
    public func label(ofCategory word: String) -> LocalizedText {
        categoryLabels?[word] ?? LocalizedText(en: word, zhHans: word)
    }

    /// Why `value` cannot be a recorded value of this field, or nil when it can.
    public func rejection(of value: ScreeningValue) -> String? {
        rejectionRule(of: value)?.text
    }

    /// `rejection(of:)` as a rule message, so a page can phrase it in its language. `namingField` starts the
    /// sentence with the field's name, for messages shown away from the field (an eligibility criterion
    /// that reads it: "ecog 7 is outside between 0 and 5").
    public func rejectionRule(of value: ScreeningValue, namingField: Bool = false) -> RuleMessage? {
        var rule: RuleMessage
        switch (kind, value) {
        case (.category, .category(let word)):
            guard let categories, !categories.contains(word) else { return nil }
            rule = namingField
                ? RuleMessage("screeningField.named.unknownCategory", "{field} '{word}' is not one of {categories}")
                : RuleMessage("screeningField.unknownCategory", "'{word}' is not one of {categories}")
            rule.arguments = ["word": word, "categories": categories.joined(separator: ", ")]
        case (.category, .number):
            rule = namingField
                ? RuleMessage("screeningField.named.categoryNotNumber", "{field} must be one of the words {categories}, not a number")
                : RuleMessage("screeningField.categoryNotNumber", "must be one of the words {categories}, not a number")
            rule.arguments = ["categories": (categories ?? []).joined(separator: ", ")]
        case (_, .category):
            rule = namingField
                ? RuleMessage("screeningField.named.numberRequired", "{field} must be a number")
                : RuleMessage("screeningField.numberRequired", "must be a number")
        case (.integer, .number(let number)) where number != number.rounded():
            rule = namingField
                ? RuleMessage("screeningField.named.wholeNumberRequired", "{field} must be a whole number")
                : RuleMessage("screeningField.wholeNumberRequired", "must be a whole number")
        case (_, .number(let number)):
            if !number.isFinite {
                rule = namingField
                    ? RuleMessage("screeningField.named.finiteNumberRequired", "{field} must be a finite number")
                    : RuleMessage("screeningField.finiteNumberRequired", "must be a finite number")
            } else if let range, !range.contains(number) {
                rule = namingField
                    ? RuleMessage("screeningField.named.outsideRange", "{field} {value} is outside {range}")
                    : RuleMessage("screeningField.outsideRange", "{value} is outside {range}")
                rule.arguments = ["value": NumericRule.format(number), "range": range.description]
            } else {
                return nil
            }
        }
        if namingField { rule.arguments["field"] = name }
        return rule
    }
}
