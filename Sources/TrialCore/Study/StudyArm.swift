import Foundation

/// A treatment group that participants are randomized to.
public struct StudyArm: Codable, Sendable, Hashable {
    /// Short code used in the allocation ratio, lists and datasets (TRT01P), e.g. `I125`.
    public var code: String
    public var label: LocalizedText
    public var description: LocalizedText

    public init(code: String, label: LocalizedText, description: LocalizedText) {
        self.code = code
        self.label = label
        self.description = description
    }
}
