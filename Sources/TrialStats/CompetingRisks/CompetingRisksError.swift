/// Why competing-risks data cannot be analysed; `field` names the input and `row` (0-based position in
/// the arrays given) the offending observation when there is one.
public struct CompetingRisksError: Error, Sendable, Equatable, CustomStringConvertible {
    public let field: String
    public let row: Int?
    public let message: String

    public init(field: String, row: Int? = nil, message: String) {
        self.field = field
        self.row = row
        self.message = message
    }

    public var description: String {
        if let row { return "\(field), row \(row): \(message)" }
        return "\(field): \(message)"
    }
}

/// Shared validation of (time, status) competing-risks data: time finite and >= 0, status 0 (censored)
/// or a cause 1...k.
enum CompetingRisksData {
    static func validate(time: [Double], status: [Int], groups: [String]? = nil) throws(CompetingRisksError) {
        guard time.count == status.count else {
            throw CompetingRisksError(field: "status", message: "has \(status.count) values; time has \(time.count)")
        }
        if let groups, groups.count != time.count {
            throw CompetingRisksError(field: "group", message: "has \(groups.count) values; time has \(time.count)")
        }
        guard !time.isEmpty else { throw CompetingRisksError(field: "time", message: "no observations") }
        for (row, t) in time.enumerated() where !(t.isFinite && t >= 0) {
            throw CompetingRisksError(field: "time", row: row, message: "\(t) is not a finite time >= 0")
        }
        for (row, s) in status.enumerated() where s < 0 {
            throw CompetingRisksError(field: "status", row: row,
                                      message: "\(s) is not an event code; use 0 for censored and 1...k for the causes")
        }
    }

    /// Group labels in R's factor order (numeric labels numerically, others by text).
    static func sortedLevels(_ groups: [String]) -> [String] {
        FactorLevels.sorted(groups)
    }
}
