import ArgumentParser
import Foundation
import TrialStats

/// `trialdesk stats fisher`: Fisher's exact test for a 2x2 table, as R's fisher.test.
struct StatsFisherCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fisher",
        abstract: "Fisher's exact test on a 2x2 table: two-sided p, conditional MLE odds ratio and its exact CI.",
        discussion: "The table is given by rows: --table A,B,C,D means first row A B, second row C D.")

    @Option(help: "The four cell counts by rows, comma-separated: A,B,C,D.") var table: String
    @Option(name: .customLong("conf-level"), help: "Confidence level of the odds-ratio interval.")
    var confLevel: Double = 0.95
    @OptionGroup var output: StatsFormatOption

    struct Result: Encodable {
        let p: Double
        let oddsRatio: Double
        let lower: Double
        let upper: Double
    }

    func run() throws {
        let parts = StatsCSVInput.list(table)
        guard parts.count == 4 else {
            throw CommandOutput.reject(field: "table", message: "needs exactly four counts A,B,C,D; got \(parts.count)")
        }
        var counts: [Int] = []
        for part in parts {
            guard let count = Int(part), count >= 0 else {
                throw CommandOutput.reject(field: "table", message: "'\(part)' is not a whole count of 0 or more")
            }
            counts.append(count)
        }
        let fisher: FisherExactResult
        do {
            fisher = try FisherExactTest.test(a: counts[0], b: counts[1], c: counts[2], d: counts[3],
                                              confidenceLevel: confLevel)
        } catch {
            let field = error.field == "confidenceLevel" ? "conf-level" : "table"
            throw CommandOutput.reject(field: field, message: error.message)
        }
        let result = Result(p: fisher.p, oddsRatio: fisher.oddsRatio, lower: fisher.lower, upper: fisher.upper)
        try output.emit(result) {
            let number = StatsTextTable.number
            return StatsTextTable(
                title: "Fisher's exact test, table [\(counts[0]) \(counts[1]); \(counts[2]) \(counts[3])]",
                header: ["p", "odds ratio", "lower", "upper"],
                rows: [[number(result.p), number(result.oddsRatio), number(result.lower), number(result.upper)]]
            ).render()
        }
    }
}
