import Foundation

/// RFC 4180 CSV splitting: comma-separated fields, double-quoted fields may hold commas, line breaks and
/// doubled quotes (""), rows end with LF or CRLF. Unquoted fields are trimmed of surrounding blanks.
enum CSVParser {
    /// One parsed cell: its text and whether it was quoted (a quoted empty string is still missing data).
    struct Cell {
        var text: String
        var quoted: Bool
    }

    /// All records' cells in one flat array (no array per row), with the start of each record.
    struct Records {
        var cells: [Cell] = []
        var starts: [Int] = []

        var count: Int { starts.count }

        func record(_ index: Int) -> ArraySlice<Cell> {
            cells[starts[index]..<(index + 1 < starts.count ? starts[index + 1] : cells.count)]
        }
    }

    static func parse(_ text: String) throws(TableError) -> Records {
        var records = Records()
        var rowStart = 0
        var field: [UInt8] = []
        var quoted = false
        var inQuotes = false
        var lineNumber = 1
        let bytes = Array(text.utf8)
        var index = 0
        let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), newline = UInt8(ascii: "\n"),
            carriageReturn = UInt8(ascii: "\r")

        func isBlank(_ byte: UInt8) -> Bool { byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
        func finishField() {
            var lower = 0, upper = field.count
            if !quoted {
                while lower < upper && isBlank(field[lower]) { lower += 1 }
                while upper > lower && isBlank(field[upper - 1]) { upper -= 1 }
            }
            records.cells.append(Cell(text: String(decoding: field[lower..<upper], as: UTF8.self), quoted: quoted))
            field.removeAll(keepingCapacity: true)
            quoted = false
        }
        func finishRow() {
            finishField()
            let fields = records.cells.count - rowStart
            // A line holding nothing at all (e.g. the trailing newline) is not a data row.
            if fields == 1 && records.cells[rowStart].text.isEmpty && !records.cells[rowStart].quoted {
                records.cells.removeLast()
            } else {
                records.starts.append(rowStart)
            }
            rowStart = records.cells.count
        }

        while index < bytes.count {
            let byte = bytes[index]
            if inQuotes {
                if byte == quote {
                    if index + 1 < bytes.count && bytes[index + 1] == quote {
                        field.append(quote)
                        index += 1
                    } else {
                        inQuotes = false
                    }
                } else {
                    if byte == newline { lineNumber += 1 }
                    field.append(byte)
                }
            } else if byte == quote {
                if field.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }) {
                    field.removeAll(keepingCapacity: true)
                    inQuotes = true
                    quoted = true
                } else {
                    throw TableError(kind: .malformedCSV, column: nil, row: nil,
                                     message: "line \(lineNumber): a quote inside an unquoted field; quote the whole field and double inner quotes")
                }
            } else if byte == comma {
                finishField()
            } else if byte == newline {
                finishRow()
                lineNumber += 1
            } else if byte == carriageReturn {
                // CRLF line ends: the LF that follows ends the row.
            } else {
                field.append(byte)
            }
            index += 1
        }
        if inQuotes {
            throw TableError(kind: .malformedCSV, column: nil, row: nil,
                             message: "line \(lineNumber): a quoted field is never closed")
        }
        if !field.isEmpty || quoted || records.cells.count > rowStart { finishRow() }
        return records
    }
}
