import ArgumentParser
import Foundation
import TrialCore
import TrialStats

/// Reading the `--csv` file of a `stats` command and turning table errors into the CLI's field errors.
enum StatsCSVInput {
    /// Reads and parses the CSV file, rejecting (exit code 2) when it cannot be read or parsed.
    static func load(path: String) throws -> DataTable {
        let data = try CommandOutput.readInput(path: path, field: "csv")
        guard let text = String(data: data, encoding: .utf8) else {
            throw CommandOutput.reject(field: "csv", message: "'\(path)' is not UTF-8 text")
        }
        return try run { () throws(TableError) in try DataTable(csv: text) }
    }

    /// Runs table accessors, turning a `TableError` into a rejection naming the column and row.
    static func run<T>(_ body: () throws(TableError) -> T) throws -> T {
        do {
            return try body()
        } catch {
            throw CommandOutput.reject([fieldError(error)])
        }
    }

    static func fieldError(_ error: TableError) -> FieldError {
        let message = error.row.map { "row \($0): \(error.message)" } ?? error.message
        return FieldError(field: error.column ?? "csv", message: message)
    }

    /// Splits a comma-separated option value ("a,b,c") into trimmed, non-empty parts.
    static func list(_ text: String?) -> [String] {
        guard let text else { return [] }
        return text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// Parses a comma-separated list of numbers for an option, rejecting with the option named.
    static func numbers(_ text: String?, option: String) throws -> [Double] {
        try list(text).map { part in
            guard let value = Double(part), value.isFinite else {
                throw CommandOutput.reject(field: option, message: "'\(part)' is not a number; give numbers separated by commas")
            }
            return value
        }
    }
}
