import ArgumentParser
import Foundation
import TrialCore
import TrialServer
import TrialStore
import TrialStudyFile
import Vapor

/// `trialdesk study amend FILE --reason TEXT --username ADMIN`: installs a new version of the study
/// definition beside the earlier ones, after checking it against the running trial; `--dry-run` prints what
/// would change and whose visits move, and writes nothing.
struct StudyAmendCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "amend",
        abstract: "Install a new version of the study definition (administrator only).",
        discussion: """
            The file is checked like 'study check', then against the running trial: the protocol ID stays; arms, \
            allocation ratio, stratification and the randomization scheme are frozen once anyone is randomized; \
            a site, screening field, category word or form that holds data cannot be removed, nor a field's kind \
            changed. Every problem is printed as 'line N: field: message' (exit code 2). The administrator's \
            password is read from standard input or prompted for.
            """
    )

    @Argument(help: "The amended study file (YAML).")
    var file: String

    @Option(help: "Why the protocol is amended (kept with the version in the audit trail).")
    var reason: String

    @Option(help: "The administrator's username.")
    var username: String

    @Flag(help: "Print the changes and the schedules that would move, and install nothing.")
    var dryRun = false

    @Flag(help: "Print the result (or the errors) as JSON.")
    var json = false

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let data = try CommandOutput.readInput(path: file)
        guard let text = String(data: data, encoding: .utf8) else {
            throw CommandOutput.reject(field: "FILE", message: "'\(file)' is not UTF-8 text")
        }
        let password = try PasswordInput.read(prompt: "Password for \(username): ", confirm: false)
        let outcome: StudyRepository.AmendmentOutcome
        do {
            outcome = try await CommandApplication.withDatabase(database.configuration) { app in
                let actor = try await AdministratorCheck.require(username: username, password: password, app: app, purpose: "amend the study")
                return try await StudyRepository(store: TrialStore(database: app.db))
                    .amend(yaml: text, source: file, reason: reason, by: actor, dryRun: dryRun, auditKey: app.storage[CommandAuditKey.self])
            }
        } catch let error as StudyDefinitionFileError {
            if json { throw CommandOutput.reject(error.problems.map(\.fieldError)) }
            print(error.description)
            throw CommandOutput.invalidInputExitCode
        } catch StoreError.validation(let errors) {
            throw CommandOutput.reject(errors)
        }
        let report = StudyAmendmentReport(outcome, dryRun: dryRun)
        if json {
            try CommandOutput.printJSON(report)
        } else {
            print(report.lines.joined(separator: "\n"))
        }
    }
}

/// What `study amend` prints.
struct StudyAmendmentReport: Encodable {
    let dryRun: Bool
    let version: String
    let effectiveOn: String
    let ordinal: Int?
    let changes: StudyAmendmentDiff
    let scheduleMoves: [ScheduleMove]
    /// When the amendment raised the target enrollment beyond the allocation lists: their new length and digest.
    let listExtension: EnrollmentService.ListExtension?

    init(_ outcome: StudyRepository.AmendmentOutcome, dryRun: Bool) {
        self.dryRun = dryRun
        version = outcome.definition.version
        effectiveOn = outcome.effectiveOn.iso8601
        ordinal = outcome.installed?.ordinal
        changes = outcome.diff
        scheduleMoves = outcome.scheduleMoves
        listExtension = outcome.listExtension
    }

    var lines: [String] {
        var lines = [dryRun
            ? "Dry run: version \(version) passes the checks against the running trial and would take effect on \(effectiveOn). Nothing was installed."
            : "Installed version \(version) (number \(ordinal ?? 0) of this study), in force from \(effectiveOn)."]
        lines.append(changes.text)
        if scheduleMoves.isEmpty {
            lines.append("No participant's schedule moves (visits already due keep their targets).")
        } else {
            lines.append("Schedules that move (\(scheduleMoves.count) participant(s); visits already due keep their targets):")
            for move in scheduleMoves {
                lines.append("  \(move.participantID): \(move.changes.joined(separator: "; "))")
            }
        }
        if let listExtension {
            lines.append("Allocation lists extended to \(listExtension.length) slots per stratum from the same seed; SHA-256 \(listExtension.listsSHA256) published in the audit chain.")
        }
        return lines
    }
}

/// Confirms that the person at the command line is an active administrator, by username and password, and
/// returns them as the actor the audit trail records.
enum AdministratorCheck {
    static func require(username: String, password: String, app: Application, purpose: String) async throws -> AuditActor {
        let users = UserDirectory(store: TrialStore(database: app.db))
        guard let user = try await users.user(named: username), user.active,
              (try? await app.password.async.verify(password, created: user.passwordHash)) == true else {
            throw CommandOutput.reject(field: "username", message: "unknown username or wrong password")
        }
        guard user.role == .administrator else {
            throw CommandOutput.reject(field: "username", message: "only an administrator may \(purpose); \(username) is \(user.roleName)")
        }
        return AuditActor(username: user.username, role: .administrator, site: user.siteCode)
    }
}
