import Foundation
import Testing
import TrialCore
@testable import TrialServer
import TrialStore
import Vapor
import VaporTesting

@Suite struct CasebookAnswerCacheTests {
    @Test func an_unchanged_casebook_is_answered_again_and_any_write_or_a_new_day_computes_it_anew() async throws {
        let clock = TestClock()
        try await TestServer.run(clock: clock) { server in
            let tester = try server.app.testing()
            let headers = try await server.bearer(for: .coordinator)
            let participant = try await server.enrollThroughAPI()
            let cache = try #require(server.app.casebookAnswerCache)
            let path = "/api/v1/participants/\(participant)/casebook"

            let first = try await tester.sendRequest(.GET, path, headers: headers)
            let second = try await tester.sendRequest(.GET, path, headers: headers)
            #expect(first.status == .ok && second.status == .ok)
            #expect(first.body.string == second.body.string)
            #expect(cache.hitsAndMisses.hits == 1 && cache.hitsAndMisses.misses == 1)
            #expect(first.body.string.contains("\"arm\":null"))

            // Randomization is an audited write: the head moves and the answer shows the arm at once.
            let randomized = try await tester.sendRequest(.POST, "/api/v1/participants/\(participant)/randomization", headers: headers)
            #expect(randomized.status == .created)
            let afterWrite = try await tester.sendRequest(.GET, path, headers: headers)
            #expect(afterWrite.body.string.contains("\"arm\":\""))
            #expect(afterWrite.body.string.contains("\"schedule\""))
            #expect(cache.hitsAndMisses.misses == 2)

            // A new day moves visits from due to overdue without any write: the answer is computed again.
            clock.advance(days: 60)
            let later = try await server.bearer(for: .coordinator)
            let nextDay = try await tester.sendRequest(.GET, path, headers: later)
            #expect(nextDay.status == .ok)
            #expect(cache.hitsAndMisses.misses == 3, "\(cache.hitsAndMisses)")
            #expect(nextDay.body.string != afterWrite.body.string)
            let fresh = try await TestServer.computedCasebook(server, participant: participant, headers: later)
            #expect(nextDay.body.string == fresh)
        }
    }

    @Test func a_full_cache_drops_its_oldest_half() {
        let cache = CasebookAnswerCache()
        let version = CasebookAnswerCache.Version((1, "h"), day: CalendarDate(year: 2026, month: 1, day: 1)!)
        for index in 0...CasebookAnswerCache.capacity {
            cache.keep(Data("\(index)".utf8), participantID: "p\(index)", version: version)
        }
        #expect(cache.count <= CasebookAnswerCache.capacity / 2 + 1)
        #expect(cache.answer(participantID: "p\(CasebookAnswerCache.capacity)", version: version) == Data("\(CasebookAnswerCache.capacity)".utf8))
        #expect(cache.answer(participantID: "p0", version: version) == nil)
    }
}

extension TestServer {
    /// The casebook answer computed without the cache (a bare application shares the database).
    static func computedCasebook(_ server: TestServer, participant: String, headers: HTTPHeaders) async throws -> String {
        let cache = server.app.casebookAnswerCache
        server.app.casebookAnswerCache = nil
        defer { server.app.casebookAnswerCache = cache }
        return try await server.app.testing().sendRequest(.GET, "/api/v1/participants/\(participant)/casebook", headers: headers).body.string
    }
}
