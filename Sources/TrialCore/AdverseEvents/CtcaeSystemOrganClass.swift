import Foundation

/// A MedDRA system organ class as CTCAE groups its terms.
public struct CtcaeSystemOrganClass: Hashable, Sendable, Codable {
    public let name: String
    /// Simplified Chinese name of the class.
    public let zh: String?

    public init(name: String, zh: String?) {
        self.name = name
        self.zh = zh
    }
}
