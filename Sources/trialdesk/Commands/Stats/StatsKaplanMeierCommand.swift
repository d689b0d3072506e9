import ArgumentParser
import Foundation
import TrialStats

/// `trialdesk stats km`: Kaplan-Meier curves per group with Greenwood errors, median, landmarks and RMST.
struct StatsKaplanMeierCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "km",
        abstract: "Kaplan-Meier survival per group, as R's survfit (Greenwood variance, median with its CI).")

    @Option(help: "CSV file with a header row.") var csv: String
    @Option(help: "Column of follow-up times (>= 0).") var time: String
    @Option(help: "Column of event codes: 1 event, 0 censored.") var event: String
    @Option(help: "Column that splits the data into curves.") var group: String?
    @Option(name: .customLong("conf-type"), help: "Confidence interval scale: log (default), log-log or plain.")
    var confType: String = "log"
    @Option(name: .customLong("conf-level"), help: "Confidence level, e.g. 0.95.") var confLevel: Double = 0.95
    @Option(help: "Landmark times, comma-separated (e.g. 180,365).") var at: String?
    @Option(help: "Horizon for the restricted mean survival time.") var tau: Double?
    @OptionGroup var output: StatsFormatOption

    struct Group: Encodable {
        let group: String?
        let n: Int
        let events: Int
        let table: [KaplanMeier.Row]
        let median: SurvivalQuantile
        let at: [SurvivalEstimateAtTime]
        let rmst: RestrictedMeanSurvival?

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(group, forKey: .group)
            try container.encode(n, forKey: .n)
            try container.encode(events, forKey: .events)
            try container.encode(table, forKey: .table)
            try container.encode(median, forKey: .median)
            try container.encode(at, forKey: .at)
            try container.encode(rmst, forKey: .rmst)
        }
        enum CodingKeys: String, CodingKey { case group, n, events, table, median, at, rmst }
    }

    struct Result: Encodable {
        let groups: [Group]
        let nDropped: Int
    }

    func run() throws {
        guard let type = KaplanMeier.ConfidenceType(rawValue: confType) else {
            throw CommandOutput.reject(field: "conf-type", message: "'\(confType)' is not one of log, log-log, plain")
        }
        guard confLevel > 0 && confLevel < 1 else {
            throw CommandOutput.reject(field: "conf-level", message: "\(confLevel) must lie strictly between 0 and 1")
        }
        if let tau, !(tau > 0) {
            throw CommandOutput.reject(field: "tau", message: "\(tau) must be a positive time")
        }
        let landmarks = try StatsCSVInput.numbers(at, option: "at")
        let table = try StatsCSVInput.load(path: csv)
        let columns = try StatsCSVInput.run { () throws(TableError) in
            let rows = try table.completeRows(in: [time, event] + (group.map { [$0] } ?? []))
            if let group { try table.requireEveryGroupHasRows(group, rows: rows) }
            return (rows, try table.times(time, rows: rows), try table.eventCodes(event, rows: rows, maximum: 1),
                    try table.strings(group, rows: rows))
        }
        let (rows, times, events, labels) = columns
        let levels: [String?] = labels.map { FactorLevels.sorted($0).map(Optional.some) } ?? [nil]
        var groups: [Group] = []
        for level in levels {
            let members = times.indices.filter { labels == nil || labels![$0] == level }
            guard !members.isEmpty else {
                throw CommandOutput.reject(field: "csv", message: "no rows with complete data in \(time), \(event)")
            }
            let fit: KaplanMeier
            do {
                fit = try KaplanMeier.fit(times: members.map { times[$0] }, events: members.map { events[$0] },
                                          confidenceType: type, confidenceLevel: confLevel)
            } catch {
                throw CommandOutput.reject(field: error.argument, message: error.message)
            }
            groups.append(Group(group: level, n: fit.n, events: fit.events, table: fit.table, median: fit.median,
                                at: fit.survival(at: landmarks), rmst: tau.map { fit.restrictedMean(tau: $0) }))
        }
        let result = Result(groups: groups, nDropped: rows.nDropped)
        try output.emit(result) { Self.text(result) }
    }

    static func text(_ result: Result) -> String {
        let number = StatsTextTable.number
        var parts: [String] = []
        for group in result.groups {
            let title = "\(group.group.map { "group \($0)" } ?? "all"): n = \(group.n), events = \(group.events), median = \(number(group.median.estimate)) (\(number(group.median.lower)), \(number(group.median.upper)))"
            parts.append(StatsTextTable(
                title: title,
                header: ["time", "n.risk", "n.event", "n.censor", "survival", "std.err", "lower", "upper"],
                rows: group.table.map { [number($0.time), "\($0.nRisk)", "\($0.nEvent)", "\($0.nCensor)",
                                         number($0.survival), number($0.stdErr), number($0.lower), number($0.upper)] }
            ).render())
            if !group.at.isEmpty {
                parts.append(StatsTextTable(
                    title: "at landmarks", header: ["time", "survival", "std.err", "lower", "upper"],
                    rows: group.at.map { [number($0.time), number($0.survival), number($0.stdErr), number($0.lower), number($0.upper)] }
                ).render())
            }
            if let rmst = group.rmst {
                parts.append("RMST to \(number(rmst.tau)): \(number(rmst.estimate)) (se \(number(rmst.se)))\n")
            }
        }
        parts.append("rows dropped for missing values: \(result.nDropped)\n")
        return parts.joined(separator: "\n")
    }
}
