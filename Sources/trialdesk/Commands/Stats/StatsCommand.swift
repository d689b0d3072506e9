import ArgumentParser

/// `trialdesk stats`: survival and classical statistics on any CSV, JSON to stdout (or `--format table`).
struct StatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Survival and classical statistics on a CSV file, matching R's survival, cmprsk and stats.",
        discussion: """
            Event coding: 1 event, 0 censored (competing risks: 0 censored, 1..k causes). Rows with a \
            missing value (empty, NA, NaN) in a used column are dropped and counted in nDropped. \
            Bad input ends with exit code 2 and {"errors":[{"field","message"}]} naming the column and row.
            """,
        subcommands: [
            StatsKaplanMeierCommand.self,
            StatsLogRankCommand.self,
            StatsCoxCommand.self,
            StatsRMSTCommand.self,
            StatsCumulativeIncidenceCommand.self,
            StatsFisherCommand.self,
        ]
    )
}
