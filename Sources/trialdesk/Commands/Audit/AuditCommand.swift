import ArgumentParser
import Foundation
import TrialServer
import TrialStore

struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Check the audit trail.",
        subcommands: [AuditVerifyCommand.self]
    )
}

struct AuditVerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Walk the audit chain and check every link and every record against its history; exit 1 when anything is off."
    )

    @OptionGroup var database: DatabaseOptions

    @Flag(help: "Print the report as JSON.")
    var json = false

    func run() async throws {
        let report = try await CommandApplication.withDatabase(database.configuration, migrate: false) { app in
            try await AuditVerifier(database: app.db).verify()
        }
        if json {
            try CommandOutput.printJSON(report)
        } else if report.isIntact {
            print("Audit chain intact: \(report.eventsChecked) events, \(report.recordsChecked) records match their history.")
        } else {
            if let first = report.firstBrokenLink {
                print("First broken link: event \(first.sequence.map(String.init) ?? "?"): \(first.message)")
            }
            for problem in report.problems { print("- \(problem.message)") }
            print("\(report.problems.count) problem(s) in \(report.eventsChecked) events and \(report.recordsChecked) records.")
        }
        if !report.isIntact { throw ExitCode.failure }
    }
}
