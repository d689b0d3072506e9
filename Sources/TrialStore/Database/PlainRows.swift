import FluentSQL
import FluentSQLiteDriver
import Foundation

/// The rows of a SELECT as plain text and integers. On SQLite they are SQLiteNIO's own rows, read by column
/// name; SQLKit's generic row decoder (a `Decoder` per column) cost more than the query on the lists that
/// every dashboard reads (a stored plan of ~900 visits, 1,200 casebooks). Other databases go through SQLKit.
struct PlainRow {
    private enum Storage {
        case sqlite(SQLiteRow)
        case sql(any SQLRow)
    }

    private let storage: Storage

    /// A SELECT's column list written once, quoted as SQLite and PostgreSQL both quote identifiers: the plain
    /// reads name a dozen columns each, and quoting them identifier by identifier on every read was the largest
    /// part of serializing the statement (a tenth of building the demo went to serializing SQL).
    static func columnList(_ names: [String]) -> SQLRaw {
        SQLRaw(names.map(quoted).joined(separator: ", "))
    }

    /// An identifier quoted as SQLite and PostgreSQL both quote it.
    static func quoted(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    static func all(_ select: SQLSelectBuilder) async throws -> [PlainRow] {
        try await all(select.select, on: select.database)
    }

    /// The rows of any statement that returns rows (a SELECT, or an UPDATE ... RETURNING).
    static func all(_ statement: any SQLExpression, on database: any SQLDatabase) async throws -> [PlainRow] {
        if let sqlite = database as? any SQLiteDatabase {
            let (text, binds) = database.serialize(statement)
            let encoder = SQLiteDataEncoder()
            let rows = try await sqlite.query(text, try binds.map { try encoder.encode($0) })
            return rows.map { PlainRow(storage: .sqlite($0)) }
        }
        let collected = RowCollector()
        try await database.execute(sql: statement) { collected.rows.append(PlainRow(storage: .sql($0))) }
        return collected.rows
    }

    /// Rows handed over one at a time by the driver, on one connection, in order.
    private final class RowCollector: @unchecked Sendable {
        var rows: [PlainRow] = []
    }

    func optionalString(_ column: String) throws -> String? {
        switch storage {
        case .sqlite(let row):
            guard let value = row.column(column) else { throw StoreError.invalidConfiguration("the query read no column \(column)") }
            return value.string
        case .sql(let row):
            return try row.decode(column: column, as: String?.self)
        }
    }

    func string(_ column: String) throws -> String {
        guard let value = try optionalString(column) else { throw StoreError.invalidConfiguration("column \(column) is empty") }
        return value
    }

    func integer(_ column: String) throws -> Int {
        switch storage {
        case .sqlite(let row):
            guard let value = row.column(column)?.integer else { throw StoreError.invalidConfiguration("column \(column) holds no integer") }
            return Int(value)
        case .sql(let row):
            return try row.decode(column: column, as: Int.self)
        }
    }

    func optionalInteger(_ column: String) throws -> Int? {
        switch storage {
        case .sqlite(let row):
            return row.column(column)?.integer
        case .sql(let row):
            return try row.decode(column: column, as: Int?.self)
        }
    }

    func uuid(_ column: String) throws -> UUID {
        switch storage {
        case .sqlite(let row):
            guard let text = row.column(column)?.string, let value = UUID(uuidString: text) else {
                throw StoreError.invalidConfiguration("column \(column) holds no UUID")
            }
            return value
        case .sql(let row):
            return try row.decode(column: column, as: UUID.self)
        }
    }

    func bool(_ column: String) throws -> Bool {
        guard let value = try optionalBool(column) else { throw StoreError.invalidConfiguration("column \(column) holds no truth value") }
        return value
    }

    func optionalBool(_ column: String) throws -> Bool? {
        switch storage {
        case .sqlite(let row):
            return row.column(column)?.bool
        case .sql(let row):
            return try row.decode(column: column, as: Bool?.self)
        }
    }
}
