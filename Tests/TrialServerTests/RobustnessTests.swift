import Fluent
import Foundation
import Testing
import TrialCore
@testable import TrialServer
import TrialStore
import Vapor
import VaporTesting

/// Hostile input found by probing the running server: each must be refused with a clear status, change
/// nothing, and leave the process answering.
@Suite struct RobustnessTests {
    @Test func a_row_index_beyond_the_list_is_refused_naming_the_field_and_the_server_keeps_answering() async throws {
        try await TestServer.run { server in
            let participant = try await PageFixtures.participant(server, randomized: true)
            var coordinator = try await PageSession.signIn(server, as: .coordinator)
            try await coordinator.get("/participants/\(participant)/forms/baseline/new")
            for index in ["9223372036854775807", "99999999999999999999999", "60", "٣"] {
                let preview = try await coordinator.post("/participants/\(participant)/forms/baseline/preview", ["lesions[\(index)][sizeMm]": "1"])
                #expect(preview.status == .unprocessableEntity, "row \(index)")
                #expect(preview.body.string.contains("lesions[\(index)].sizeMm"), "the field is named: \(preview.body.string)")
                let save = try await coordinator.post("/participants/\(participant)/forms/baseline", ["lesions[\(index)][sizeMm]": "1"])
                #expect(save.status == .unprocessableEntity)
            }
            let last = try await coordinator.post("/participants/\(participant)/forms/baseline/preview", ["lesions[59][sizeMm]": "1"])
            #expect(last.status == .ok, "the last row a list may have is read as usual")
            #expect(try await server.app.testing().sendRequest(.GET, "/health").status == .ok)
        }
    }

    @Test func a_page_form_with_too_many_fields_or_too_long_a_value_is_refused() async throws {
        try await TestServer.run { server in
            let participant = try await PageFixtures.participant(server, randomized: true)
            var coordinator = try await PageSession.signIn(server, as: .coordinator)
            try await coordinator.get("/participants/\(participant)/forms/baseline/new")
            var fields: [String: String] = [:]
            for index in 0..<(InputLimits.pageFormFields + 10) { fields["f\(index)"] = "x" }
            let many = try await coordinator.post("/participants/\(participant)/forms/baseline/preview", fields)
            #expect(many.status == .unprocessableEntity)
            #expect(many.body.string.contains("has more than \(InputLimits.pageFormFields) fields"))
            let long = try await coordinator.post("/participants/\(participant)/forms/followUp",
                                                  ["date": PageFixtures.today.iso8601, "status": "alive", "comment": String(repeating: "x", count: InputLimits.textCharacters + 1)])
            #expect(long.status == .unprocessableEntity)
            // In memory the body arrives whole, so the value's own bound answers; over HTTP the route's body
            // limit answers 413 first (HostileInputTests runs that against the real server).
            let huge = try await coordinator.post("/participants/\(participant)/forms/baseline/preview", ["x": String(repeating: "y", count: InputLimits.pageFormBytes)])
            #expect(huge.status == .unprocessableEntity)
            #expect(try await server.app.testing().sendRequest(.GET, "/health").status == .ok)
        }
    }

    @Test func malformed_json_is_a_422_naming_the_body_on_every_json_route() async throws {
        try await TestServer.run { server in
            let participant = try await server.enrollThroughAPI()
            var headers = try await server.bearer(for: .coordinator)
            headers.contentType = .json
            var monitor = try await server.bearer(for: .monitor)
            monitor.contentType = .json
            let tester = try server.app.testing()
            let bodies: [(String, ByteBuffer)] = [
                ("truncated", ByteBuffer(string: #"{"form": {"lineNumber": 1, "regimen": "#)),
                ("5,000 levels deep", ByteBuffer(string: String(repeating: "[", count: 5_000) + String(repeating: "]", count: 5_000))),
                ("not UTF-8", ByteBuffer(bytes: [0x7B, 0x22, 0x61, 0x22, 0x3A, 0x22, 0xFF, 0xFE, 0x22, 0x7D])),
                ("a string too long", ByteBuffer(string: #"{"reason": ""# + String(repeating: "r", count: InputLimits.textCharacters + 1) + #"", "version": 1, "form": {}}"#)),
            ]
            let routes = [
                (HTTPMethod.PUT, "/api/v1/participants/\(participant)/forms/systemicTherapy/\(UUID())"),
                (.POST, "/api/v1/participants/\(participant)/forms/systemicTherapy"),
                (.POST, "/api/v1/screenings"),
                (.POST, "/api/v1/participants/\(participant)/queries"),
            ]
            for (method, path) in routes {
                for (name, body) in bodies {
                    let response = try await tester.sendRequest(method, path, headers: path.hasSuffix("/queries") ? monitor : headers, body: body)
                    #expect(response.status == .unprocessableEntity, "\(method) \(path) with \(name): \(response.status)")
                    #expect(response.body.string.contains("\"field\":\"(body)\"") || name == "a string too long", "\(response.body.string)")
                }
            }
            #expect(try await tester.sendRequest(.GET, "/health").status == .ok)
        }
    }

    @Test func sign_in_refuses_huge_and_malformed_usernames_and_writes_nothing_of_them() async throws {
        try await TestServer.run { server in
            let tester = try server.app.testing()
            let before = try await AuditEventRecord.query(on: server.app.db).count()
            let page = try await tester.sendRequest(.GET, "/sign-in")
            let headers: HTTPHeaders = ["Cookie": "trialdesk-csrf=\(try #require(page.csrfCookie))", "Content-Type": "application/x-www-form-urlencoded"]
            let token = try #require(csrfToken(in: page.body.string))
            let huge = try await tester.sendRequest(.POST, "/sign-in", headers: headers,
                                                    body: formBody(["username": String(repeating: "a", count: 3_000_000), "password": "x", "_csrf": token]))
            #expect(huge.status == .unprocessableEntity, "in memory the value's bound answers; over HTTP the body limit answers 413 first")
            let long = try await tester.sendRequest(.POST, "/sign-in", headers: headers,
                                                    body: formBody(["username": String(repeating: "a", count: 65), "password": "x", "_csrf": token]))
            #expect(long.status == .unprocessableEntity)
            #expect(!long.body.string.contains(String(repeating: "a", count: 65)), "the refused name is not shown back")
            let api = try await tester.sendRequest(.POST, "/api/v1/tokens", headers: ["Content-Type": "application/json"],
                                                   body: ByteBuffer(string: #"{"username":"\#(String(repeating: "b", count: 65))","password":"x"}"#))
            #expect(api.status == .unprocessableEntity)
            #expect(api.body.string.contains("\"field\":\"username\""))
            #expect(try await AuditEventRecord.query(on: server.app.db).count() == before, "nothing reached the audit trail")
            let wrong = try await tester.sendRequest(.POST, "/api/v1/tokens", headers: ["Content-Type": "application/json"],
                                                     body: ByteBuffer(string: #"{"username":"user-monitor","password":"wrong password"}"#))
            #expect(wrong.status == .unauthorized, "a real failed attempt is still recorded")
            #expect(try await AuditEventRecord.query(on: server.app.db).count() == before + 2, "the attempt and its failure")
        }
    }

    @Test func list_limits_and_offsets_out_of_range_are_refused_naming_them() async throws {
        try await TestServer.run { server in
            let headers = try await server.bearer(for: .administrator)
            let tester = try server.app.testing()
            for query in ["limit=-1", "limit=0", "limit=\(InputLimits.listPageMaximum + 1)", "limit=abc", "limit=99999999999999999999", "offset=-1"] {
                let response = try await tester.sendRequest(.GET, "/api/v1/audit/events?\(query)", headers: headers)
                #expect(response.status == .unprocessableEntity, "\(query)")
                let field = query.hasPrefix("offset") ? "offset" : "limit"
                #expect(response.body.string.contains("\"field\":\"\(field)\""), "\(response.body.string)")
            }
            let all = try await tester.sendRequest(.GET, "/api/v1/audit/events", headers: headers).content.decode([AuditController.HistoryEntry].self)
            try #require(all.count > 3)
            let page = try await tester.sendRequest(.GET, "/api/v1/audit/events?limit=2&offset=1", headers: headers).content.decode([AuditController.HistoryEntry].self)
            #expect(page.map(\.sequence) == Array(all.map(\.sequence)[1...2]))
            let monitor = try await server.bearer(for: .monitor)
            for path in ["/api/v1/participants", "/api/v1/screenings", "/api/v1/queries"] {
                #expect(try await tester.sendRequest(.GET, "\(path)?limit=-1", headers: monitor).status == .unprocessableEntity, "\(path)")
            }
        }
    }

    @Test func a_get_or_head_writes_nothing_and_a_session_is_made_only_when_needed() async throws {
        try await TestServer.run { server in
            let tester = try server.app.testing()
            func state() async throws -> (Int, Int) {
                (try await AuditEventRecord.query(on: server.app.db).count(), try await SessionRecord.query(on: server.app.db).count())
            }
            var coordinator = try await PageSession.signIn(server, as: .coordinator)
            let bearer = try await server.bearer(for: .monitor)
            let before = try await state()
            for _ in 0..<3 {
                let anonymous = try await tester.sendRequest(.GET, "/sign-in")
                #expect(anonymous.sessionCookie == nil)
                _ = try await tester.sendRequest(.GET, "/sign-in?lang=zh-Hans", headers: ["Cookie": "trialdesk-session=made-up"])
                _ = try await tester.sendRequest(.HEAD, "/health?lang=zh-Hans")
            }
            _ = try await tester.sendRequest(.GET, "/health?lang=zh-Hans", headers: bearer)
            _ = try await tester.sendRequest(.GET, "/?lang=zh-Hans", headers: bearer)
            let chinese = try await coordinator.get("/participants?lang=zh-Hans")
            #expect(chinese.body.string.contains("<html lang=\"zh-Hans\">"))
            try await coordinator.get("/")
            #expect(try await state() == before, "no audit event and no session row from a GET or HEAD")
            #expect(try await server.users.user(named: TestServer.username(for: .coordinator))?.language == nil)

            try await coordinator.choose(.simplifiedChinese)
            #expect(try await server.users.user(named: TestServer.username(for: .coordinator))?.language == "zh-Hans", "the POST remembers the choice")
            #expect(try await coordinator.get("/").body.string.contains("<html lang=\"zh-Hans\">"))
        }
    }

    @Test func a_known_path_asked_with_another_method_is_405_with_allow() async throws {
        try await TestServer.run { server in
            let tester = try server.app.testing()
            let headers = try await server.bearer(for: .coordinator)
            let participants = try await tester.sendRequest(.DELETE, "/api/v1/participants", headers: headers)
            #expect(participants.status == .methodNotAllowed)
            #expect(participants.headers.first(name: .allow) == "GET, HEAD")
            let health = try await tester.sendRequest(.PATCH, "/health")
            #expect(health.status == .methodNotAllowed)
            let tokens = try await tester.sendRequest(.GET, "/api/v1/tokens")
            #expect(tokens.status == .methodNotAllowed)
            #expect(tokens.headers.first(name: .allow)?.contains("POST") == true)
            #expect(try await tester.sendRequest(.GET, "/api/v1/no-such-thing", headers: headers).status == .notFound)
        }
    }

    @Test func the_redirect_after_sign_in_or_a_language_choice_stays_on_this_server() {
        for hostile in ["//evil.example/", "/\t/evil.example/", "/\\evil.example", "https://evil.example/", "/\n/evil.example", "evil.example", ""] {
            #expect(LocalPath.checked(hostile) == "/", "\(hostile.debugDescription)")
        }
        #expect(LocalPath.checked("/participants?site=960") == "/participants?site=960")
    }
}
