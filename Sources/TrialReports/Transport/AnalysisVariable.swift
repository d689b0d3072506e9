import Foundation

/// A column of an analysis dataset, as SAS transport v5 can describe it: a name of up to 8 characters
/// (`A`–`Z`, `0`–`9`, `_`, not starting with a digit), a label of up to 40 bytes, its storage type and
/// length, and an optional display format.
public struct AnalysisVariable: Hashable, Sendable {
    public var name: String
    public var label: String
    public var type: AnalysisVariableType
    public var format: SASDisplayFormat?

    public init(name: String, label: String, type: AnalysisVariableType, format: SASDisplayFormat? = nil) {
        self.name = name
        self.label = label
        self.type = type
        self.format = format
    }

    /// An 8-byte numeric variable.
    public static func numeric(_ name: String, label: String, format: SASDisplayFormat? = nil) -> AnalysisVariable {
        AnalysisVariable(name: name, label: label, type: .numeric, format: format)
    }

    /// A character variable of `length` bytes (UTF-8 bytes for text beyond ASCII).
    public static func character(_ name: String, label: String, length: Int) -> AnalysisVariable {
        AnalysisVariable(name: name, label: label, type: .character(length: length))
    }

    /// A date: an 8-byte numeric holding SAS date numbers, shown with `DATE9.` so that R, pandas and
    /// pyreadstat readers that honour formats turn it back into a date.
    public static func date(_ name: String, label: String) -> AnalysisVariable {
        AnalysisVariable(name: name, label: label, type: .numeric, format: .date9)
    }
}
