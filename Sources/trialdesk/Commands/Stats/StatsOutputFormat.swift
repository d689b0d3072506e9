import ArgumentParser
import Foundation

/// How a `stats` command prints its result: JSON (the default, for scripts) or a plain-text table.
enum StatsOutputFormat: String, ExpressibleByArgument, CaseIterable, Sendable {
    case json
    case table
}

/// The `--format json|table` option every `stats` subcommand shares (`@OptionGroup var output: StatsFormatOption`).
struct StatsFormatOption: ParsableArguments {
    @Option(name: .long, help: "Output format: json (default) or table.")
    var format: StatsOutputFormat = .json

    /// Prints the JSON encoding, or the text produced by `table()` for `--format table`.
    func emit<T: Encodable>(_ value: T, table: () -> String) throws {
        switch format {
        case .json: try CommandOutput.printJSON(value)
        case .table:
            let text = table()
            print(text, terminator: text.hasSuffix("\n") ? "" : "\n")
        }
    }
}

/// A readable plain-text table: a title line, then columns right-aligned under their headings.
struct StatsTextTable {
    var title: String?
    var header: [String]
    var rows: [[String]]

    func render() -> String {
        var widths = header.map(\.count)
        for row in rows {
            for (index, cell) in row.enumerated() where index < widths.count {
                widths[index] = max(widths[index], cell.count)
            }
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { index, cell in
                String(repeating: " ", count: max(0, widths[index] - cell.count)) + cell
            }.joined(separator: "  ")
        }
        var lines: [String] = []
        if let title { lines.append(title) }
        lines.append(line(header))
        lines.append(widths.map { String(repeating: "-", count: $0) }.joined(separator: "  "))
        lines.append(contentsOf: rows.map(line))
        return lines.joined(separator: "\n") + "\n"
    }

    /// Numbers for reading (6 significant digits); a missing value shows as NA, as R prints it.
    static func number(_ value: Double?) -> String {
        guard let value else { return "NA" }
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "Inf" : "-Inf" }
        return String(format: "%.6g", value)
    }
}
