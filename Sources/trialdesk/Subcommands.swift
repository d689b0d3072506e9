import ArgumentParser

extension TrialDeskCommand {
    /// Every top-level command, in the order `trialdesk --help` lists them.
    static var allSubcommands: [any ParsableCommand.Type] {
        [
            // Running the trial
            ServeCommand.self, MigrateCommand.self, BackupCommand.self, RestoreCommand.self, UserCommand.self, StudyCommand.self, AuditCommand.self,
            RandomizationCommand.self, DemoCommand.self, AnalyzeCommand.self, ExportCommand.self, ImportCommand.self, ArchiveCommand.self,
            // The clinical rules on JSON input
            RecistCommand.self, PercistCommand.self, QlqCommand.self, CtcaeCommand.self, EndpointsCommand.self,
            // Statistics
            StatsCommand.self, DesignCommand.self, BenchCommand.self,
        ]
    }
}
