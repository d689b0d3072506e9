import ArgumentParser

/// `trialdesk bench`: timings of the engines that trial simulation runs thousands of times.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Time the statistics engine on generated data.",
        subcommands: [BenchStatsCommand.self, BenchDesignCommand.self])
}
