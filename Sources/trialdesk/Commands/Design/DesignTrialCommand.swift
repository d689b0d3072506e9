import ArgumentParser
import Foundation
import TrialCore
import TrialStats

/// `trialdesk design trial`: this trial's own design question, answered from its registration and the
/// accrual the demo models: what power do 120 participants give at HR 0.6 and 0.7, how many events are
/// expected at the analysis and when; printed as a protocol-ready paragraph in English and Chinese.
struct DesignTrialCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trial",
        abstract: "This trial's design: power of 120 participants 1:1 at HR 0.6 and 0.7, events and their timing.",
        discussion: """
            Defaults are the registered trial: 120 participants 1:1, primary endpoint PFS with a 12-month \
            horizon (follow-up after the last enrolment), control median PFS 5 months, dropout 5% a year, and \
            accrual over the period the demo models (PlannedAccrual.demonstration: 400 days, about 13.1 months) (docs/demo-data.md). Power is \
            Schoenfeld's approximation for the log-rank test at one-sided alpha 0.025 and two-sided alpha 0.05.
            """
    )

    /// The demo's accrual, read where the demo reads it.
    static let demoAccrualMonths = PlannedAccrual.demonstration.months

    @Option(help: "Participants randomized.") var participants: Double = 120
    @Option(name: .customLong("control-median"), help: "Control median PFS in months.") var controlMedian: Double = 5
    @Option(name: .customLong("accrual-months"), help: "Accrual period in months (default: the demo's).")
    var accrualMonths: Double = DesignTrialCommand.demoAccrualMonths
    @Option(name: .customLong("follow-up-months"), help: "Follow-up after the last enrolment, in months.")
    var followUpMonths: Double = 12
    @Option(name: .customLong("dropout"), help: "Probability of dropping out within 12 months.")
    var dropoutRatePerYear: Double = 0.05
    @Option(name: .customLong("hazard-ratio"), parsing: .upToNextOption, help: "Hazard ratios to assess.")
    var hazardRatios: [Double] = [0.6, 0.7]
    @Flag(help: "Print the result as JSON.") var json = false

    func statement() -> TrialPowerStatement {
        TrialPowerStatement(participants: participants, controlMedian: controlMedian, accrualMonths: accrualMonths,
                            followUpMonths: followUpMonths, dropoutRatePerYear: dropoutRatePerYear,
                            hazardRatios: hazardRatios)
    }

    func run() throws {
        let result = try DesignCommand.checked { try statement().answer() }
        if json { return try CommandOutput.printJSON(result) }
        print(result.paragraphEnglish)
        print()
        print(result.paragraphChinese)
    }
}
