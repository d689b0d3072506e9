import Fluent
import Foundation
import Testing
import TrialCore
@testable import TrialServer
import TrialStore
import Vapor
import VaporTesting

/// Accounts, sessions and access as staff come and go (issue: a review against 21 CFR 11.10(d)/(g), 11.300
/// and OWASP ASVS level 2). Each test failed on the code before it.
@Suite struct AccountSecurityTests {
    static func bearer(_ server: TestServer, _ role: Role) async throws -> HTTPHeaders {
        var headers = try await server.bearer(for: role)
        headers.contentType = .json
        return headers
    }

    @Test func a_password_change_ends_every_other_session_and_token_of_the_user() async throws {
        try await TestServer.run { server in
            var here = try await PageSession.signIn(server, as: .monitor)
            var other = try await PageSession.signIn(server, as: .monitor)
            let token = try await server.bearer(for: .monitor)
            let tester = try server.app.testing()
            try await here.get("/account/password")
            let changed = try await here.post("/account/password", ["currentPassword": TestServer.password,
                                                                     "newPassword": "a new long passphrase", "confirmPassword": "a new long passphrase"])
            #expect(changed.status == .ok)
            #expect(try await here.get("/").status == .ok, "the session that changed the password stays signed in")
            let otherHome = try await other.get("/")
            #expect(otherHome.status == .seeOther && otherHome.location.hasPrefix("/sign-in"), "the other browser is signed out")
            #expect(try await tester.sendRequest(.GET, "/api/v1/me", headers: token).status == .unauthorized, "the old token is revoked")
        }
    }

    @Test func a_disabled_account_stops_at_once_and_the_administrator_sees_status_and_last_sign_in() async throws {
        try await TestServer.run { server in
            var coordinator = try await PageSession.signIn(server, as: .coordinator)
            let token = try await server.bearer(for: .coordinator)
            let tester = try server.app.testing()
            let account = try #require(try await server.users.user(named: TestServer.username(for: .coordinator)))
            var admin = try await PageSession.signIn(server, as: .administrator)
            let page = try await admin.get("/admin/users")
            #expect(page.status == .ok)
            #expect(page.body.string.contains("user-coordinator"))
            let refused = try await admin.post("/admin/users/\(account.auditEntityID)/disable", ["reason": " "])
            #expect(refused.status == .seeOther)
            #expect(try await server.users.user(named: account.username)?.active == true, "no reason, no change")
            let disabled = try await admin.post("/admin/users/\(account.auditEntityID)/disable", ["reason": "left the study team"])
            #expect(disabled.location.contains("done=account-disabled"))
            #expect(try await coordinator.get("/").location.hasPrefix("/sign-in"), "the session ended")
            #expect(try await tester.sendRequest(.GET, "/api/v1/me", headers: token).status == .unauthorized, "the token stopped")
            let signIn = try await tester.sendRequest(.POST, "/api/v1/tokens", headers: ["Content-Type": "application/json"],
                                                      body: ByteBuffer(string: #"{"username":"user-coordinator","password":"\#(TestServer.password)"}"#))
            #expect(signIn.status == .unauthorized)

            let adminAPI = try await Self.bearer(server, .administrator)
            let list = try await tester.sendRequest(.GET, "/api/v1/users", headers: adminAPI).content.decode([UserController.UserSummary].self)
            let listed = try #require(list.first { $0.username == "user-coordinator" })
            #expect(!listed.active)
            #expect(listed.lastSignIn != nil, "the last sign-in is listed")
            let enabled = try await tester.sendRequest(.POST, "/api/v1/users/\(account.auditEntityID)/enable", headers: adminAPI,
                                                       body: ByteBuffer(string: #"{"reason":"back on the team"}"#))
            #expect(enabled.status == .ok)
            let events = try await AuditEventRecord.query(on: server.app.db).filter(\.$entityType == "user")
                .filter(\.$entityID == account.auditEntityID).all().map(\.action)
            #expect(events.contains("disable-user") && events.contains("enable-user"))
        }
    }

    @Test func a_reset_password_must_be_replaced_before_anything_else_and_a_role_change_is_audited() async throws {
        try await TestServer.run { server in
            let tester = try server.app.testing()
            let adminAPI = try await Self.bearer(server, .administrator)
            let account = try #require(try await server.users.user(named: TestServer.username(for: .monitor)))
            let role = try await tester.sendRequest(.POST, "/api/v1/users/\(account.auditEntityID)/role", headers: adminAPI,
                                                    body: ByteBuffer(string: #"{"role":"data-manager","site":"960","reason":"now cleans data"}"#))
            #expect(role.status == .ok)
            #expect(try await server.users.user(named: account.username)?.role == .dataManager)
            let reset = try await tester.sendRequest(.POST, "/api/v1/users/\(account.auditEntityID)/password-reset", headers: adminAPI,
                                                     body: ByteBuffer(string: #"{"temporaryPassword":"temporary passphrase 1","reason":"forgotten"}"#))
            #expect(reset.status == .ok)
            let token = try await tester.sendRequest(.POST, "/api/v1/tokens", headers: ["Content-Type": "application/json"],
                                                     body: ByteBuffer(string: #"{"username":"user-monitor","password":"temporary passphrase 1"}"#))
            #expect(token.status == .forbidden, "no token before a new password")

            let form = try await tester.sendRequest(.GET, "/sign-in")
            let signedIn = try await tester.sendRequest(
                .POST, "/sign-in", headers: ["Cookie": "trialdesk-csrf=\(try #require(form.csrfCookie))", "Content-Type": "application/x-www-form-urlencoded"],
                body: formBody(["username": "user-monitor", "password": "temporary passphrase 1", "_csrf": try #require(csrfToken(in: form.body.string))]))
            var session = PageSession(app: server.app, cookie: try #require(signedIn.sessionCookie))
            let home = try await session.get("/")
            #expect(home.status == .seeOther && home.location == "/account/password", "the password page comes first")
            try await session.get("/account/password")
            let chosen = try await session.post("/account/password", ["currentPassword": "temporary passphrase 1",
                                                                      "newPassword": "my own passphrase 2", "confirmPassword": "my own passphrase 2"])
            #expect(chosen.status == .ok)
            #expect(try await session.get("/").status == .ok)
        }
    }

    @Test func passwords_over_72_bytes_or_with_the_protocol_id_are_refused() {
        let long = String(repeating: "长", count: 25)
        #expect(PasswordPolicy.standard.problems(with: long).contains { $0.rule?.code == "password.tooLong" }, "75 bytes")
        #expect(PasswordPolicy.standard.problems(with: "I125-MULTIMET-P2 2026", protocolID: "I125-MULTIMET-P2").contains { $0.rule?.code == "password.containsProtocolID" })
        #expect(PasswordPolicy.standard.problems(with: "coordinator1234", username: "coordinator").contains { $0.rule?.code == "password.containsUsername" })
        #expect(PasswordPolicy.standard.problems(with: "a perfectly fine passphrase", username: "monitor", protocolID: "I125-MULTIMET-P2").isEmpty)
    }

    @Test func re_entering_a_password_is_throttled_like_sign_in() async throws {
        try await TestServer.run { server in
            var monitor = try await PageSession.signIn(server, as: .monitor)
            try await monitor.get("/account/password")
            for _ in 0..<SignInThrottle.standard.maximumFailures {
                let wrong = try await monitor.post("/account/password", ["currentPassword": "not my password",
                                                                         "newPassword": "a new long passphrase", "confirmPassword": "a new long passphrase"])
                #expect(wrong.status == .unprocessableEntity)
            }
            let locked = try await monitor.post("/account/password", ["currentPassword": TestServer.password,
                                                                      "newPassword": "a new long passphrase", "confirmPassword": "a new long passphrase"])
            #expect(locked.status == .tooManyRequests, "the right password is refused while locked")
            let investigator = try await Self.bearer(server, .investigator)
            let participant = try await server.enrollThroughAPI()
            for _ in 0..<SignInThrottle.standard.maximumFailures {
                _ = try await server.app.testing().sendRequest(.POST, "/api/v1/participants/\(participant)/signature", headers: investigator,
                                                               body: ByteBuffer(string: #"{"password":"wrong"}"#))
            }
            let signature = try await server.app.testing().sendRequest(.POST, "/api/v1/participants/\(participant)/signature", headers: investigator,
                                                                       body: ByteBuffer(string: #"{"password":"\#(TestServer.password)"}"#))
            #expect(signature.status == .tooManyRequests)
        }
    }

    @Test func an_idle_session_ends_on_the_server_and_its_cookie_no_longer_signs_in() async throws {
        try await TestServer.run { server in
            var coordinator = try await PageSession.signIn(server, as: .coordinator)
            #expect(try await coordinator.get("/").status == .ok)
            let stale = UTCTimestamp.string(from: Date().addingTimeInterval(-SessionLifetime.standard.idle - 60))
            for record in try await SessionRecord.query(on: server.app.db).all() {
                record.data["lastSeenAt"] = stale
                try await record.save(on: server.app.db)
            }
            let home = try await coordinator.get("/")
            #expect(home.status == .seeOther && home.location.hasPrefix("/sign-in"))
            _ = try await PageSession.signIn(server, as: .monitor)
            let stored = try await SessionRecord.query(on: server.app.db).count()
            let removed = try await SessionSweep.removeEnded(on: server.app.db, now: Date().addingTimeInterval(SessionLifetime.standard.idle + 1))
            #expect(removed == stored && removed > 0, "the sweep removes the rows of ended sessions")
            #expect(try await SessionRecord.query(on: server.app.db).count() == 0)
            #expect(SessionLifetime.standard.hasEnded(signedInAt: Date().addingTimeInterval(-13 * 3600), lastSeenAt: Date(), now: Date()),
                    "12 hours after sign-in a session ends however busy")
        }
    }

    @Test func every_response_carries_the_security_headers() async throws {
        try await TestServer.run { server in
            let tester = try server.app.testing()
            let monitor = try await server.bearer(for: .monitor)
            for (path, headers) in [("/sign-in", HTTPHeaders()), ("/health", HTTPHeaders()), ("/api/v1/me", monitor), ("/no-such-page", HTTPHeaders())] {
                let response = try await tester.sendRequest(.GET, path, headers: headers)
                let policy = response.headers.first(name: "Content-Security-Policy") ?? ""
                let scripts = policy.split(separator: ";").first { $0.contains("script-src") } ?? ""
                #expect(scripts.contains("'self'") && !scripts.contains("unsafe"), "\(path): no inline script")
                #expect(policy.contains("frame-ancestors 'none'"), "\(path)")
                #expect(response.headers.first(name: "X-Content-Type-Options") == "nosniff", "\(path)")
                #expect(response.headers.first(name: "X-Frame-Options") == "DENY", "\(path)")
                #expect(response.headers.first(name: "Referrer-Policy") == "same-origin", "\(path)")
            }
        }
    }

    @Test func over_https_every_response_asks_for_https_only() async throws {
        try await TestServer.run(secureCookies: true) { server in
            let response = try await server.app.testing().sendRequest(.GET, "/sign-in")
            #expect(response.headers.first(name: "Strict-Transport-Security")?.hasPrefix("max-age=") == true)
            #expect(response.headers.setCookie?["trialdesk-csrf"]?.isSecure == true)
        }
        try await TestServer.run { server in
            let response = try await server.app.testing().sendRequest(.GET, "/sign-in")
            #expect(response.headers.first(name: "Strict-Transport-Security") == nil, "no HSTS over plain http")
        }
    }

    @Test func a_server_with_an_audit_key_signs_a_checkpoint_at_start_and_says_so() async throws {
        let key = AuditSigningKey()
        try await TestServer.run(auditKey: key) { server in
            let health = try await server.app.testing().sendRequest(.GET, "/health").content.decode(HealthController.Health.self)
            #expect(health.auditChain == "signed")
            // The first checkpoint is signed right after the server boots, in the background. The wait counts
            // attempts, not seconds: on a busy machine other tests can hold this one back for a long time.
            var checkpoints: [AuditCheckpoint] = []
            for _ in 0..<600 where checkpoints.isEmpty {
                checkpoints = try await AuditCheckpoints(store: TrialStore(database: server.app.db)).all()
                if checkpoints.isEmpty { try await Task.sleep(nanoseconds: 100_000_000) }
            }
            #expect(checkpoints.count == 1)
            #expect(checkpoints.first?.publicKey == key.publicKeyText)
            let report = try await AuditVerifier(database: server.app.db).verify(trustedPublicKey: key.publicKeyText)
            #expect(report.isIntact && !report.isUnsigned, "\(report.problems)")
            let setup = try #require(try await RandomizationSetupRecord.query(on: server.app.db).first())
            #expect(RandomizationSeedSealing.isSealed(setup.seedHex), "the seed is sealed at activation")
        }
    }

    @Test func site_staff_see_no_counts_per_stratum_and_a_query_needs_a_form_of_its_participant() async throws {
        try await TestServer.run { server in
            let tester = try server.app.testing()
            let first = try await server.enrollThroughAPI()
            let second = try await server.enrollThroughAPI()
            let coordinator = try await Self.bearer(server, .coordinator)
            for participant in [first, second] {
                _ = try await tester.sendRequest(.POST, "/api/v1/participants/\(participant)/randomization", headers: coordinator)
            }
            let site = try await tester.sendRequest(.GET, "/api/v1/randomization/balance", headers: coordinator).content.decode(RandomizationBalance.self)
            #expect(site.strata.isEmpty)
            #expect(site.overall.total == 2)
            let statistician = try await tester.sendRequest(.GET, "/api/v1/randomization/balance", headers: try await Self.bearer(server, .statistician))
                .content.decode(RandomizationBalance.self)
            #expect(!statistician.strata.isEmpty)

            let followUp = #"{"date":"\#(ScreeningAPITests.today)","status":"alive","lastKnownAliveDate":"\#(ScreeningAPITests.today)"}"#
            let saved = try await tester.sendRequest(.POST, "/api/v1/participants/\(first)/forms/followUp", headers: coordinator, body: ByteBuffer(string: followUp))
            let formID = try saved.content.decode(CaseReportService.SaveOutcome.self).id
            let monitor = try await Self.bearer(server, .monitor)
            for (participant, form) in [(second, formID.uuidString), (first, UUID().uuidString), (first, "made-up")] {
                let raised = try await tester.sendRequest(.POST, "/api/v1/participants/\(participant)/queries", headers: monitor,
                                                          body: ByteBuffer(string: #"{"formID":"\#(form)","field":"date","text":"Please confirm"}"#))
                #expect(raised.status == .unprocessableEntity, "\(participant) \(form)")
                #expect(raised.body.string.contains("\"field\":\"formID\""))
            }
            let right = try await tester.sendRequest(.POST, "/api/v1/participants/\(first)/queries", headers: monitor,
                                                     body: ByteBuffer(string: #"{"formID":"\#(formID.uuidString)","field":"date","text":"Please confirm"}"#))
            #expect(right.status == .created)
        }
    }

    @Test func one_client_address_cannot_try_many_accounts() async throws {
        try await TestServer.run { server in
            let tester = try server.app.testing()
            var statuses: [HTTPStatus] = []
            for index in 0...ClientAttemptLimit.standard.maximumAttempts {
                let attempt = try await tester.sendRequest(.POST, "/api/v1/tokens", headers: ["Content-Type": "application/json"],
                                                           body: ByteBuffer(string: #"{"username":"guess\#(index)","password":"wrong password"}"#))
                statuses.append(attempt.status)
            }
            #expect(statuses.dropLast().allSatisfy { $0 == .unauthorized })
            #expect(statuses.last == .tooManyRequests, "attempt \(statuses.count) from one address")
            let health = try await tester.sendRequest(.GET, "/health").content.decode(HealthController.Health.self)
            #expect(health.auditChain == "unsigned", "a server without an audit key says so")
        }
    }

    @Test func the_page_after_sign_in_is_on_this_server_only() async throws {
        try await TestServer.run { server in
            let tester = try server.app.testing()
            for next in ["/\t/evil.example/", "//evil.example/", "/\\evil.example", "https://evil.example/"] {
                let form = try await tester.sendRequest(.GET, "/sign-in")
                let signedIn = try await tester.sendRequest(
                    .POST, "/sign-in", headers: ["Cookie": "trialdesk-csrf=\(try #require(form.csrfCookie))", "Content-Type": "application/x-www-form-urlencoded"],
                    body: formBody(["username": "user-monitor", "password": TestServer.password, "next": next,
                                    "_csrf": try #require(csrfToken(in: form.body.string))]))
                #expect(signedIn.location == "/", "\(next.debugDescription)")
            }
        }
    }
}
