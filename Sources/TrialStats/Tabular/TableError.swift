import Foundation

/// Why a CSV table could not be used, naming the column and the 1-based data row (the first row after
/// the header is row 1) so that the user can find and fix the cell.
public struct TableError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable {
        case malformedCSV
        case unknownColumn
        case nonNumeric
        case negativeTime
        case eventCodeOutOfRange
        case emptyGroup
    }

    public let kind: Kind
    /// The column at fault; nil only for a file-level problem (no header, ragged row).
    public let column: String?
    /// The 1-based data row at fault, when one row is to blame.
    public let row: Int?
    public let message: String

    public init(kind: Kind, column: String?, row: Int?, message: String) {
        self.kind = kind
        self.column = column
        self.row = row
        self.message = message
    }

    public var description: String {
        var place: [String] = []
        if let column { place.append("column '\(column)'") }
        if let row { place.append("row \(row)") }
        return place.isEmpty ? message : "\(place.joined(separator: ", ")): \(message)"
    }
}
