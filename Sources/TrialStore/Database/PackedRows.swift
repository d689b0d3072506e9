import FluentSQLiteDriver
import Foundation

/// The rows of a query as one byte buffer with the place of each column in it.
///
/// SQLite can hand a whole batch of rows over as one packed text (`read`): SQLiteNIO's rows make an array of
/// values and a Swift string per text for every row, and reading tens of thousands of rows (`audit verify`)
/// spent more on making, copying and freeing those than SQLite spent finding the rows. Other sources add
/// their rows as strings (`append`), so that one reader serves both.
struct PackedRows: Sendable {
    let columnCount: Int
    private(set) var bytes: [UInt8] = []
    /// Start and length in `bytes` of each row's columns, `columnCount` pairs a row; length -1 is NULL.
    private var spans: [Int] = []

    var count: Int { spans.count / (2 * columnCount) }

    init(columnCount: Int) {
        self.columnCount = columnCount
    }

    /// A row read as strings (nil for NULL).
    mutating func append(_ columns: [String?]) {
        precondition(columns.count == columnCount, "a row of \(columns.count) columns among rows of \(columnCount)")
        for column in columns {
            spans.append(bytes.count)
            if let column {
                bytes.append(contentsOf: column.utf8)
                spans.append(bytes.count - spans[spans.count - 1])
            } else {
                spans.append(-1)
            }
        }
    }

    /// The column's bytes in `all` (this value's `bytes`, borrowed once for many reads), nil for NULL.
    func slice(row: Int, column: Int, in all: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8>? {
        let slot = (row * columnCount + column) * 2
        let (start, length) = (spans[slot], spans[slot + 1])
        return length < 0 ? nil : UnsafeBufferPointer(rebasing: all[start..<(start + length)])
    }

    func isNull(row: Int, column: Int) -> Bool {
        spans[(row * columnCount + column) * 2 + 1] < 0
    }

    func text(row: Int, column: Int) -> String? {
        bytes.withUnsafeBufferPointer { all in slice(row: row, column: column, in: all).map { String(decoding: $0, as: UTF8.self) } }
    }

    /// A column holding a decimal integer (nil for NULL or anything else).
    func integer(row: Int, column: Int) -> Int64? {
        bytes.withUnsafeBufferPointer { all in
            guard let digits = slice(row: row, column: column, in: all) else { return nil }
            return Int64(String(decoding: digits, as: UTF8.self))
        }
    }

    /// The rows in the given order of their current indices (the columns stay where they are; only their spans move).
    mutating func reorder(_ order: [Int]) {
        let width = 2 * columnCount
        spans = order.flatMap { spans[($0 * width)..<(($0 + 1) * width)] }
    }

    // MARK: SQLite

    /// The rows of `select` (a SELECT naming at least `columns`), its columns as `columns` names them, in the
    /// select's order, as one packed text: per row, per column its length in bytes, `:` and its bytes, or `-`
    /// for NULL. Nil when the text does not unpack into the rows counted, or SQLite declines the text (longer than
    /// its limit): the caller then reads the rows one by one.
    static func read(_ columns: [String], of select: String, binds: [SQLiteData], on database: any SQLiteDatabase) async throws -> PackedRows? {
        let packed = columns.map { "coalesce(octet_length(\"\($0)\") || ':' || \"\($0)\", '-')" }.joined(separator: " || ")
        // No ORDER BY inside the aggregate: it made SQLite sort the whole text again through a temporary file.
        // The aggregate reads the rows in the select's order; callers that rely on an order check it.
        let rows: [SQLiteRow]
        do {
            rows = try await database.query("SELECT CAST(group_concat(\(packed), '') AS BLOB) AS packed, count(*) AS rows FROM (\(select))", binds)
        } catch let error as SQLiteError where error.reason == .tooBig {
            return nil
        }
        guard let row = rows.first, let counted = row.column("rows")?.integer else { return nil }
        guard counted > 0 else { return PackedRows(columnCount: columns.count) }
        guard case .blob(let buffer)? = row.column("packed"), let unpacked = PackedRows(unpacking: Array(buffer.readableBytesView), columnCount: columns.count),
              unpacked.count == counted else { return nil }
        return unpacked
    }

    /// The packed text's rows; the columns stay where they are in it.
    init?(unpacking packed: [UInt8], columnCount: Int) {
        self.columnCount = columnCount
        bytes = packed
        var index = 0
        while index < packed.count {
            for _ in 0..<columnCount {
                if index < packed.count, packed[index] == UInt8(ascii: "-") {
                    spans.append(index)
                    spans.append(-1)
                    index += 1
                    continue
                }
                var length = 0
                var digits = 0
                while index < packed.count, packed[index] != UInt8(ascii: ":") {
                    let digit = Int(packed[index]) - Int(UInt8(ascii: "0"))
                    guard (0...9).contains(digit), digits < 18 else { return nil }
                    length = length * 10 + digit
                    digits += 1
                    index += 1
                }
                guard digits > 0, index < packed.count, packed.count - (index + 1) >= length else { return nil }
                index += 1
                spans.append(index)
                spans.append(length)
                index += length
            }
        }
    }
}
