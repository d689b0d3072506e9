import Foundation

/// A CSV table held column by column, as read by every `stats` command.
///
/// The first row is the header. An empty cell, `NA` or `NaN` is a missing value; a statistic uses the rows
/// complete in the columns it needs (`completeRows(in:)`) and reports how many it dropped.
/// Row numbers in errors are 1-based data rows: the first row after the header is row 1.
public struct DataTable: Sendable {
    public let columnNames: [String]
    /// Cells by column then row; nil is a missing value.
    private let columns: [[String?]]
    public let rowCount: Int

    public init(columnNames: [String], columns: [[String?]]) {
        self.columnNames = columnNames
        self.columns = columns
        self.rowCount = columns.first?.count ?? 0
    }

    /// Parses CSV text (header row first). Every data row must have as many fields as the header.
    public init(csv text: String) throws(TableError) {
        let records = try CSVParser.parse(text)
        guard records.count > 0 else {
            throw TableError(kind: .malformedCSV, column: nil, row: nil, message: "the file is empty; the first line must name the columns")
        }
        let names = records.record(0).map(\.text)
        var seen = Set<String>()
        for (position, name) in names.enumerated() {
            if name.isEmpty {
                throw TableError(kind: .malformedCSV, column: nil, row: nil, message: "header field \(position + 1) is empty; every column needs a name")
            }
            if !seen.insert(name).inserted {
                throw TableError(kind: .malformedCSV, column: name, row: nil, message: "the header names this column twice; column names must be unique")
            }
        }
        var columns = [[String?]](repeating: [], count: names.count)
        for index in columns.indices { columns[index].reserveCapacity(records.count - 1) }
        for offset in 1..<records.count {
            let record = records.record(offset)
            guard record.count == names.count else {
                throw TableError(kind: .malformedCSV, column: nil, row: offset,
                                 message: "has \(record.count) fields but the header has \(names.count)")
            }
            for (index, cell) in zip(columns.indices, record) {
                columns[index].append(DataTable.isMissing(cell.text) ? nil : cell.text)
            }
        }
        self.init(columnNames: names, columns: columns)
    }

    /// Empty, `NA` and `NaN` cells are missing (R's read.csv conventions for numeric data).
    static func isMissing(_ text: String) -> Bool {
        text.isEmpty || text == "NA" || text == "NaN"
    }

    /// Index of a column, or an error listing the columns the file has.
    public func columnIndex(_ name: String) throws(TableError) -> Int {
        guard let index = columnNames.firstIndex(of: name) else {
            throw TableError(kind: .unknownColumn, column: name, row: nil,
                             message: "no such column; the file has \(columnNames.joined(separator: ", "))")
        }
        return index
    }

    /// The cell at a 0-based row, nil when missing.
    public func cell(_ column: String, row: Int) throws(TableError) -> String? {
        columns[try columnIndex(column)][row]
    }

    /// The rows (0-based indices) with a value in every one of `used`, and how many rows were dropped.
    public func completeRows(in used: [String]) throws(TableError) -> RowSelection {
        var indices: [Int] = []
        for name in used { _ = try columnIndex(name) }
        let usedColumns = used.map { name in columns[columnNames.firstIndex(of: name)!] }
        indices.reserveCapacity(rowCount)
        for row in 0..<rowCount where usedColumns.allSatisfy({ $0[row] != nil }) {
            indices.append(row)
        }
        return RowSelection(rows: indices, nDropped: rowCount - indices.count)
    }

    /// Finite numbers of a column at the selected rows.
    public func numbers(_ column: String, rows: RowSelection) throws(TableError) -> [Double] {
        let values = columns[try columnIndex(column)]
        var result: [Double] = []
        result.reserveCapacity(rows.rows.count)
        for row in rows.rows {
            guard let text = values[row], let value = Double(text), value.isFinite else {
                throw TableError(kind: .nonNumeric, column: column, row: row + 1,
                                 message: "'\(values[row] ?? "")' is not a finite number")
            }
            result.append(value)
        }
        return result
    }

    /// Follow-up times: finite numbers that are not negative.
    public func times(_ column: String, rows: RowSelection) throws(TableError) -> [Double] {
        let values = try numbers(column, rows: rows)
        for (position, value) in values.enumerated() where value < 0 {
            throw TableError(kind: .negativeTime, column: column, row: rows.rows[position] + 1,
                             message: "time \(value) is negative; follow-up times must be 0 or more")
        }
        return values
    }

    /// Integer event codes in 0...maximum (0 censored, 1 event; 1...k causes for competing risks).
    public func eventCodes(_ column: String, rows: RowSelection, maximum: Int) throws(TableError) -> [Int] {
        let values = try numbers(column, rows: rows)
        var codes: [Int] = []
        codes.reserveCapacity(values.count)
        for (position, value) in values.enumerated() {
            guard value == value.rounded(), value >= 0, value <= Double(maximum) else {
                let allowed = maximum == 1 ? "0 (censored) or 1 (event)" : "an integer from 0 (censored) to \(maximum)"
                throw TableError(kind: .eventCodeOutOfRange, column: column, row: rows.rows[position] + 1,
                                 message: "event code \(value) is out of range; allowed: \(allowed)")
            }
            codes.append(Int(value))
        }
        return codes
    }

    /// Text of a column at the selected rows (used for groups, strata and factors).
    public func strings(_ column: String, rows: RowSelection) throws(TableError) -> [String] {
        let values = columns[try columnIndex(column)]
        return rows.rows.map { values[$0] ?? "" }
    }

    /// Text of an optional column (nil when no column was named), e.g. an optional `--strata`.
    public func strings(_ column: String?, rows: RowSelection) throws(TableError) -> [String]? {
        guard let column else { return nil }
        let values: [String] = try strings(column, rows: rows)
        return values
    }

    /// Fails when a group present in the file keeps no row once incomplete rows are dropped, naming the
    /// first row where that group appears.
    public func requireEveryGroupHasRows(_ column: String, rows: RowSelection) throws(TableError) {
        let values = columns[try columnIndex(column)]
        var kept = Set<String>()
        for row in rows.rows { if let value = values[row] { kept.insert(value) } }
        for (row, value) in values.enumerated() {
            if let value, !kept.contains(value) {
                throw TableError(kind: .emptyGroup, column: column, row: row + 1,
                                 message: "group '\(value)' has no rows with complete data in the columns used")
            }
        }
        if kept.isEmpty {
            throw TableError(kind: .emptyGroup, column: column, row: nil,
                             message: "no group has a row with complete data in the columns used")
        }
    }

    /// Levels in sorted order, as R's factor() (see `FactorLevels.sorted`).
    public static func sortedLevels(_ labels: [String]) -> [String] {
        FactorLevels.sorted(labels)
    }
}

/// The rows a statistic uses: 0-based indices of complete rows, and how many rows were dropped for
/// a missing value in a used column (reported as `nDropped`).
public struct RowSelection: Sendable, Hashable {
    public let rows: [Int]
    public let nDropped: Int

    public init(rows: [Int], nDropped: Int) {
        self.rows = rows
        self.nDropped = nDropped
    }
}
