import Foundation

/// One inclusion or exclusion criterion and how it is answered at screening.
///
/// The rule always says what *qualifies* (keeps the patient eligible), for inclusion and
/// exclusion alike: inclusion "age >= 18" qualifies with `>= 18`; exclusion "pregnant or
/// breastfeeding" qualifies with the answer `no`.
public struct EligibilityCriterion: Codable, Sendable, Hashable {
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case inclusion
        case exclusion

        public init(from decoder: any Decoder) throws {
            self = try decoder.decodeWord(Kind.self, noun: "criterion kind")
        }
    }

    public enum YesNo: String, Codable, Sendable, CaseIterable {
        case yes
        case no

        public init(_ flag: Bool) { self = flag ? .yes : .no }

        public var isYes: Bool { self == .yes }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            // YAML and JSON may spell the answer as a boolean.
            if let flag = try? container.decode(Bool.self) {
                self.init(flag)
            } else {
                self = try decoder.decodeWord(YesNo.self, noun: "answer")
            }
        }
    }

    /// How the criterion is answered and which answers qualify.
    public enum AnswerRule: Sendable, Hashable {
        case yesNo(qualifying: YesNo)
        case value(NumericRule)
    }

    public enum AnswerKind: String, Codable, Sendable, CaseIterable {
        case yesNo
        case value
    }

    public var id: String
    public var kind: Kind
    public var text: LocalizedText
    public var answer: AnswerRule
    /// For a value criterion: the screening field that supplies the value (age, ecog, ...),
    /// so that it is filled from the screening record instead of typed twice.
    public var sourceField: String?
    /// Unit shown beside a value answer.
    public var unit: String?
    public var studyTeamSetting: StudyTeamSetting?

    public init(id: String, kind: Kind, text: LocalizedText, answer: AnswerRule, sourceField: String? = nil,
                unit: String? = nil, studyTeamSetting: StudyTeamSetting? = nil) {
        self.id = id
        self.kind = kind
        self.text = text
        self.answer = answer
        self.sourceField = sourceField
        self.unit = unit
        self.studyTeamSetting = studyTeamSetting
    }

    enum CodingKeys: String, CodingKey {
        case id, kind, text, answer, qualifyingAnswer, qualifyingRule, sourceField, unit, studyTeamSetting
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        kind = try container.decode(Kind.self, forKey: .kind)
        text = try container.decode(LocalizedText.self, forKey: .text)
        switch try container.decodeWord(AnswerKind.self, forKey: .answer, noun: "answer kind") {
        case .yesNo:
            if container.contains(.qualifyingRule) {
                throw StudyValueRejection(
                    codingPath: container.codingPath + [CodingKeys.qualifyingRule], rule: .answerRuleMismatch,
                    message: "a yes/no criterion qualifies by qualifyingAnswer (yes or no), not by a qualifyingRule")
            }
            answer = .yesNo(qualifying: try container.decode(YesNo.self, forKey: .qualifyingAnswer))
        case .value:
            if container.contains(.qualifyingAnswer) {
                throw StudyValueRejection(
                    codingPath: container.codingPath + [CodingKeys.qualifyingAnswer], rule: .answerRuleMismatch,
                    message: "a value criterion qualifies by a qualifyingRule such as '>= 18', not by qualifyingAnswer")
            }
            answer = .value(try container.decode(NumericRule.self, forKey: .qualifyingRule))
        }
        sourceField = try container.decodeIfPresent(String.self, forKey: .sourceField)
        unit = try container.decodeIfPresent(String.self, forKey: .unit)
        studyTeamSetting = try container.decodeIfPresent(StudyTeamSetting.self, forKey: .studyTeamSetting)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(kind, forKey: .kind)
        try container.encode(text, forKey: .text)
        switch answer {
        case .yesNo(let qualifying):
            try container.encode(AnswerKind.yesNo, forKey: .answer)
            try container.encode(qualifying, forKey: .qualifyingAnswer)
        case .value(let rule):
            try container.encode(AnswerKind.value, forKey: .answer)
            try container.encode(rule, forKey: .qualifyingRule)
        }
        try container.encodeIfPresent(sourceField, forKey: .sourceField)
        try container.encodeIfPresent(unit, forKey: .unit)
        try container.encodeIfPresent(studyTeamSetting, forKey: .studyTeamSetting)
    }
}
