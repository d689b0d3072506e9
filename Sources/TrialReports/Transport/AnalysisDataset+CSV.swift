import Foundation

extension AnalysisDataset {
    /// A CSV writer whose header row is the variable names.
    public var csvTableWriter: CSVTableWriter {
        CSVTableWriter(columns: variables.map(\.name))
    }

    /// The rows as CSV cells: numbers as numbers, dates as `YYYY-MM-DD` text, missing (and NaN) as empty.
    public var csvRows: [[CSVTableWriter.Cell]] {
        rows.map { row in
            row.map { value in
                switch value {
                case .number(let number): return number.isNaN ? .missing : .number(number)
                case .text(let text): return .text(text)
                case .date(let date): return .text(date.iso8601)
                case .missing: return .missing
                }
            }
        }
    }

    /// The dataset as CSV text, the same values the transport file holds.
    public func csvText() throws -> String {
        try csvTableWriter.render(csvRows)
    }
}
