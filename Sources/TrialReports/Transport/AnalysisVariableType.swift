import Foundation

/// The storage of a transport-file variable: numeric (an IBM double of 3 to 8 bytes, 8 keeps every IEEE
/// double exactly) or character (1 to 200 bytes, the SAS transport v5 limit, blank padded).
public enum AnalysisVariableType: Hashable, Sendable {
    case numeric(length: Int)
    case character(length: Int)

    /// An 8-byte numeric, the only length that keeps every value exactly.
    public static let numeric = AnalysisVariableType.numeric(length: 8)

    public var length: Int {
        switch self {
        case .numeric(let length), .character(let length): return length
        }
    }

    public var isNumeric: Bool {
        if case .numeric = self { return true }
        return false
    }

    /// Lengths that SAS accepts: numerics 3...8 bytes on non-mainframe hosts, character 1...200 in version 5.
    public static let numericLengths = 3...8
    public static let characterLengths = 1...200
}
