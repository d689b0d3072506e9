import ArgumentParser
import FluentKit
import Foundation
import TrialCore
import TrialServer
import TrialStore
import Vapor

struct RandomizationVerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Regenerate the allocation lists from the seed and check every recorded assignment (statistician only).",
        discussion: "The statistician's password is read from standard input or prompted for. Exit code 1 when anything differs."
    )

    @Option(help: "The statistician's username.")
    var username: String

    @Flag(help: "Print the result as JSON.")
    var json = false

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let password = try PasswordInput.read(prompt: "Password for \(username): ", confirm: false)
        let result = try await CommandApplication.withDatabase(database.configuration) { app -> RandomizationVerification in
            let store = TrialStore(database: app.db)
            try await StatisticianCheck.require(username: username, password: password, app: app, purpose: "verify the randomization")
            guard let study = try await StudyRepository(store: store).current() else {
                throw CommandOutput.reject(field: "db", message: "no study is installed in \(database.configuration)")
            }
            return try await RandomizationVerifier(store: store, study: study.definition, auditKey: app.storage[CommandAuditKey.self]).verify()
        }
        if json {
            try CommandOutput.printJSON(result)
        } else if result.isIntact {
            print("Randomization list version \(result.listVersion) (\(result.scheme)) regenerates from its seed: \(result.slotsChecked) slots and \(result.assignmentsChecked) assignments match.")
        } else {
            for problem in result.problems { print("- \(problem)") }
            print("\(result.problems.count) problem(s).")
        }
        if !result.isIntact { throw ExitCode.failure }
    }
}

struct RandomizationReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Allocation balance so far, overall and per stratum (past allocations only)."
    )

    @Flag(help: "Print the result as JSON.")
    var json = false

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let balance = try await CommandApplication.withDatabase(database.configuration) { app -> RandomizationBalance in
            guard let study = try await StudyRepository(store: TrialStore(database: app.db)).current() else {
                throw CommandOutput.reject(field: "db", message: "no study is installed in \(database.configuration)")
            }
            let randomized = try await ParticipantRecord.query(on: app.db).filter(\.$arm != nil).all()
            return RandomizationBalance(study: study.definition,
                                        allocations: randomized.compactMap { p in p.arm.map { ($0, p.stratum ?? "all") } })
        }
        if json {
            try CommandOutput.printJSON(balance)
            return
        }
        let arms = balance.overall.counts.keys.sorted()
        print(["stratum"].plus(arms).plus(["total", "imbalance"]).joined(separator: "\t"))
        for row in [balance.overall] + balance.strata {
            let cells = arms.map { String(row.counts[$0] ?? 0) }
            print([row.stratum].plus(cells).plus([String(row.total), String(format: "%.0f", row.imbalance)]).joined(separator: "\t"))
        }
    }
}

/// Confirms that the person at the command line is a statistician, by username and password.
enum StatisticianCheck {
    static func require(username: String, password: String, app: Application, purpose: String) async throws {
        let users = UserDirectory(store: TrialStore(database: app.db))
        guard let user = try await users.user(named: username), user.active,
              (try? await app.password.async.verify(password, created: user.passwordHash)) == true else {
            throw CommandOutput.reject(field: "username", message: "unknown username or wrong password")
        }
        guard user.role == .statistician else {
            throw CommandOutput.reject(field: "username", message: "only the statistician may \(purpose); \(username) is \(user.roleName)")
        }
    }
}

private extension Array where Element == String {
    func plus(_ other: [String]) -> [String] { self + other }
}
