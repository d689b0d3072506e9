import ArgumentParser
import Foundation
import TrialStats

/// `trialdesk stats cif`: Aalen-Johansen cumulative incidence per cause and group with Gray's test.
struct StatsCumulativeIncidenceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cif",
        abstract: "Cumulative incidence of competing risks per cause and group (as R's survfit) and Gray's test (as cmprsk::cuminc).",
        discussion: "Event coding: 0 censored, 1...K the causes. Without --at every distinct time is listed.")

    @Option(help: "CSV file with a header row.") var csv: String
    @Option(help: "Column of follow-up times (>= 0).") var time: String
    @Option(help: "Column of event codes: 0 censored, 1...K causes.") var event: String
    @Option(help: "Column that splits the data into groups (Gray's test compares them).") var group: String?
    @Option(help: "Times at which to report the incidence, comma-separated (e.g. 180,365).") var at: String?
    @Option(help: "Largest cause code K (default: the largest code present; at most 99).") var causes: Int?
    @OptionGroup var output: StatsFormatOption

    struct Curve: Encodable {
        let group: String?
        let cause: Int
        let at: [CumulativeIncidencePoint]

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(group, forKey: .group)
            try container.encode(cause, forKey: .cause)
            try container.encode(at, forKey: .at)
        }
        enum CodingKeys: String, CodingKey { case group, cause, at }
    }

    struct Gray: Encodable {
        let cause: Int
        let chisq: Double?
        let df: Int
        let p: Double?

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(cause, forKey: .cause)
            try container.encode(chisq, forKey: .chisq)
            try container.encode(df, forKey: .df)
            try container.encode(p, forKey: .p)
        }
        enum CodingKeys: String, CodingKey { case cause, chisq, df, p }
    }

    struct Result: Encodable {
        let groups: [Curve]
        let gray: [Gray]
        let nDropped: Int
    }

    func run() throws {
        if let causes, !(1...99).contains(causes) {
            throw CommandOutput.reject(field: "causes", message: "\(causes) must be a cause count from 1 to 99")
        }
        let landmarks = try StatsCSVInput.numbers(at, option: "at")
        if let negative = landmarks.first(where: { $0 < 0 }) {
            throw CommandOutput.reject(field: "at", message: "\(negative) is negative; report times must be 0 or more")
        }
        let table = try StatsCSVInput.load(path: csv)
        let (rows, times, codes, labels) = try StatsCSVInput.run { () throws(TableError) in
            let rows = try table.completeRows(in: [time, event] + (group.map { [$0] } ?? []))
            if let group { try table.requireEveryGroupHasRows(group, rows: rows) }
            return (rows, try table.times(time, rows: rows),
                    try table.eventCodes(event, rows: rows, maximum: causes ?? 99),
                    try table.strings(group, rows: rows))
        }
        guard !times.isEmpty else {
            throw CommandOutput.reject(field: "csv", message: "no rows with complete data in \(time), \(event)")
        }
        let causeCount = causes ?? (codes.max() ?? 0)
        guard causeCount >= 1 else {
            throw CommandOutput.reject(field: event, message: "no events: every row is censored (0); causes are coded 1...K")
        }
        let curves: [CumulativeIncidenceCurve]
        var gray: [Gray] = []
        do {
            curves = try CumulativeIncidence.estimate(time: times, status: codes, group: labels, causes: causeCount)
            if let labels, FactorLevels.sorted(labels).count >= 2 {
                for cause in 1...causeCount {
                    let test = try GrayTest.test(time: times, status: codes, group: labels, cause: cause)
                    gray.append(Gray(cause: cause, chisq: test.chisq, df: test.df, p: test.p))
                }
            }
        } catch {
            let column = error.field == "time" ? time : (error.field == "status" ? event : (group ?? error.field))
            let message = error.row.map { "row \(rows.rows[$0] + 1): \(error.message)" } ?? error.message
            throw CommandOutput.reject(field: column, message: message)
        }
        let groups = curves.map { curve in
            Curve(group: labels == nil ? nil : curve.group, cause: curve.cause,
                  at: landmarks.isEmpty ? curve.points : landmarks.map { curve.value(at: $0) })
        }
        let result = Result(groups: groups, gray: gray, nDropped: rows.nDropped)
        try output.emit(result) { Self.text(result) }
    }

    static func text(_ result: Result) -> String {
        let number = StatsTextTable.number
        var parts = result.groups.map { curve in
            StatsTextTable(
                title: "\(curve.group.map { "group \($0), " } ?? "")cause \(curve.cause)",
                header: ["time", "incidence", "std.err"],
                rows: curve.at.map { [number($0.time), number($0.estimate), number($0.stdErr)] }
            ).render()
        }
        if !result.gray.isEmpty {
            parts.append(StatsTextTable(
                title: "Gray's test", header: ["cause", "chisq", "df", "p"],
                rows: result.gray.map { ["\($0.cause)", number($0.chisq), "\($0.df)", number($0.p)] }
            ).render())
        }
        parts.append("rows dropped for missing values: \(result.nDropped)\n")
        return parts.joined(separator: "\n")
    }
}
