import Foundation
import Testing
import TrialCore
@testable import TrialServer
import TrialStore
import Vapor
import VaporTesting

@Suite struct DashboardViewCacheTests {
    /// The page as computed without the cache (a bare application shares the database).
    static func computedDashboard(_ server: TestServer, headers: HTTPHeaders) async throws -> String {
        let cache = server.app.dashboardViewCache
        server.app.dashboardViewCache = nil
        defer { server.app.dashboardViewCache = cache }
        return withoutFormTokens(try await server.app.testing().sendRequest(.GET, "/", headers: headers).body.string)
    }

    /// The page without its CSRF tokens, which are the request's own (the frame is rendered for every request).
    static func withoutFormTokens(_ html: String) -> String {
        html.replacing(/name="_csrf" value="[^"]*"/, with: "name=\"_csrf\"")
    }

    @Test func an_unchanged_dashboard_is_given_again_and_a_write_another_reader_or_a_new_day_computes_it_anew() async throws {
        let clock = TestClock()
        try await TestServer.run(clock: clock) { server in
            let tester = try server.app.testing()
            // Issuing a token is an audited write: both readers' tokens first, one that outlives the new day below.
            let monitorUser = try #require(try await server.users.user(named: TestServer.username(for: .monitor)))
            let (token, _) = try await server.users.issueToken(for: monitorUser, lifetime: 90 * 86_400, actor: .system)
            var monitor = HTTPHeaders()
            monitor.bearerAuthorization = BearerAuthorization(token: token)
            let coordinator = try await server.bearer(for: .coordinator)
            let cache = try #require(server.app.dashboardViewCache)

            let first = try await tester.sendRequest(.GET, "/", headers: monitor)
            let second = try await tester.sendRequest(.GET, "/", headers: monitor)
            #expect(first.status == .ok && second.status == .ok)
            #expect(Self.withoutFormTokens(first.body.string) == Self.withoutFormTokens(second.body.string))
            #expect(cache.hitsAndMisses.hits == 1 && cache.hitsAndMisses.misses == 1)

            // Another role reads other work lists and sees other columns: never the monitor's view.
            _ = try await tester.sendRequest(.GET, "/", headers: coordinator)
            #expect(cache.hitsAndMisses.misses == 2)

            // An enrollment is an audited write: the next dashboard counts the participant at once.
            _ = try await server.enrollThroughAPI()
            let afterWrite = try await tester.sendRequest(.GET, "/", headers: monitor)
            #expect(cache.hitsAndMisses.misses == 3)
            #expect(Self.withoutFormTokens(afterWrite.body.string) != Self.withoutFormTokens(first.body.string))
            #expect(Self.withoutFormTokens(afterWrite.body.string) == (try await Self.computedDashboard(server, headers: monitor)))

            // A new day moves the chart's end and the visits' statuses without any write.
            clock.advance(days: 30)
            let nextDay = try await tester.sendRequest(.GET, "/", headers: monitor)
            #expect(nextDay.status == .ok)
            #expect(cache.hitsAndMisses.misses == 4, "\(cache.hitsAndMisses)")
            #expect(Self.withoutFormTokens(nextDay.body.string) != Self.withoutFormTokens(afterWrite.body.string))
            #expect(Self.withoutFormTokens(nextDay.body.string) == (try await Self.computedDashboard(server, headers: monitor)))
        }
    }

    /// The rendered page is kept for a reader: the session's second dashboard is the first one byte for byte,
    /// with the session's own token; another session, a bearer client with a fresh token each time, a notice
    /// shown once and a write each get what a rendering for them alone would give.
    @Test func a_kept_page_carries_each_request_s_own_token_and_never_a_notice_or_stale_data() async throws {
        try await TestServer.run { server in
            let cache = try #require(server.app.dashboardViewCache)
            var first = try await PageSession.signIn(server, as: .monitor)
            let firstToken = first.token
            let before = cache.hitsAndMisses
            let again = try await first.get("/")
            #expect(cache.hitsAndMisses.hits == before.hits + 1, "the session's second dashboard is the kept page")
            #expect(first.token == firstToken)
            #expect(again.body.string.contains("name=\"_csrf\" value=\"\(firstToken)\""))
            #expect(!again.body.string.contains(cache.tokenPlaceholder))

            // A second session of the same user has a token of its own, never the first session's.
            var second = try await PageSession.signIn(server, as: .monitor)
            _ = try await second.get("/")
            #expect(second.token != firstToken && !second.token.isEmpty)

            // A bearer client has no session: each answer carries the token set in its own cookie.
            let bearer = try await server.bearer(for: .monitor)
            for _ in 0..<2 {
                let answer = try await server.app.testing().sendRequest(.GET, "/", headers: bearer)
                let cookie = try #require(answer.headers.setCookie?["trialdesk-csrf"]?.string)
                #expect(csrfToken(in: answer.body.string) == cookie)
            }
            // A token sent in a cookie is written escaped, as the template writes it.
            var hostile = bearer
            hostile.add(name: "Cookie", value: "trialdesk-csrf=a<b>c")
            let escaped = try await server.app.testing().sendRequest(.GET, "/", headers: hostile).body.string
            #expect(!escaped.contains("a<b>c"))
            #expect(escaped.contains("value=\"a&lt;b&gt;c\""))

            // A notice is shown once and never kept.
            let notice = try await first.get("/?done=saved")
            let noticeText = try #require(Catalogue.of(.english).texts["notice.saved"])
            #expect(notice.body.string.contains(noticeText))
            #expect(!(try await first.get("/")).body.string.contains(noticeText))

            // A write: the kept page is not given again.
            _ = try await server.enrollThroughAPI()
            let afterWrite = try await first.get("/")
            #expect(Self.withoutFormTokens(afterWrite.body.string) == (try await Self.computedDashboard(server, headers: bearer)))
        }
    }

    /// Readers arriving while a page is rendered wait for that rendering: sixteen at once compute it once.
    @Test func readers_arriving_together_share_one_rendering() async throws {
        try await TestServer.run { server in
            let cache = try #require(server.app.dashboardViewCache)
            let monitor = try await server.bearer(for: .monitor)
            let before = cache.hitsAndMisses
            let app = server.app
            let pages = try await withThrowingTaskGroup(of: String.self) { group in
                for _ in 0..<16 {
                    group.addTask { Self.withoutFormTokens(try await app.testing().sendRequest(.GET, "/", headers: monitor).body.string) }
                }
                return try await group.reduce(into: [String]()) { $0.append($1) }
            }
            #expect(Set(pages).count == 1)
            #expect(cache.hitsAndMisses.misses == before.misses + 1, "\(cache.hitsAndMisses)")
            #expect(cache.hitsAndMisses.hits == before.hits + 15)
        }
    }

    @Test func a_slotted_page_is_cut_at_every_placeholder_and_joined_by_the_token() {
        let page = TokenSlottedPage(ByteBuffer(string: "SLOTa SLOT b SLOTSLOT"), placeholder: "SLOT")
        #expect(page.pieces.count == 5)
        #expect(String(buffer: page.filled(with: "t1")) == "t1a t1 b t1t1")
        #expect(String(buffer: TokenSlottedPage(ByteBuffer(string: "no slot"), placeholder: "SLOT").filled(with: "x")) == "no slot")
        #expect(String(buffer: page.filled(with: "<\"")) == "&lt;&quot;a &lt;&quot; b &lt;&quot;&lt;&quot;")
    }
}
