import TrialCore
import TrialStore
import Vapor

/// Resolves the signed-in user (session cookie or `Authorization: Bearer`) and enforces the route's
/// declared `AccessPolicy`: anonymous visitors of a page go to the sign-in page and come back after it;
/// the API answers 401; a role the route does not allow gets 403.
struct AccessMiddleware: AsyncMiddleware {
    let directory: @Sendable (Request) -> UserDirectory

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        try await resolveUser(of: request)
        guard let route = request.route else {
            return try await next.respond(to: request)
        }
        guard let policy = route.accessPolicy else {
            // Fail closed: a route without a declared policy is a programming error.
            throw Abort(.forbidden, reason: "this route declares no access policy")
        }
        if policy.requiresSignIn && request.currentUser == nil {
            if request.isAPI {
                throw Abort(.unauthorized, reason: "sign in: send Authorization: Bearer <token> from POST /api/v1/tokens")
            }
            let next = request.url.string
            let encoded = next.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed.subtracting(CharacterSet(charactersIn: "&=?"))) ?? "/"
            return request.redirect(to: "/sign-in?next=\(encoded)")
        }
        if !policy.allows(request.currentUser?.role) {
            throw Abort(.forbidden, reason: "your role (\(request.currentUser?.role.rawValue ?? "none")) may not use this page; allowed: \(policy)")
        }
        return try await next.respond(to: request)
    }

    private func resolveUser(of request: Request) async throws {
        let users = directory(request)
        if let bearer = request.headers.bearerAuthorization {
            guard let (user, token) = try await users.user(forToken: bearer.token), let role = user.role else {
                throw Abort(.unauthorized, reason: "the bearer token is unknown, expired or revoked: request a new one from POST /api/v1/tokens")
            }
            request.currentUser = CurrentUser(id: try user.requireID(), username: user.username, role: role,
                                              scope: user.siteScope, via: .bearerToken, tokenID: token.id)
            return
        }
        guard request.hasSession, let idText = request.session.data["userID"], let id = UUID(uuidString: idText) else { return }
        guard let user = try await users.user(id: id), user.active, let role = user.role else {
            request.session.destroy()
            return
        }
        request.currentUser = CurrentUser(id: id, username: user.username, role: role, scope: user.siteScope, via: .session, tokenID: nil)
    }
}
