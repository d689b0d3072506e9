import ArgumentParser
import Foundation
import TrialCore
import TrialServer
import TrialStore
import Vapor

struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Create a complete demo study in a new database: users for every role, a screening log, randomized participants with follow-up, queries.",
        discussion: """
        Users admin, investigator, coordinator, monitor, datamanager, statistician and dsmb all get the password given.
        The data follow the model in docs/demo-data.md and are the same for the same --seed and --today.
        Example: trialdesk demo --db demo.sqlite --password 'Demo-2026-trial' --seed 1
        The scale demo (ten times the trial, for the speed benchmarks): --participants 1200 --sites 6 adds sites 961-965,
        each with its coordinator (coordinator-961, ...), and sets the target enrollment to the participants asked for.
        The demo is written as one transaction: a demo that stops part-way leaves the database as empty as it was.
        """
    )

    @OptionGroup var database: DatabaseOptions

    @Option(help: "The password of every demo user (it must pass the password policy).")
    var password: String

    @Option(help: "The seed: the same seed gives the same demo study.")
    var seed: UInt64 = 1

    @Option(help: "How many participants to randomize (1 to 2000).")
    var participants: Int = 120

    @Option(help: "How many sites recruit: 960, then 961, 962, ... (1 to 9).")
    var sites: Int = 1

    @Option(help: "The data cut-off the demo ends at, YYYY-MM-DD (default: today).")
    var today: String?

    @Flag(help: "Print the summary as JSON.")
    var json = false

    func run() async throws {
        var problems = DemoTrialLoader.problems(participants: participants, sites: sites)
        for (username, _) in DemoTrialLoader.usernames(sites: sites) {
            problems += PasswordPolicy.standard.problems(with: password, username: username)
        }
        let cutoff: CalendarDate
        if let today {
            guard let parsed = CalendarDate(iso8601: today) else { throw CommandOutput.reject(field: "today", message: "'\(today)' is not a date YYYY-MM-DD") }
            cutoff = parsed
        } else {
            cutoff = CalendarDate(localDayOf: Date(), in: .current)
        }
        if !problems.isEmpty { throw CommandOutput.reject(Array(Set(problems)).sorted { $0.message < $1.message }) }
        let configuration = database.configuration
        let summary = try await CommandApplication.withDatabase(configuration, migrate: false) { app in
            try await TrialServerApp.prepareSQLite(app, configuration, bulkLoad: true)
            try await TrialServerApp.migrateTolerantOfConcurrentStarts(app)
            let hash = try await app.password.async.hash(password)
            do {
                return try await DemoTrialLoader(database: app.db, seed: seed, participants: participants, sites: sites, today: cutoff, passwordHash: hash,
                                           auditKey: app.storage[CommandAuditKey.self]).load()
            } catch let failure as ValidationFailure {
                throw CommandOutput.reject(failure.errors)
            }
        }
        if json {
            try CommandOutput.printJSON(summary)
        } else {
            let arms = summary.randomizedPerArm.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            print("""
            Demo study created (seed \(seed), cut-off \(cutoff.iso8601)):
              screened \(summary.screened), screen failures \(summary.screenFailures), declined consent \(summary.declinedConsent)
              randomized \(summary.randomized) (\(arms))
              forms \(summary.forms), open queries \(summary.openQueries), serious events awaiting acknowledgement \(summary.openSeriousEventAlerts)
              audit events \(summary.auditEvents)
            Users: \(DemoTrialLoader.usernames(sites: sites).map(\.username).joined(separator: ", ")) (all with the password given).
            """)
        }
    }
}
