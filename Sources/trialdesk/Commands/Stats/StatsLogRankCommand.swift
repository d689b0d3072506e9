import ArgumentParser
import Foundation
import TrialStats

/// `trialdesk stats logrank`: the log-rank (G-rho) test between groups, optionally stratified.
struct StatsLogRankCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logrank",
        abstract: "Log-rank / G-rho test of 2 or more groups, as R's survdiff (rho 0 log-rank, 1 Peto-Peto).")

    @Option(help: "CSV file with a header row.") var csv: String
    @Option(help: "Column of follow-up times (>= 0).") var time: String
    @Option(help: "Column of event codes: 1 event, 0 censored.") var event: String
    @Option(help: "Column of the groups compared.") var group: String
    @Option(help: "Column of strata (separate risk sets, one combined test).") var strata: String?
    @Option(help: "Weight S(t-)^rho: 0 log-rank (default), 1 Peto-Peto.") var rho: Double = 0
    @OptionGroup var output: StatsFormatOption

    struct Result: Encodable {
        let chisq: Double
        let df: Int
        let p: Double
        let groups: [LogRankTest.Group]
        let nDropped: Int
    }

    func run() throws {
        guard rho.isFinite && rho >= 0 else {
            throw CommandOutput.reject(field: "rho", message: "\(rho) must be a number >= 0")
        }
        let table = try StatsCSVInput.load(path: csv)
        let (rows, times, events, labels, strataLabels) = try StatsCSVInput.run { () throws(TableError) in
            let rows = try table.completeRows(in: [time, event, group] + (strata.map { [$0] } ?? []))
            try table.requireEveryGroupHasRows(group, rows: rows)
            return (rows, try table.times(time, rows: rows), try table.eventCodes(event, rows: rows, maximum: 1),
                    try table.strings(group, rows: rows), try table.strings(strata, rows: rows))
        }
        let test: LogRankTest
        do {
            test = try LogRankTest.test(times: times, events: events, groups: labels, strata: strataLabels, rho: rho)
        } catch {
            throw CommandOutput.reject(field: error.argument == "groups" ? group : error.argument, message: error.message)
        }
        let result = Result(chisq: test.chisq, df: test.df, p: test.p, groups: test.groups, nDropped: rows.nDropped)
        try output.emit(result) {
            let number = StatsTextTable.number
            return StatsTextTable(
                title: "G-rho test (rho = \(number(rho))): chisq = \(number(test.chisq)) on \(test.df) df, p = \(number(test.p)); rows dropped: \(rows.nDropped)",
                header: ["group", "n", "observed", "expected", "(O-E)^2/E"],
                rows: test.groups.map { [$0.group, "\($0.n)", number($0.observed), number($0.expected),
                                         number(($0.observed - $0.expected) * ($0.observed - $0.expected) / $0.expected)] }
            ).render()
        }
    }
}
