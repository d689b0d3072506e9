import Foundation
import Testing
import TrialCore
@testable import TrialServer
import TrialStore
import Vapor
import VaporTesting

/// The list reads kept per reader (`ReadAnswerCache`): each answer is what computing it for its request alone
/// gives, whatever was kept before it.
@Suite struct ReadAnswerCacheTests {
    /// The answer as computed without the cache (a bare application shares the database).
    static func computed(_ server: TestServer, _ path: String, headers: HTTPHeaders) async throws -> String {
        let cache = server.app.readAnswerCache
        server.app.readAnswerCache = nil
        defer { server.app.readAnswerCache = cache }
        return withoutFormTokens(try await server.app.testing().sendRequest(.GET, path, headers: headers).body.string)
    }

    static func withoutFormTokens(_ html: String) -> String {
        DashboardViewCacheTests.withoutFormTokens(html)
    }

    /// The same answer: equal JSON values (the encoder's key order is arbitrary), or the same page but for its
    /// form tokens.
    static func same(_ a: String, _ b: String) -> Bool {
        if let x = try? JSONSerialization.jsonObject(with: Data(a.utf8), options: [.fragmentsAllowed]) as? NSObject,
           let y = try? JSONSerialization.jsonObject(with: Data(b.utf8), options: [.fragmentsAllowed]) as? NSObject {
            return x.isEqual(y)
        }
        return withoutFormTokens(a) == withoutFormTokens(b)
    }

    /// The API lists and the list pages: the second read is the kept answer; a write, another reader, another
    /// filter or a new day computes it anew, and each answer equals the one computed without the cache.
    @Test func a_list_is_given_again_until_a_write_another_reader_another_query_or_a_new_day() async throws {
        let clock = TestClock()
        try await TestServer.run(clock: clock) { server in
            let tester = try server.app.testing()
            let cache = try #require(server.app.readAnswerCache)
            // Tokens first (each is an audited write), one outliving the new day below.
            let monitorUser = try #require(try await server.users.user(named: TestServer.username(for: .monitor)))
            let (token, _) = try await server.users.issueToken(for: monitorUser, lifetime: 90 * 86_400, actor: .system)
            var monitor = HTTPHeaders()
            monitor.bearerAuthorization = BearerAuthorization(token: token)
            let administrator = try await server.bearer(for: .administrator)
            _ = try await server.enrollThroughAPI()

            for path in ["/api/v1/screenings", "/api/v1/participants", "/api/v1/audit/events?limit=50", "/api/v1/visits/overdue",
                         "/screenings", "/participants", "/queries", "/audit"] {
                let before = cache.reusedAndComputed
                let first = try await tester.sendRequest(.GET, path, headers: monitor)
                let second = try await tester.sendRequest(.GET, path, headers: monitor)
                #expect(first.status == .ok && second.status == .ok, "\(path)")
                #expect(Self.withoutFormTokens(first.body.string) == Self.withoutFormTokens(second.body.string), "\(path)")
                #expect(first.headers.contentType == second.headers.contentType, "\(path)")
                #expect(cache.reusedAndComputed.computed == before.computed + 1 && cache.reusedAndComputed.reused == before.reused + 1, "\(path)")
                #expect(Self.same(second.body.string, try await Self.computed(server, path, headers: monitor)), "\(path)")
            }

            // Another reader (role and site scope), another filter: computed for them.
            var before = cache.reusedAndComputed
            _ = try await tester.sendRequest(.GET, "/api/v1/participants", headers: administrator)
            _ = try await tester.sendRequest(.GET, "/api/v1/participants?limit=1", headers: monitor)
            #expect(cache.reusedAndComputed.computed == before.computed + 2)

            // A write: the screening log shows the new entry at once.
            let enrolled = try await server.enrollThroughAPI()
            let afterWrite = try await tester.sendRequest(.GET, "/api/v1/participants", headers: monitor)
            #expect(afterWrite.body.string.contains(enrolled))
            #expect(Self.same(afterWrite.body.string, try await Self.computed(server, "/api/v1/participants", headers: monitor)))

            // A new day moves visits past their window without any write.
            before = cache.reusedAndComputed
            clock.advance(days: 60)
            let nextDay = try await tester.sendRequest(.GET, "/api/v1/visits/overdue", headers: monitor)
            #expect(nextDay.status == .ok)
            #expect(cache.reusedAndComputed.computed == before.computed + 1)
            #expect(Self.same(nextDay.body.string, try await Self.computed(server, "/api/v1/visits/overdue", headers: monitor)))
        }
    }

    /// A kept page carries each request's own token; an API answer makes no visitor cookie; a refusal is
    /// shown once, on a page computed for it, and the kept page is given again after it.
    @Test func a_kept_page_carries_the_request_s_own_token_and_a_refusal_is_shown_once() async throws {
        try await TestServer.run { server in
            let cache = try #require(server.app.readAnswerCache)
            let participant = try await PageFixtures.participant(server, randomized: true)
            var monitor = try await PageSession.signIn(server, as: .monitor)
            try await monitor.get("/participants/\(participant)")
            let raised = try await monitor.post("/participants/\(participant)/queries",
                                                ["field": "consent.date", "text": "Please confirm the consent date", "returnTo": "/queries"])
            #expect(raised.status == .seeOther)
            let id = try #require(try await DataQueryRecord.query(on: server.app.db).first()?.id).uuidString.lowercased()

            var first = try await PageSession.signIn(server, as: .coordinator)
            var second = try await PageSession.signIn(server, as: .coordinator)
            let inbox = try await first.get("/queries")
            #expect(inbox.body.string.contains("id=\"answer-\(id)\""))
            let before = cache.reusedAndComputed
            let kept = try await second.get("/queries")
            #expect(cache.reusedAndComputed.reused == before.reused + 1, "the other session's inbox is the kept page")
            #expect(second.token != first.token && !second.token.isEmpty)
            #expect(kept.body.string.contains("name=\"_csrf\" value=\"\(second.token)\""))
            #expect(!kept.body.string.contains(first.token), "one session's token never reaches another")
            #expect(!kept.body.string.contains(cache.tokenPlaceholder))

            // An answer without text is refused: the inbox shows why, once.
            let refused = try await first.post("/queries/\(id)/answer", ["text": "", "returnTo": "/queries"])
            #expect(refused.status == .seeOther && refused.location == "/queries")
            let withRefusal = try await first.get("/queries")
            #expect(withRefusal.body.string.contains("id=\"refusal\""))
            let afterRefusal = try await first.get("/queries")
            #expect(!afterRefusal.body.string.contains("id=\"refusal\""))
            #expect(Self.withoutFormTokens(afterRefusal.body.string) == Self.withoutFormTokens(inbox.body.string))

            // A bearer client reading the API gets no cookie; reading a page, the token of its own cookie.
            let bearer = try await server.bearer(for: .coordinator)
            for _ in 0..<2 {
                let answer = try await server.app.testing().sendRequest(.GET, "/api/v1/queries", headers: bearer)
                #expect(answer.status == .ok && answer.headers.setCookie == nil)
                let page = try await server.app.testing().sendRequest(.GET, "/queries", headers: bearer)
                let cookie = try #require(page.headers.setCookie?["trialdesk-csrf"]?.string)
                #expect(csrfToken(in: page.body.string) == cookie)
            }
        }
    }

    /// Readers arriving while a list is computed wait for it: sixteen at once compute it once.
    @Test func readers_arriving_together_share_one_computation() async throws {
        try await TestServer.run { server in
            let cache = try #require(server.app.readAnswerCache)
            _ = try await server.enrollThroughAPI()
            let monitor = try await server.bearer(for: .monitor)
            let before = cache.reusedAndComputed
            let app = server.app
            let answers = try await withThrowingTaskGroup(of: String.self) { group in
                for _ in 0..<16 {
                    group.addTask { try await app.testing().sendRequest(.GET, "/api/v1/screenings", headers: monitor).body.string }
                }
                return try await group.reduce(into: [String]()) { $0.append($1) }
            }
            #expect(Set(answers).count == 1)
            #expect(cache.reusedAndComputed.computed == before.computed + 1, "\(cache.reusedAndComputed)")
            #expect(cache.reusedAndComputed.reused == before.reused + 15)
        }
    }

    /// Only the newest data version is kept, within the entry and byte bounds.
    @Test func only_the_newest_version_is_kept_within_its_bounds() async throws {
        struct Key: DataVersionedKey {
            var name: String
            var dataVersion: DataVersion
        }
        let day = CalendarDate(daysSinceEpoch: 20_000)
        func version(_ sequence: Int64) -> DataVersion { DataVersion(chainSequence: sequence, chainHash: "h\(sequence)", day: day) }
        let keeping = SingleFlightKeeping<Key, String>(capacity: 3, byteBudget: 10, size: { $0.utf8.count })
        _ = try await keeping.value(for: Key(name: "a", dataVersion: version(2))) { "aaaa" }
        _ = try await keeping.value(for: Key(name: "b", dataVersion: version(2))) { "bbbb" }
        #expect(keeping.count == 2)
        // Computed at an older head after a newer one was kept: given, not kept.
        _ = try await keeping.value(for: Key(name: "c", dataVersion: version(1))) { "c" }
        #expect(keeping.count == 2)
        // Past the byte budget everything is dropped and the new value kept.
        _ = try await keeping.value(for: Key(name: "d", dataVersion: version(2))) { "dddd" }
        #expect(keeping.count == 1)
        // Larger than the budget: never kept.
        _ = try await keeping.value(for: Key(name: "e", dataVersion: version(2))) { String(repeating: "e", count: 11) }
        #expect(keeping.count == 1)
        // A newer head drops the older values.
        _ = try await keeping.value(for: Key(name: "a", dataVersion: version(3))) { "a" }
        #expect(keeping.count == 1)
        #expect(try await keeping.value(for: Key(name: "a", dataVersion: version(3))) { "recomputed" } == "a")
        #expect(keeping.reusedAndComputed.reused == 1 && keeping.reusedAndComputed.computed == 6)
    }
}
