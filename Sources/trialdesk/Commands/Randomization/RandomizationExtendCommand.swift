import ArgumentParser
import Foundation
import TrialCore
import TrialServer
import TrialStore

/// `trialdesk randomization extend --length N --reason TEXT --username ADMIN`: extends every stratum's
/// allocation list from the same seed, continuing its blocks, when a stratum fills faster than planned.
struct RandomizationExtendCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extend",
        abstract: "Extend every stratum's allocation list to a new length from the same seed (administrator only).",
        discussion: """
            The lists grow by drawing further blocks from each stratum's stream of the seed, so every slot already \
            generated stays as it was; the new lists' SHA-256 is published in the audit chain. Nothing printed \
            reveals an arm. The administrator's password is read from standard input or prompted for.
            """
    )

    @Option(help: "The number of slots each stratum's list must reach (more than it holds now).")
    var length: Int

    @Option(help: "Why the lists are extended (kept in the audit trail).")
    var reason: String

    @Option(help: "The administrator's username.")
    var username: String

    @Flag(help: "Print the result as JSON.")
    var json = false

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let password = try PasswordInput.read(prompt: "Password for \(username): ", confirm: false)
        let result = try await CommandApplication.withDatabase(database.configuration) { app -> EnrollmentService.ListExtension in
            let actor = try await AdministratorCheck.require(username: username, password: password, app: app, purpose: "extend the allocation lists")
            let store = TrialStore(database: app.db)
            guard let study = try await StudyRepository(store: store).current() else {
                throw CommandOutput.reject(field: "db", message: "no study is installed in \(database.configuration)")
            }
            return try await EnrollmentService(store: store, study: study.definition, auditKey: app.storage[CommandAuditKey.self])
                .extendAllocationLists(to: length, reason: reason, by: actor)
        }
        if json {
            try CommandOutput.printJSON(result)
        } else {
            let added = result.slotsAdded.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value) slots" }.joined(separator: ", ")
            print("Allocation lists extended to \(result.length) slots per stratum (\(added)); SHA-256 \(result.listsSHA256) published in the audit chain.")
        }
    }
}
