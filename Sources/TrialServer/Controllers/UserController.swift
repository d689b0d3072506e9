import TrialCore
import TrialStore
import Vapor

/// Accounts, managed by the administrator.
struct UserController: RouteCollection {
    struct UserSummary: Content {
        var id: UUID
        var username: String
        var role: String
        var site: String?
        var active: Bool
        var createdAt: String
        /// After an administrator's reset, until the user has chosen a new password.
        var mustChangePassword: Bool
        var lastSignIn: String?
    }

    /// An account change by the administrator: always with a reason (audit trail).
    struct AccountChange: Content {
        var reason: NonBlankText
    }

    struct RoleChange: Content {
        var role: RoleName
        /// Omit (or null) for every site.
        var site: String?
        var reason: NonBlankText
    }

    struct PasswordReset: Content {
        var temporaryPassword: NewPasswordText
        var reason: NonBlankText
    }

    struct NewUser: Content {
        var username: UsernameText
        var password: NewPasswordText
        var role: RoleName
        var site: String?
    }

    func boot(routes: any RoutesBuilder) throws {
        let users = routes.grouped("api", "v1", "users")
        users.on(.GET, access: .roles(.administrator), docs: RouteDocumentation("List accounts with their status and last sign-in", response: .json([UserSummary.example])), use: list)
        let account = users.grouped(":userID")
        for (action, summary) in [("disable", "Disable an account: its sessions and tokens stop working at once"), ("enable", "Enable a disabled account")] {
            account.on(.POST, PathComponent(stringLiteral: action), access: .roles(.administrator),
                       docs: RouteDocumentation(summary, request: .json(AccountChange(reason: NonBlankText("left the study team"))),
                                                response: .json(UserSummary.example))) { req in try await setActive(req, action: action) }
        }
        account.on(.POST, "role", access: .roles(.administrator),
                   docs: RouteDocumentation("Change an account's role and site", request: .json(RoleChange(role: RoleName("monitor"), site: "960", reason: NonBlankText("moved to monitoring"))),
                                            response: .json(UserSummary.example)), use: changeRole)
        account.on(.POST, "password-reset", access: .roles(.administrator),
                   docs: RouteDocumentation("Give an account a temporary password; every sign-in of it ends, and the user must choose a new password at the next one",
                                            request: .json(PasswordReset(temporaryPassword: NewPasswordText("************"), reason: NonBlankText("forgotten"))),
                                            response: .json(UserSummary.example)), use: resetPassword)
        users.on(.POST, access: .roles(.administrator),
                 docs: RouteDocumentation("Add an account (password at least 12 characters)", request: .json(NewUser(username: UsernameText("monitor1"), password: NewPasswordText("************"), role: RoleName("monitor"), site: "960")),
                                          response: .json(UserSummary.example), status: .created, alsoAnswers: [.conflict]), use: add)
    }

    func list(_ req: Request) async throws -> [UserSummary] {
        let last = try await req.users.lastSignIns()
        return try await req.users.allUsers().map { try UserSummary($0, lastSignIn: last[$0.username]) }
    }

    func setActive(_ req: Request, action: String) async throws -> UserSummary {
        let input = try req.content.decode(AccountChange.self)
        let user = try await Self.account(req)
        try await req.users.setActive(user, active: action == "enable", reason: input.reason.text, by: try req.requireUser().auditActor)
        return try await Self.summary(req, user)
    }

    func changeRole(_ req: Request) async throws -> UserSummary {
        let input = try req.content.decode(RoleChange.self)
        guard let role = Role(spelling: input.role.text) else {
            throw ValidationFailure(field: "role", message: "'\(input.role.text)' is not a role (roles: \(Role.spellings))")
        }
        let user = try await Self.account(req)
        try await req.users.changeRole(of: user, to: role, siteCode: input.site, reason: input.reason.text, by: try req.requireUser().auditActor)
        return try await Self.summary(req, user)
    }

    func resetPassword(_ req: Request) async throws -> UserSummary {
        let input = try req.content.decode(PasswordReset.self)
        let user = try await Self.account(req)
        try ValidationFailure.throwIfAny(PasswordPolicy.standard.problems(with: input.temporaryPassword.text, username: user.username,
                                                                           protocolID: req.trialContext.protocolID, field: "temporaryPassword"))
        let hash = try await req.password.async.hash(input.temporaryPassword.text)
        try await req.users.resetPassword(of: user, temporaryHash: hash, reason: input.reason.text, by: try req.requireUser().auditActor)
        return try await Self.summary(req, user)
    }

    func add(_ req: Request) async throws -> Response {
        let actor = try req.requireUser().auditActor
        let input = try req.content.decode(NewUser.self)
        var errors = UsernameRule.problems(with: input.username.text)
        errors += PasswordPolicy.standard.problems(with: input.password.text, username: input.username.text, protocolID: req.trialContext.protocolID)
        let role = Role(spelling: input.role.text)
        if role == nil {
            errors.append(FieldError(field: "role", message: "'\(input.role.text)' is not a role (roles: \(Role.spellings))"))
        }
        try ValidationFailure.throwIfAny(errors)
        let hash = try await req.password.async.hash(input.password.text)
        let record = try await req.users.addUser(username: input.username.text, passwordHash: hash, role: role!, siteCode: input.site, by: actor)
        let response = Response(status: .created)
        try response.content.encode(try UserSummary(record))
        return response
    }
}

extension UserController {
    static func account(_ req: Request) async throws -> UserRecord {
        guard let id = req.parameters.get("userID", as: UUID.self), let user = try await req.users.user(id: id) else {
            throw Abort(.notFound, reason: "no account with that id")
        }
        return user
    }

    static func summary(_ req: Request, _ user: UserRecord) async throws -> UserSummary {
        guard let saved = try await req.users.user(id: try user.requireID()) else { throw Abort(.notFound, reason: "no account with that id") }
        return try UserSummary(saved, lastSignIn: try await req.users.lastSignIns()[saved.username])
    }
}

extension UserController.UserSummary {
    static let example = UserController.UserSummary(id: UUID(), username: "monitor1", role: "monitor", site: "960", active: true,
                                                    createdAt: "2026-11-25T20:00:00.000Z", mustChangePassword: false, lastSignIn: "2026-11-26T08:00:00.000Z")

    init(_ record: UserRecord, lastSignIn: String? = nil) throws {
        self.init(id: try record.requireID(), username: record.username, role: record.roleName, site: record.siteCode,
                  active: record.active, createdAt: record.createdAt, mustChangePassword: record.mustChooseNewPassword, lastSignIn: lastSignIn)
    }
}
