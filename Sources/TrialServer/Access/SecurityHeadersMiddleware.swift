import Vapor

/// The headers every response carries (OWASP ASVS 4.0 §14.4): a Content-Security-Policy that runs no inline
/// script and only the pages' own script file, no framing by other sites, no MIME sniffing, no referrer
/// leaving the server, and HSTS when TrialDesk is served over https.
struct SecurityHeadersMiddleware: AsyncMiddleware {
    /// Inline styles stay allowed: the report is one self-contained file with its stylesheet inside, and
    /// its SVG figures style their marks; neither can run code.
    static let contentSecurityPolicy = [
        "default-src 'self'", "script-src 'self'", "style-src 'self' 'unsafe-inline'", "img-src 'self' data:",
        "object-src 'none'", "base-uri 'none'", "form-action 'self'", "frame-ancestors 'none'",
    ].joined(separator: "; ")

    let servedOverHTTPS: Bool

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
        let headers = [
            ("Content-Security-Policy", Self.contentSecurityPolicy),
            ("X-Content-Type-Options", "nosniff"),
            ("X-Frame-Options", "DENY"),
            ("Referrer-Policy", "same-origin"),
        ]
        for (name, value) in headers { response.headers.replaceOrAdd(name: name, value: value) }
        if servedOverHTTPS {
            response.headers.replaceOrAdd(name: "Strict-Transport-Security", value: "max-age=31536000; includeSubDomains")
        }
        return response
    }
}
