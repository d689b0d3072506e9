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
    }

    struct NewUser: Content {
        var username: UsernameText
        var password: NewPasswordText
        var role: RoleName
        var site: String?
    }

    func boot(routes: any RoutesBuilder) throws {
        let users = routes.grouped("api", "v1", "users")
        users.on(.GET, access: .roles(.administrator), docs: RouteDocumentation("List accounts", response: .json([UserSummary.example]))) { req async throws -> [UserSummary] in
            try await req.users.allUsers().map(UserSummary.init)
        }
        users.on(.POST, access: .roles(.administrator),
                 docs: RouteDocumentation("Add an account (password at least 12 characters)", request: .json(NewUser(username: UsernameText("monitor1"), password: NewPasswordText("************"), role: RoleName("monitor"), site: "960")),
                                          response: .json(UserSummary.example), status: .created, alsoAnswers: [.conflict])) { req async throws -> Response in
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
            try response.content.encode(UserSummary(record))
            return response
        }
    }
}

extension UserController.UserSummary {
    static let example = UserController.UserSummary(id: UUID(), username: "monitor1", role: "monitor", site: "960", active: true, createdAt: "2026-11-25T20:00:00.000Z")

    init(_ record: UserRecord) {
        self.init(id: record.id ?? UUID(), username: record.username, role: record.roleName, site: record.siteCode,
                  active: record.active, createdAt: record.createdAt)
    }
}
