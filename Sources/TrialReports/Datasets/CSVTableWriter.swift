import Foundation

/// Writes tables as CSV the way statistical software reads them back (RFC 4180): comma separated, a header
/// row, fields quoted when they hold a comma, a quote or a line break (quotes doubled), missing values as
/// empty fields, lines ended by CRLF, UTF-8 without a byte-order mark. Text that a spreadsheet would run as
/// a formula is neutralized (`neutralized(_:)`).
public struct CSVTableWriter: Sendable {
    public enum Cell: Sendable, Hashable {
        case text(String)
        case number(Double)
        case integer(Int)
        case missing
    }

    public let columns: [String]

    public init(columns: [String]) {
        self.columns = columns
    }

    /// The CSV text of `rows`; every row must have one cell per column.
    public func render(_ rows: [[Cell]]) throws -> String {
        var out = columns.map(Self.quoted).joined(separator: ",") + "\r\n"
        for (index, row) in rows.enumerated() {
            guard row.count == columns.count else {
                throw CSVTableWriterError(row: index + 1, message: "has \(row.count) cells for \(columns.count) columns")
            }
            out += row.map(Self.text(of:)).joined(separator: ",") + "\r\n"
        }
        return out
    }

    static func text(of cell: Cell) -> String {
        switch cell {
        case .text(let value): return quoted(neutralized(value))
        case .integer(let value): return String(value)
        case .missing: return ""
        case .number(let value):
            guard value.isFinite else { return "" }
            // Shortest text that reads back to the same double.
            return "\(value)"
        }
    }

    /// A text cell that a spreadsheet would run as a formula (it begins with `=`, `+`, `-`, `@`, a tab or a
    /// carriage return: OWASP "CSV injection") gets a leading apostrophe, which spreadsheets show as text.
    /// A plain number written as text (`-1.5`) is data, not a formula, and stays as it is.
    static func neutralized(_ value: String) -> String {
        guard let first = value.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) else { return value }
        if Double(value) != nil, !value.contains(where: { $0.isLetter && $0 != "e" && $0 != "E" }) { return value }
        return "'" + value
    }

    /// Looked for byte by byte: compared as Characters, a CRLF line break (one grapheme) equals neither "\r" nor
    /// "\n", so a field holding one went out unquoted and split its row; and the comparison was a tenth of the CSV.
    static func quoted(_ value: String) -> String {
        guard value.utf8.contains(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

public struct CSVTableWriterError: Error, Sendable, Hashable, CustomStringConvertible {
    public var row: Int
    public var message: String
    public var description: String { "row \(row): \(message)" }
}
