import Foundation

/// A text shown to people in both study languages, English and Simplified Chinese.
///
/// Written in a study file as `{en: "...", zh-Hans: "..."}`; both are required because the
/// site works in Chinese and the report and the registry are read in English.
public struct LocalizedText: Codable, Sendable, Hashable, CustomStringConvertible {
    public var en: String
    public var zhHans: String

    public init(en: String, zhHans: String) {
        self.en = en
        self.zhHans = zhHans
    }

    enum CodingKeys: String, CodingKey {
        case en
        case zhHans = "zh-Hans"
    }

    /// The text for a BCP 47 language tag; anything that is not Chinese gets English.
    public func text(forLanguage tag: String) -> String {
        tag.lowercased().hasPrefix("zh") ? zhHans : en
    }

    public var description: String { en }
}
