import Foundation

/// One CTCAE v5.0 adverse event term: its MedDRA code and system organ class, and the grades that exist for it.
///
/// Not every grade exists for every term (Alopecia has grades 1-2 only, Febrile neutropenia 3-5); a grade
/// that is not listed cannot be recorded for the term.
public struct CtcaeTerm: Hashable, Sendable, Codable {
    /// The CTCAE term exactly as NCI spells it ("Neutrophil count decreased").
    public let term: String
    /// The MedDRA lowest-level-term code of the term.
    public let meddraCode: Int
    /// The MedDRA system organ class the term belongs to.
    public let soc: String
    /// Simplified Chinese label, where one is known.
    public let zh: String?
    /// True for the "<SOC> - Other, specify" term of each organ class, whose free text is required.
    public let otherSpecify: Bool
    /// Other words that should find the term in a search (e.g. "hemoptysis" for Bronchopulmonary hemorrhage).
    public let synonyms: [String]
    /// The grades that exist for the term, in ascending order, each with its description.
    public let grades: [CtcaeGradeDescription]

    public init(
        term: String, meddraCode: Int, soc: String, zh: String?, otherSpecify: Bool = false,
        synonyms: [String] = [], grades: [CtcaeGradeDescription]
    ) {
        self.term = term
        self.meddraCode = meddraCode
        self.soc = soc
        self.zh = zh
        self.otherSpecify = otherSpecify
        self.synonyms = synonyms
        self.grades = grades.sorted { $0.grade < $1.grade }
    }

    enum CodingKeys: String, CodingKey {
        case term, meddraCode, soc, zh, otherSpecify, synonyms, grades
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            term: try container.decode(String.self, forKey: .term),
            meddraCode: try container.decode(Int.self, forKey: .meddraCode),
            soc: try container.decode(String.self, forKey: .soc),
            zh: try container.decodeIfPresent(String.self, forKey: .zh),
            otherSpecify: try container.decodeIfPresent(Bool.self, forKey: .otherSpecify) ?? false,
            synonyms: try container.decodeIfPresent([String].self, forKey: .synonyms) ?? [],
            grades: try container.decode([CtcaeGradeDescription].self, forKey: .grades)
        )
    }

    /// The grade numbers that exist for the term.
    public var existingGrades: [Int] { grades.map(\.grade) }

    public func hasGrade(_ grade: Int) -> Bool { grades.contains { $0.grade == grade } }

    public func description(ofGrade grade: Int) -> String? {
        grades.first { $0.grade == grade }?.description
    }
}
