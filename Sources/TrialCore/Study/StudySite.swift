import Foundation

/// A hospital that screens and treats participants. Its code starts every participant ID
/// it issues (`960-0001`), so it holds letters and digits only.
public struct StudySite: Codable, Sendable, Hashable {
    public var code: String
    public var name: LocalizedText
    public var city: LocalizedText

    public init(code: String, name: LocalizedText, city: LocalizedText) {
        self.code = code
        self.name = name
        self.city = city
    }
}
