import ArgumentParser
import Foundation
import TrialCore
import TrialServer
import TrialStore
import Vapor

/// What every account change from the command line shares: the account by name, the reason (audit trail),
/// and who made it (the operating-system user, as the audit actor).
struct AccountChangeOptions: ParsableArguments {
    @Argument(help: "The username.")
    var username: String

    @Option(help: "Why (recorded in the audit trail).")
    var reason: String

    var actor: AuditActor { .commandLine(ProcessInfo.processInfo.environment["USER"] ?? "unknown") }

    /// Runs `change` on the named account inside the database, turning a refused rule into the CLI's JSON errors.
    func withAccount(_ database: DatabaseOptions, _ change: @escaping (Application, UserDirectory, UserRecord) async throws -> String) async throws {
        if let problem = InputLimits.textProblem(reason, field: "reason") { throw CommandOutput.reject([problem]) }
        if reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw CommandOutput.reject(field: "reason", message: "is required: say why the account changes")
        }
        try await CommandApplication.withDatabase(database.configuration) { app in
            let users = UserDirectory(store: TrialStore(database: app.db))
            guard let user = try await users.user(named: username) else {
                throw CommandOutput.reject(field: "username", message: "no account is named '\(username)'")
            }
            do {
                print(try await change(app, users, user))
            } catch let failure as ValidationFailure {
                throw CommandOutput.reject(failure.errors)
            } catch StoreError.validation(let errors) {
                throw CommandOutput.reject(errors)
            }
        }
    }
}

struct UserListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List accounts: role, site, status and last sign-in.")

    @OptionGroup var database: DatabaseOptions

    @Flag(help: "Print JSON.")
    var json = false

    func run() async throws {
        try await CommandApplication.withDatabase(database.configuration) { app in
            let users = UserDirectory(store: TrialStore(database: app.db))
            let last = try await users.lastSignIns()
            let rows = try await users.allUsers().map { user in
                AccountLine(username: user.username, role: user.roleName, site: user.siteCode, active: user.active,
                            mustChangePassword: user.mustChooseNewPassword, lastSignIn: last[user.username])
            }
            if json {
                try CommandOutput.printJSON(rows)
            } else {
                for row in rows {
                    let status = row.active ? (row.mustChangePassword ? "new password due" : "active") : "disabled"
                    print([row.username, row.role, row.site ?? "all sites", status, row.lastSignIn ?? "never signed in"].joined(separator: "\t"))
                }
            }
        }
    }

    struct AccountLine: Encodable {
        var username: String
        var role: String
        var site: String?
        var active: Bool
        var mustChangePassword: Bool
        var lastSignIn: String?
    }
}

struct UserDisableCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "disable", abstract: "Disable an account: its sessions and tokens stop working at once; its history stays.")

    @OptionGroup var account: AccountChangeOptions
    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        try await account.withAccount(database) { _, users, user in
            try await users.setActive(user, active: false, reason: account.reason, by: account.actor)
            return "Disabled \(user.username)."
        }
    }
}

struct UserEnableCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "enable", abstract: "Enable a disabled account again.")

    @OptionGroup var account: AccountChangeOptions
    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        try await account.withAccount(database) { _, users, user in
            try await users.setActive(user, active: true, reason: account.reason, by: account.actor)
            return "Enabled \(user.username)."
        }
    }
}

struct UserSetRoleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "set-role", abstract: "Change an account's role and site.")

    @OptionGroup var account: AccountChangeOptions

    @Option(help: "The role: \(Role.spellings).")
    var role: String

    @Option(help: "The site code; omit for all sites.")
    var site: String?

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        guard let newRole = Role(spelling: role) else {
            throw CommandOutput.reject(field: "role", message: "'\(role)' is not a role (roles: \(Role.spellings))")
        }
        try await account.withAccount(database) { _, users, user in
            try await users.changeRole(of: user, to: newRole, siteCode: site, reason: account.reason, by: account.actor)
            return "\(user.username) is now \(newRole.rawValue) (\(site.map { "site \($0)" } ?? "all sites"))."
        }
    }
}

struct UserResetPasswordCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reset-password",
        abstract: "Give an account a temporary password (read from standard input or prompted for); the user must choose a new one at the next sign-in.")

    @OptionGroup var account: AccountChangeOptions
    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let password = try PasswordInput.read(prompt: "Temporary password for \(account.username): ", confirm: true)
        try await account.withAccount(database) { app, users, user in
            let protocolID = try await StudyRepository(store: users.store).current()?.definition.protocolId
            try ValidationFailure.throwIfAny(PasswordPolicy.standard.problems(with: password, username: user.username, protocolID: protocolID))
            let hash = try await app.password.async.hash(password)
            try await users.resetPassword(of: user, temporaryHash: hash, reason: account.reason, by: account.actor)
            return "Reset the password of \(user.username); every sign-in of the account has ended, and a new password is due at the next one."
        }
    }
}
