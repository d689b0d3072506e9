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
            return request.redirect(to: "\(SiteURL.signIn.path)?next=\(encoded)")
        }
        if let user = request.currentUser, user.mustChangePassword, !Self.reachableBeforeNewPassword.contains(request.url.path) {
            // After an administrator's reset the user chooses a new password before anything else.
            if request.isAPI { throw Abort(.forbidden, reason: "choose a new password first (the password page), then sign in again") }
            return request.redirect(to: SiteURL.accountPassword)
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
                                              scope: user.siteScope, via: .bearerToken, tokenID: token.id,
                                              mustChangePassword: user.mustChooseNewPassword)
            return
        }
        guard request.hasSession, let idText = request.session.data[SessionKeys.userID], let id = UUID(uuidString: idText) else { return }
        let now = users.store.now()
        // The session ends on the server: after idle time, after its absolute lifetime, when the account is
        // disabled, and when the user's sign-ins were ended (password changed or reset).
        let signedInAt = request.session.data[SessionKeys.signedInAt].flatMap(UTCTimestamp.date(from:)) ?? .distantPast
        let lastSeenAt = request.session.data[SessionKeys.lastSeenAt].flatMap(UTCTimestamp.date(from:)) ?? signedInAt
        guard !SessionLifetime.standard.hasEnded(signedInAt: signedInAt, lastSeenAt: lastSeenAt, now: now),
              let user = try await users.user(id: id), user.active, let role = user.role,
              request.session.data[SessionKeys.epoch] == String(user.currentSessionEpoch) else {
            request.session.destroy()
            return
        }
        if SessionLifetime.standard.shouldRecordUse(lastSeenAt: lastSeenAt, now: now) {
            request.session.data[SessionKeys.lastSeenAt] = UTCTimestamp.string(from: now)
        }
        request.currentUser = CurrentUser(id: id, username: user.username, role: role, scope: user.siteScope, via: .session, tokenID: nil,
                                          mustChangePassword: user.mustChooseNewPassword)
    }

    /// The pages a user who must choose a new password may still reach.
    static let reachableBeforeNewPassword: Set<String> = [SiteURL.accountPassword.path, SiteURL.signOut.path, SiteURL.language.path, "/health", "/health/ready"]
}
