import Foundation

/// A baseline characteristic that randomization balances on, read from a screening field
/// and cut into levels, e.g. `lesionCount` from `metastaticLesionCount`: `6-7` and `8-10`.
public struct StratificationFactor: Codable, Sendable, Hashable {
    public var code: String
    public var label: LocalizedText
    /// The screening field whose recorded value decides the level.
    public var sourceField: String
    public var levels: [StratificationLevel]
    public var studyTeamSetting: StudyTeamSetting?

    public init(code: String, label: LocalizedText, sourceField: String, levels: [StratificationLevel],
                studyTeamSetting: StudyTeamSetting? = nil) {
        self.code = code
        self.label = label
        self.sourceField = sourceField
        self.levels = levels
        self.studyTeamSetting = studyTeamSetting
    }

    /// The level a recorded value falls in, or nil when it falls in none.
    public func level(for value: ScreeningValue) -> StratificationLevel? {
        levels.first { $0.matches(value) }
    }
}

/// One level of a factor and the recorded values that produce it: a numeric `range`
/// (a value rule such as `between 6 and 7`) or a set of category `values`.
public struct StratificationLevel: Codable, Sendable, Hashable {
    public var code: String
    public var label: LocalizedText?
    /// For a numeric field: the values that fall in this level.
    public var range: NumericRule?
    /// For a category field: the words that fall in this level.
    public var values: [String]?

    public init(code: String, label: LocalizedText? = nil, range: NumericRule? = nil, values: [String]? = nil) {
        self.code = code
        self.label = label
        self.range = range
        self.values = values
    }

    public func matches(_ value: ScreeningValue) -> Bool {
        switch value {
        case .number(let number): return range?.contains(number) ?? false
        case .category(let word): return values?.contains(word) ?? false
        }
    }
}
