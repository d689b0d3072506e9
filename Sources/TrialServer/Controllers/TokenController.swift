import TrialCore
import TrialStore
import Vapor

/// API bearer tokens: issued for a username and password, expiring, revocable.
struct TokenController: RouteCollection {
    struct Credentials: Content {
        var username: UsernameText
        var password: PasswordText
    }

    struct IssuedToken: Content {
        var token: String
        var expiresAt: String
        var username: String
        var role: String
        var site: String?
    }

    struct Me: Content {
        var username: String
        var role: String
        var site: String?
    }

    func boot(routes: any RoutesBuilder) throws {
        let api = routes.grouped("api", "v1")
        api.on(.POST, "tokens", access: .anonymous,
               docs: RouteDocumentation("Issue a bearer token for a username and password", request: .json(Credentials(username: UsernameText("coordinator"), password: PasswordText("********"))),
                                        response: .json(IssuedToken(token: "tdk_...", expiresAt: "2026-11-25T20:00:00.000Z", username: "coordinator", role: "coordinator", site: "960")), status: .created, alsoAnswers: [.unauthorized, .tooManyRequests], bodyLimit: InputLimits.signInBytes), use: issue)
        api.on(.DELETE, "tokens", "current", access: .anySignedIn, docs: RouteDocumentation("Revoke the bearer token of this request", status: .noContent), use: revoke)
        api.on(.GET, "me", access: .anySignedIn, docs: RouteDocumentation("The signed-in user", response: .json(Me(username: "coordinator", role: "coordinator", site: "960"))), use: me)
    }

    func issue(_ req: Request) async throws -> Response {
        let credentials = try req.content.decode(Credentials.self)
        do {
            let user = try await req.signInService.signIn(username: credentials.username.text, password: credentials.password.text)
            guard let role = user.role else { throw Abort(.forbidden, reason: "this account has no valid role") }
            guard !user.mustChooseNewPassword else {
                throw Abort(.forbidden, reason: "your password was reset: choose a new one on the password page first")
            }
            let actor = AuditActor(username: user.username, role: role, site: user.siteCode)
            let (token, record) = try await req.users.issueToken(for: user, lifetime: req.trialContext.settings.tokenLifetime, actor: actor)
            let body = IssuedToken(token: token, expiresAt: record.expiresAt, username: user.username, role: role.rawValue, site: user.siteCode)
            let response = Response(status: .created)
            try response.content.encode(body)
            return response
        } catch SignInService.Failure.invalidCredentials {
            throw Abort(.unauthorized, reason: "unknown username or wrong password")
        } catch SignInService.Failure.locked(let until) {
            throw Abort(.tooManyRequests, reason: "too many failed sign-ins: try again after \(UTCTimestamp.string(from: until))")
        } catch SignInService.Failure.tooManyFromAddress {
            throw Abort(.tooManyRequests, reason: "too many sign-in attempts from this address: wait a few minutes")
        }
    }

    func revoke(_ req: Request) async throws -> HTTPStatus {
        let user = try req.requireUser()
        guard let tokenID = user.tokenID, let token = try await req.users.token(id: tokenID) else {
            throw Abort(.badRequest, reason: "only a bearer token can be revoked here; sign out of the page instead")
        }
        try await req.users.revoke(token, actor: user.auditActor)
        return .noContent
    }

    func me(_ req: Request) async throws -> Me {
        let user = try req.requireUser()
        return Me(username: user.username, role: user.role.rawValue, site: user.scope.siteCode)
    }
}
