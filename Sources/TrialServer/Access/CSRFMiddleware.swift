import Vapor

/// Cross-site request forgery protection for everything a browser session can do.
///
/// Every page form carries the session's token in a hidden `_csrf` field (scripts send `X-CSRF-Token`);
/// an unsafe request (POST, PUT, PATCH, DELETE) that rides on the session cookie without the matching
/// token is refused with 403. API calls authenticated by a bearer token carry no cookie and need none.
struct CSRFMiddleware: AsyncMiddleware {
    static let sessionKey = "csrf"
    static let formField = "_csrf"
    static let header = "X-CSRF-Token"

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let unsafe = ![.GET, .HEAD, .OPTIONS].contains(request.method)
        let cookieBound = request.cookies[SessionSettings.cookieName] != nil
        let bearer = request.headers.bearerAuthorization != nil
        if unsafe && !bearer && (cookieBound || !request.isAPI) {
            let expected = request.hasSession ? request.session.data[Self.sessionKey] : nil
            var sent = request.headers.first(name: Self.header)
            if sent == nil {
                // Form bodies are read here, before the route, so that a forged request never reaches it.
                _ = try await request.body.collect(max: 4 << 20).get()
            }
            if sent == nil, request.content.contentType == .urlEncodedForm || request.content.contentType == .formData {
                sent = try? request.content.get(String.self, at: Self.formField)
            }
            guard let expected, let sent, constantTimeEquals(expected, sent) else {
                throw Abort(.forbidden, reason: "the form's security token is missing or out of date: reload the page and submit again")
            }
        }
        return try await next.respond(to: request)
    }

    private func constantTimeEquals(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var difference: UInt8 = 0
        for i in x.indices { difference |= x[i] ^ y[i] }
        return difference == 0
    }
}

extension Request {
    /// The session's CSRF token, created on first use; pages put it into every form.
    var csrfToken: String {
        if let token = session.data[CSRFMiddleware.sessionKey] { return token }
        let token = [UInt8].random(count: 24).base64String()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        session.data[CSRFMiddleware.sessionKey] = token
        return token
    }
}

enum SessionSettings {
    static let cookieName = "trialdesk-session"
}
