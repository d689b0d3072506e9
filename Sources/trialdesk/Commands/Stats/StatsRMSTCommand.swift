import ArgumentParser
import Foundation
import TrialStats

/// `trialdesk stats rmst`: restricted mean survival time per arm and their difference at tau.
struct StatsRMSTCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rmst",
        abstract: "Restricted mean survival time per arm and the difference (second minus first sorted arm) at tau.")

    @Option(help: "CSV file with a header row.") var csv: String
    @Option(help: "Column of follow-up times (>= 0).") var time: String
    @Option(help: "Column of event codes: 1 event, 0 censored.") var event: String
    @Option(help: "Column of the two arms; the first in sorted order is the reference.") var group: String
    @Option(help: "Horizon: RMST is the area under the curve from 0 to tau.") var tau: Double
    @OptionGroup var output: StatsFormatOption

    struct Difference: Encodable {
        let estimate: Double
        let se: Double
        let lower: Double
        let upper: Double
        let p: Double
    }

    struct Result: Encodable {
        let tau: Double
        let groups: [RestrictedMeanDifference.Arm]
        let difference: Difference
        let nDropped: Int
    }

    func run() throws {
        guard tau.isFinite && tau > 0 else {
            throw CommandOutput.reject(field: "tau", message: "\(tau) must be a positive time")
        }
        let table = try StatsCSVInput.load(path: csv)
        let (rows, times, events, labels) = try StatsCSVInput.run { () throws(TableError) in
            let rows = try table.completeRows(in: [time, event, group])
            try table.requireEveryGroupHasRows(group, rows: rows)
            return (rows, try table.times(time, rows: rows), try table.eventCodes(event, rows: rows, maximum: 1),
                    try table.strings(group, rows: rows))
        }
        let comparison: RestrictedMeanDifference
        do {
            comparison = try RestrictedMeanDifference.compare(times: times, events: events, groups: labels,
                                                              levels: FactorLevels.sorted(labels), tau: tau)
        } catch {
            throw CommandOutput.reject(field: error.argument == "groups" ? group : error.argument, message: error.message)
        }
        let result = Result(
            tau: tau, groups: comparison.groups,
            difference: Difference(estimate: comparison.estimate, se: comparison.se, lower: comparison.lower,
                                   upper: comparison.upper, p: comparison.p),
            nDropped: rows.nDropped)
        try output.emit(result) {
            let number = StatsTextTable.number
            let arms = StatsTextTable(title: "RMST to tau = \(number(tau))", header: ["group", "rmst", "se"],
                                      rows: comparison.groups.map { [$0.group, number($0.estimate), number($0.se)] }).render()
            return arms + "difference (\(comparison.groups[1].group) - \(comparison.groups[0].group)): \(number(comparison.estimate)) (se \(number(comparison.se)), 95% CI \(number(comparison.lower)) to \(number(comparison.upper)), p = \(number(comparison.p))); rows dropped: \(rows.nDropped)\n"
        }
    }
}
