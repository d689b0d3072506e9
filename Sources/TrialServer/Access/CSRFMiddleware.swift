import TrialCore
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
    /// Before sign-in there is no session (a GET creates none): the sign-in form's token rides in this cookie
    /// instead and must come back in the form (double submit; the cookie is SameSite=Strict and HttpOnly).
    static let cookieName = "trialdesk-csrf"

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let unsafe = ![.GET, .HEAD, .OPTIONS].contains(request.method)
        let cookieBound = request.cookies[SessionSettings.cookieName] != nil || request.cookies[Self.cookieName] != nil
        let bearer = request.headers.bearerAuthorization != nil
        // A request that matches no route goes on to its 404 or 405 unchecked: there is nothing to protect.
        if unsafe && !bearer && (cookieBound || !request.isAPI) && request.route != nil {
            let expected = (request.hasSession ? request.session.data[Self.sessionKey] : nil) ?? request.cookies[Self.cookieName]?.string
            var sent = request.headers.first(name: Self.header)
            if sent == nil {
                // Form bodies are read here, before the route, so that a forged request never reaches it; no
                // more than the route itself would read.
                _ = try await request.body.collect(max: request.route?.documentation?.bodyLimit ?? InputLimits.pageFormBytes).get()
            }
            if sent == nil, request.content.contentType == .urlEncodedForm || request.content.contentType == .formData {
                sent = try? request.content.get(String.self, at: Self.formField)
            }
            guard let expected, let sent, constantTimeEquals(expected, sent) else {
                throw Abort(.forbidden, reason: "the form's security token is missing or out of date: reload the page and submit again")
            }
        }
        let response = try await next.respond(to: request)
        if let fresh = request.storage[FreshCSRFCookie.self] {
            response.cookies[Self.cookieName] = HTTPCookies.Value(
                string: fresh, expires: nil, maxAge: nil, domain: nil, path: "/",
                isSecure: request.trialContext.settings.secureCookies, isHTTPOnly: true, sameSite: .strict)
        }
        return response
    }

    private func constantTimeEquals(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var difference: UInt8 = 0
        for i in x.indices { difference |= x[i] ^ y[i] }
        return difference == 0
    }

    /// 24 random bytes (192 bits) in URL-safe base64 without padding: 32 characters. Made for every page a
    /// visitor without a session reads, so it is written directly: three draws of the system generator and a
    /// table, where a draw per byte and three Foundation replacements left a tail of 150-200 ms on the
    /// dashboard under 32 bearer connections.
    static func newToken() -> String {
        var generator = SystemRandomNumberGenerator()
        var bytes: [UInt8] = []
        bytes.reserveCapacity(24)
        for _ in 0..<3 {
            let draw: UInt64 = generator.next()
            withUnsafeBytes(of: draw) { bytes.append(contentsOf: $0) }
        }
        return urlSafeBase64(bytes)
    }

    private static let urlSafeAlphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    /// RFC 4648 section 5, without padding (the tokens are whole groups of three bytes).
    static func urlSafeBase64(_ bytes: [UInt8]) -> String {
        var text: [UInt8] = []
        text.reserveCapacity((bytes.count + 2) / 3 * 4)
        var index = 0
        while index < bytes.count {
            let first = bytes[index]
            let second = index + 1 < bytes.count ? bytes[index + 1] : 0
            let third = index + 2 < bytes.count ? bytes[index + 2] : 0
            text.append(urlSafeAlphabet[Int(first >> 2)])
            text.append(urlSafeAlphabet[Int((first & 0x03) << 4 | second >> 4)])
            if index + 1 < bytes.count { text.append(urlSafeAlphabet[Int((second & 0x0F) << 2 | third >> 6)]) }
            if index + 2 < bytes.count { text.append(urlSafeAlphabet[Int(third & 0x3F)]) }
            index += 3
        }
        return String(decoding: text, as: UTF8.self)
    }
}

/// A CSRF token made for a visitor without a session, to be set as a cookie on the response.
private struct FreshCSRFCookie: StorageKey {
    typealias Value = String
}

extension Request {
    /// The token every page form carries: the session's (set at sign-in), or before sign-in the visitor's
    /// CSRF cookie, made on first use. Reading a page never creates or changes a session.
    var csrfToken: String {
        if hasSession, let token = session.data[CSRFMiddleware.sessionKey] { return token }
        if let token = storage[FreshCSRFCookie.self] ?? cookies[CSRFMiddleware.cookieName]?.string { return token }
        let token = CSRFMiddleware.newToken()
        storage[FreshCSRFCookie.self] = token
        return token
    }
}

enum SessionSettings {
    static let cookieName = "trialdesk-session"
}
