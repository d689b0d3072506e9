import Foundation
import Testing
import TrialCore
@testable import TrialServer
import Fluent
import TrialStore
import Vapor
import VaporTesting

@Suite struct AccessControlTests {
    @Test func every_route_declares_an_access_policy() async throws {
        try await TestServer.run { server in
            let undeclared = server.app.routes.all.filter { $0.accessPolicy == nil }
                .map { "\($0.method) /\($0.path.map(\.description).joined(separator: "/"))" }
            #expect(undeclared.isEmpty, "routes without a policy: \(undeclared)")
        }
    }

    /// Walks every route with every role (and anonymously) and checks the answer against its declared policy:
    /// allowed roles are never refused, the others get 403, anonymous callers 401 (API, metrics) or the sign-in page.
    @Test func every_route_answers_every_role_as_its_policy_says() async throws {
        try await TestServer.run { server in
            for route in server.app.routes.all {
                let policy = try #require(route.accessPolicy)
                let path = "/" + route.path.map { component -> String in
                    switch component {
                    case .parameter: return "00000000-0000-0000-0000-000000000000"
                    case .catchall, .anything: return "x"
                    default: return component.description
                    }
                }.joined(separator: "/")
                let label = "\(route.method) \(path)"
                for role in Role.allCases {
                    let headers = try await server.bearer(for: role)
                    let response = try await server.app.testing().sendRequest(route.method, path, headers: headers)
                    if policy.allows(role) {
                        #expect(response.status != .forbidden && response.status != .unauthorized, "\(label) refused \(role): \(response.status)")
                    } else {
                        #expect(response.status == .forbidden, "\(label) let \(role) through: \(response.status)")
                    }
                }
                let anonymous = try await server.app.testing().sendRequest(route.method, path)
                if policy.requiresSignIn {
                    if path.hasPrefix("/api/") || path == "/metrics" {
                        #expect(anonymous.status == .unauthorized, "\(label) anonymous: \(anonymous.status)")
                    } else {
                        #expect(anonymous.status == .seeOther, "\(label) anonymous: \(anonymous.status)")
                        #expect(anonymous.headers.first(name: .location)?.hasPrefix("/sign-in?next=") == true)
                    }
                } else if ![.GET, .HEAD].contains(route.method) && !path.hasPrefix("/api/") {
                    // An open page form still needs its CSRF token: refused without it.
                    #expect(anonymous.status == .forbidden, "\(label) anonymous without CSRF token: \(anonymous.status)")
                } else {
                    #expect(anonymous.status != .unauthorized && anonymous.status != .forbidden, "\(label) anonymous: \(anonymous.status)")
                }
            }
        }
    }

    @Test func health_answers_with_the_study_title_and_database_kind() async throws {
        try await TestServer.run { server in
            try await server.app.testing().test(.GET, "/health") { response in
                #expect(response.status == .ok)
                let body = try response.content.decode([String: String].self)
                #expect(body["status"] == "ok")
                #expect(body["study"]?.contains("125") == true)
                let expectedKind = ProcessInfo.processInfo.environment["DATABASE_URL"] == nil ? "sqlite" : "postgresql"
                #expect(body["database"] == expectedKind)
            }
        }
    }

    @Test func api_tokens_are_issued_for_a_password_expire_on_revocation_and_wrong_passwords_are_refused() async throws {
        try await TestServer.run { server in
            let tester = try server.app.testing()
            let wrong = try await tester.sendRequest(.POST, "/api/v1/tokens", headers: ["Content-Type": "application/json"],
                                                     body: ByteBuffer(string: #"{"username":"user-monitor","password":"not the password"}"#))
            #expect(wrong.status == .unauthorized)
            let issued = try await tester.sendRequest(.POST, "/api/v1/tokens", headers: ["Content-Type": "application/json"],
                                                      body: ByteBuffer(string: #"{"username":"user-monitor","password":"\#(TestServer.password)"}"#))
            #expect(issued.status == .created)
            let token = try #require(try issued.content.decode([String: String?].self)["token"] ?? nil)
            var headers = HTTPHeaders()
            headers.bearerAuthorization = BearerAuthorization(token: token)
            let me = try await tester.sendRequest(.GET, "/api/v1/me", headers: headers)
            #expect(me.status == .ok)
            #expect(try me.content.decode([String: String?].self)["role"] == "monitor")
            #expect(try await tester.sendRequest(.DELETE, "/api/v1/tokens/current", headers: headers).status == .noContent)
            #expect(try await tester.sendRequest(.GET, "/api/v1/me", headers: headers).status == .unauthorized)
        }
    }

    @Test func repeated_failed_sign_ins_are_throttled_and_audited() async throws {
        try await TestServer.run { server in
            let tester = try server.app.testing()
            let body = #"{"username":"user-coordinator","password":"wrong password!!"}"#
            for _ in 0..<SignInThrottle.standard.maximumFailures {
                let response = try await tester.sendRequest(.POST, "/api/v1/tokens", headers: ["Content-Type": "application/json"], body: ByteBuffer(string: body))
                #expect(response.status == .unauthorized)
            }
            let right = #"{"username":"user-coordinator","password":"\#(TestServer.password)"}"#
            let locked = try await tester.sendRequest(.POST, "/api/v1/tokens", headers: ["Content-Type": "application/json"], body: ByteBuffer(string: right))
            #expect(locked.status == .tooManyRequests)
            let failures = try await AuditEventRecord.query(on: server.app.db).filter(\.$entityType == "sign-in")
                .filter(\.$entityID == "user-coordinator").filter(\.$action == "sign-in-failed").count()
            #expect(failures == SignInThrottle.standard.maximumFailures)
            let refused = try await AuditEventRecord.query(on: server.app.db).filter(\.$action == "sign-in-refused-locked").count()
            #expect(refused == 1, "the refusal is audited too")
        }
    }

    @Test func validation_errors_name_the_field_and_the_rule() async throws {
        try await TestServer.run { server in
            var headers = try await server.bearer(for: .administrator)
            headers.contentType = .json
            let response = try await server.app.testing().sendRequest(
                .POST, "/api/v1/users", headers: headers,
                body: ByteBuffer(string: #"{"username":"newuser","password":"short","role":"wizard"}"#))
            #expect(response.status == .unprocessableEntity)
            let errors = try response.content.decode([String: [[String: String]]].self)["errors"] ?? []
            #expect(errors.contains { $0["field"] == "password" && $0["message"]?.contains("12") == true })
            #expect(errors.contains { $0["field"] == "role" })
        }
    }
}

@Suite struct CSRFTests {
    @Test func a_page_form_without_its_csrf_token_is_refused() async throws {
        try await TestServer.run { server in
            let tester = try server.app.testing()
            let page = try await tester.sendRequest(.GET, "/sign-in")
            #expect(page.status == .ok)
            #expect(page.sessionCookie == nil, "reading the sign-in page makes no session")
            let cookie = try #require(page.csrfCookie)
            let token = try #require(csrfToken(in: page.body.string))
            var headers: HTTPHeaders = ["Cookie": "trialdesk-csrf=\(cookie)", "Content-Type": "application/x-www-form-urlencoded"]

            let forged = try await tester.sendRequest(.POST, "/sign-in", headers: headers,
                                                      body: formBody(["username": "user-coordinator", "password": TestServer.password]))
            #expect(forged.status == .forbidden)
            let wrongToken = try await tester.sendRequest(.POST, "/sign-in", headers: headers,
                                                          body: formBody(["username": "user-coordinator", "password": TestServer.password, "_csrf": "forged"]))
            #expect(wrongToken.status == .forbidden)

            let signedIn = try await tester.sendRequest(.POST, "/sign-in", headers: headers,
                                                        body: formBody(["username": "user-coordinator", "password": TestServer.password, "_csrf": token, "next": "/account/password"]))
            #expect(signedIn.status == .seeOther)
            #expect(signedIn.headers.first(name: .location) == "/account/password")
            let newCookie = try #require(signedIn.sessionCookie)
            headers.replaceOrAdd(name: "Cookie", value: "trialdesk-session=\(newCookie)")

            let home = try await tester.sendRequest(.GET, "/", headers: headers)
            #expect(home.status == .ok)
            #expect(home.body.string.contains("user-coordinator"))
            let signOutWithoutToken = try await tester.sendRequest(.POST, "/sign-out", headers: headers, body: formBody([:]))
            #expect(signOutWithoutToken.status == .forbidden)
            let homeToken = try #require(csrfToken(in: home.body.string))
            let signOut = try await tester.sendRequest(.POST, "/sign-out", headers: headers, body: formBody(["_csrf": homeToken]))
            #expect(signOut.status == .seeOther)
        }
    }

    @Test func session_cookie_is_http_only_and_same_site_strict() async throws {
        try await TestServer.run { server in
            let page = try await server.app.testing().sendRequest(.GET, "/sign-in")
            let csrf = try #require(page.headers.setCookie?["trialdesk-csrf"])
            #expect(csrf.isHTTPOnly)
            #expect(csrf.sameSite == .strict)
            let signedIn = try await server.app.testing().sendRequest(
                .POST, "/sign-in", headers: ["Cookie": "trialdesk-csrf=\(csrf.string)", "Content-Type": "application/x-www-form-urlencoded"],
                body: formBody(["username": "user-monitor", "password": TestServer.password, "_csrf": try #require(csrfToken(in: page.body.string))]))
            let cookie = try #require(signedIn.headers.setCookie?["trialdesk-session"])
            #expect(cookie.isHTTPOnly)
            #expect(cookie.sameSite == .strict)
        }
    }

    @Test func an_anonymous_page_visit_goes_to_sign_in_and_comes_back() async throws {
        try await TestServer.run { server in
            let response = try await server.app.testing().sendRequest(.GET, "/account/password")
            #expect(response.status == .seeOther)
            #expect(response.headers.first(name: .location) == "/sign-in?next=/account/password")
        }
    }
}
