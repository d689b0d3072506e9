import ArgumentParser
import Foundation
import TrialCore
import TrialServer
import TrialStore
import Vapor

struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user",
        abstract: "Manage TrialDesk accounts.",
        subcommands: [UserAddCommand.self, UserListCommand.self, UserDisableCommand.self, UserEnableCommand.self, UserSetRoleCommand.self, UserResetPasswordCommand.self]
    )
}

struct UserAddCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Add a user. The password is read from standard input or prompted for, never taken from the command line.",
        discussion: "Roles: \(Role.spellings). Example: echo \"$PW\" | trialdesk user add coordinator1 --role coordinator --site 960"
    )

    @Argument(help: "The username (letters, digits, '.', '_', '-').")
    var username: String

    @Option(help: "The role: \(Role.spellings).")
    var role: String

    @Option(help: "The site code the user belongs to; omit for all sites.")
    var site: String?

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        guard let role = Role(spelling: role) else {
            throw CommandOutput.reject(field: "role", message: "'\(self.role)' is not a role (roles: \(Role.spellings))")
        }
        let password = try PasswordInput.read(prompt: "Password for \(username): ", confirm: true)
        let osUser = ProcessInfo.processInfo.environment["USER"] ?? "unknown"
        try await CommandApplication.withDatabase(database.configuration) { app in
            let protocolID = try await StudyRepository(store: TrialStore(database: app.db)).current()?.definition.protocolId
            let problems = UsernameRule.problems(with: username) + PasswordPolicy.standard.problems(with: password, username: username, protocolID: protocolID)
            if !problems.isEmpty { throw CommandOutput.reject(problems) }
            let hash = try await app.password.async.hash(password)
            let users = UserDirectory(store: TrialStore(database: app.db))
            do {
                let record = try await users.addUser(username: username, passwordHash: hash, role: role, siteCode: site, by: .commandLine(osUser))
                print("Added \(record.username) (\(role.rawValue), \(record.siteScope)).")
            } catch StoreError.validation(let errors) {
                throw CommandOutput.reject(errors)
            }
        }
    }
}

/// Reads a password without echo from a terminal, or as the first line of standard input otherwise.
enum PasswordInput {
    static func read(prompt: String, confirm: Bool) throws -> String {
        if isatty(STDIN_FILENO) == 1 {
            guard let first = getpass(prompt).map({ String(cString: $0) }) else { throw ExitCode.failure }
            if confirm {
                guard let second = getpass("Again: ").map({ String(cString: $0) }), second == first else {
                    throw CommandOutput.reject(field: "password", message: "the two entries differ")
                }
            }
            return first
        }
        guard let line = readLine(strippingNewline: true) else {
            throw CommandOutput.reject(field: "password", message: "is required on standard input")
        }
        return line
    }
}
