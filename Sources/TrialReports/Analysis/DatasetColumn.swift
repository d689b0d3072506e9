import Foundation
import TrialCore

/// One column of a dataset built from rows of type `Row`: its name, label, kind and how to read it.
/// Character lengths are fitted to the longest value (UTF-8 bytes, 1...200).
struct DatasetColumn<Row> {
    enum Kind { case text, number, date }

    let name: String
    let label: String
    let kind: Kind
    let value: (Row) -> AnalysisValue

    static func text(_ name: String, _ label: String, _ read: @escaping (Row) -> String?) -> DatasetColumn {
        DatasetColumn(name: name, label: label, kind: .text) { row in read(row).map(AnalysisValue.text) ?? .missing }
    }

    static func number(_ name: String, _ label: String, _ read: @escaping (Row) -> Double?) -> DatasetColumn {
        DatasetColumn(name: name, label: label, kind: .number) { row in .number(read(row)) }
    }

    static func integer(_ name: String, _ label: String, _ read: @escaping (Row) -> Int?) -> DatasetColumn {
        DatasetColumn(name: name, label: label, kind: .number) { row in .integer(read(row)) }
    }

    static func date(_ name: String, _ label: String, _ read: @escaping (Row) -> CalendarDate?) -> DatasetColumn {
        DatasetColumn(name: name, label: label, kind: .date) { row in .date(read(row)) }
    }

    /// A CDISC Y/blank flag (population flags use Y/N: `flag(..., no: "N")`).
    static func flag(_ name: String, _ label: String, no: String? = nil, _ read: @escaping (Row) -> Bool) -> DatasetColumn {
        text(name, label) { read($0) ? "Y" : no }
    }
}

enum DatasetAssembly {
    /// Builds the dataset: values row by row, then each character variable as long as its longest value.
    static func dataset<Row>(_ name: String, _ label: String, columns: [DatasetColumn<Row>], rows: [Row]) -> AnalysisDataset {
        let values = rows.map { row in columns.map { $0.value(row) } }
        let variables = columns.enumerated().map { index, column -> AnalysisVariable in
            switch column.kind {
            case .number: return .numeric(column.name, label: column.label)
            case .date: return .date(column.name, label: column.label)
            case .text:
                let longest = values.map { row -> Int in
                    if case .text(let text) = row[index] { return text.utf8.count }
                    return 0
                }.max() ?? 0
                return .character(column.name, label: column.label, length: min(max(longest, 1), 200))
            }
        }
        return AnalysisDataset(name: name, label: label, variables: variables, rows: values.map { row in
            row.map { value in
                // Transport v5 holds at most 200 bytes per character value; longer free text is cut at a
                // character boundary so the dataset stays writable (the full text is in the casebook).
                if case .text(let text) = value, text.utf8.count > 200 {
                    var cut = ""
                    for character in text {
                        if cut.utf8.count + String(character).utf8.count > 200 { break }
                        cut.append(character)
                    }
                    return .text(cut)
                }
                return value
            }
        })
    }
}
