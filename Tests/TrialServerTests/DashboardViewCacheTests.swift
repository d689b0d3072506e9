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
}
