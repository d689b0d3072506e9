import ArgumentParser
import Foundation
import TrialStats

/// `trialdesk stats cox`: Cox proportional hazards regression with concordance and the cox.zph test.
struct StatsCoxCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cox",
        abstract: "Cox proportional hazards model, as R's coxph (Efron or Breslow ties, strata, factors), with cox.zph.")

    @Option(help: "CSV file with a header row.") var csv: String
    @Option(help: "Column of follow-up times (>= 0).") var time: String
    @Option(help: "Column of event codes: 1 event, 0 censored.") var event: String
    @Option(help: "Covariate columns, comma-separated.") var covariates: String
    @Option(help: "Which of the covariates are factors (treatment contrasts, first sorted level reference).")
    var factors: String?
    @Option(help: "Column of strata (separate baseline hazards).") var strata: String?
    @Option(help: "Handling of tied event times: efron (default) or breslow.") var ties: String = "efron"
    @OptionGroup var output: StatsFormatOption

    struct Result: Encodable {
        let n: Int
        let events: Int
        let terms: [CoxProportionalHazards.Term]
        let logLik: CoxProportionalHazards.LogLikelihood
        let lrTest: CoxProportionalHazards.Test
        let waldTest: CoxProportionalHazards.Test?
        let scoreTest: CoxProportionalHazards.Test?
        let concordance: Concordance.Summary?
        let zph: ProportionalHazardsTest?
        let converged: Bool
        let warnings: [String]
        let nDropped: Int

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(n, forKey: .n)
            try container.encode(events, forKey: .events)
            try container.encode(terms, forKey: .terms)
            try container.encode(logLik, forKey: .logLik)
            try container.encode(lrTest, forKey: .lrTest)
            try container.encode(waldTest, forKey: .waldTest)
            try container.encode(scoreTest, forKey: .scoreTest)
            try container.encode(concordance, forKey: .concordance)
            try container.encode(zph, forKey: .zph)
            try container.encode(converged, forKey: .converged)
            try container.encode(warnings, forKey: .warnings)
            try container.encode(nDropped, forKey: .nDropped)
        }
        enum CodingKeys: String, CodingKey {
            case n, events, terms, logLik, lrTest, waldTest, scoreTest, concordance, zph, converged, warnings, nDropped
        }
    }

    func run() throws {
        guard let tieMethod = CoxProportionalHazards.Ties(rawValue: ties) else {
            throw CommandOutput.reject(field: "ties", message: "'\(ties)' is not one of efron, breslow")
        }
        let names = StatsCSVInput.list(covariates)
        let factorNames = StatsCSVInput.list(factors)
        guard !names.isEmpty else {
            throw CommandOutput.reject(field: "covariates", message: "name at least one covariate column")
        }
        if let stray = factorNames.first(where: { !names.contains($0) }) {
            throw CommandOutput.reject(field: "factors", message: "'\(stray)' is not among --covariates \(names.joined(separator: ","))")
        }
        let table = try StatsCSVInput.load(path: csv)
        let used = [time, event] + names + (strata.map { [$0] } ?? [])
        let (rows, times, events, design, strataLabels) = try StatsCSVInput.run { () throws(TableError) in
            let rows = try table.completeRows(in: used)
            var design: [CoxCovariate] = []
            for name in names {
                if factorNames.contains(name) {
                    design.append(.factor(name: name, labels: try table.strings(name, rows: rows)))
                } else {
                    design.append(.numeric(name: name, values: try table.numbers(name, rows: rows)))
                }
            }
            return (rows, try table.times(time, rows: rows), try table.eventCodes(event, rows: rows, maximum: 1),
                    design, try table.strings(strata, rows: rows))
        }
        let data: CoxData
        do {
            data = try CoxData(times: times, events: events, covariates: design, strata: strataLabels)
        } catch {
            throw CommandOutput.reject(field: error.argument, message: error.message)
        }
        let fit = CoxProportionalHazards.fit(data, ties: tieMethod)
        let concordance = fit.converged ? fit.concordance(data) : nil
        let result = Result(
            n: fit.n, events: fit.events, terms: fit.terms, logLik: fit.logLik, lrTest: fit.lrTest,
            waldTest: fit.waldTest, scoreTest: fit.scoreTest,
            concordance: concordance.map { Concordance.Summary(estimate: $0.estimate, se: $0.se) },
            zph: fit.proportionalHazardsTest(data), converged: fit.converged, warnings: fit.warnings,
            nDropped: rows.nDropped)
        try output.emit(result) { Self.text(result) }
    }

    static func text(_ result: Result) -> String {
        let number = StatsTextTable.number
        func test(_ name: String, _ value: CoxProportionalHazards.Test?) -> String {
            guard let value else { return "\(name): not available" }
            return "\(name): chisq = \(number(value.chisq)) on \(value.df) df, p = \(number(value.p))"
        }
        var text = StatsTextTable(
            title: "Cox model: n = \(result.n), events = \(result.events), rows dropped = \(result.nDropped)",
            header: ["term", "coef", "se", "HR", "lower .95", "upper .95", "z", "p"],
            rows: result.terms.map { [$0.name, number($0.coef), number($0.se), number($0.hr), number($0.lower),
                                      number($0.upper), number($0.z), number($0.p)] }
        ).render()
        text += "log-likelihood: initial \(number(result.logLik.initial)), final \(number(result.logLik.final))\n"
        text += test("likelihood ratio", result.lrTest) + "\n" + test("Wald", result.waldTest) + "\n"
            + test("score (log-rank)", result.scoreTest) + "\n"
        if let concordance = result.concordance {
            text += "concordance: \(number(concordance.estimate)) (se \(number(concordance.se)))\n"
        }
        if let zph = result.zph {
            text += StatsTextTable(
                title: "proportional hazards (cox.zph, KM transform)", header: ["term", "chisq", "df", "p"],
                rows: zph.terms.map { [$0.name, number($0.chisq), "\($0.df)", number($0.p)] }
                    + [["GLOBAL", number(zph.global.chisq), "\(zph.global.df)", number(zph.global.p)]]
            ).render()
        }
        for warning in result.warnings { text += "warning: \(warning)\n" }
        return text
    }
}
