import Foundation
import Testing
import TrialCore
@testable import TrialServer
import TrialStore
import Vapor
import VaporTesting

/// A browser's session on the pages: signed in through the sign-in form, carrying its cookie and the
/// CSRF token of the last page it read.
struct PageSession {
    let app: Application
    let cookie: String
    var token: String = ""

    static func signIn(_ server: TestServer, as role: Role) async throws -> PageSession {
        let tester = try server.app.testing()
        let form = try await tester.sendRequest(.GET, "/sign-in")
        // Before sign-in the form's token rides in the CSRF cookie: reading the sign-in page makes no session.
        let cookie = try #require(form.csrfCookie)
        let token = try #require(csrfToken(in: form.body.string))
        let signedIn = try await tester.sendRequest(
            .POST, "/sign-in", headers: ["Cookie": "trialdesk-csrf=\(cookie)", "Content-Type": "application/x-www-form-urlencoded"],
            body: formBody(["username": TestServer.username(for: role), "password": TestServer.password, "_csrf": token, "next": "/"]))
        #expect(signedIn.status == .seeOther)
        var session = PageSession(app: server.app, cookie: try #require(signedIn.sessionCookie))
        _ = try await session.get("/")
        return session
    }

    /// Reads a page and keeps its CSRF token for the next form.
    @discardableResult
    mutating func get(_ path: String) async throws -> TestingHTTPResponse {
        let response = try await app.testing().sendRequest(.GET, path, headers: ["Cookie": "trialdesk-session=\(cookie)"])
        if let found = csrfToken(in: response.body.string) { token = found }
        return response
    }

    /// Chooses the page language as the header's switch does (a POST; a GET with `?lang=` changes nothing).
    mutating func choose(_ language: Language) async throws {
        let chosen = try await post("/language", ["lang": language.rawValue, "next": "/"])
        #expect(chosen.status == .seeOther, "\(chosen.body.string)")
    }

    /// Submits a page form with the session's token (unless `withToken` is false).
    func post(_ path: String, _ fields: [String: String], withToken: Bool = true) async throws -> TestingHTTPResponse {
        var fields = fields
        if withToken { fields["_csrf"] = token }
        return try await app.testing().sendRequest(
            .POST, path, headers: ["Cookie": "trialdesk-session=\(cookie)", "Content-Type": "application/x-www-form-urlencoded"],
            body: formBody(fields))
    }
}

extension TestingHTTPResponse {
    var location: String { headers.first(name: .location) ?? "" }
}
