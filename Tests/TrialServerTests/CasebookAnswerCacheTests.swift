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

    @Test func a_write_about_another_participant_does_not_recompute_the_answer_but_a_change_of_its_own_forms_does() async throws {
        try await TestServer.run { server in
            let tester = try server.app.testing()
            let headers = try await server.bearer(for: .coordinator)
            let participant = try await server.enrollThroughAPI()
            let cache = try #require(server.app.casebookAnswerCache)
            let path = "/api/v1/participants/\(participant)/casebook"
            let first = try await tester.sendRequest(.GET, path, headers: headers)
            #expect(cache.hitsAndMisses.misses == 1)

            // Another patient is screened, consented and enrolled: the head moves, this casebook's data do not.
            _ = try await server.enrollThroughAPI()
            let afterOtherWrite = try await tester.sendRequest(.GET, path, headers: headers)
            #expect(afterOtherWrite.body.string == first.body.string)
            #expect(cache.hitsAndMisses == (hits: 1, misses: 1), "\(cache.hitsAndMisses)")
            // The entry now carries the newer head: the next read takes the cheap check.
            _ = try await tester.sendRequest(.GET, path, headers: headers)
            #expect(cache.hitsAndMisses == (hits: 2, misses: 1), "\(cache.hitsAndMisses)")

            // Randomizing this participant changes its own data: computed again, and equal to a fresh computation.
            let randomized = try await tester.sendRequest(.POST, "/api/v1/participants/\(participant)/randomization", headers: headers)
            #expect(randomized.status == .created)
            let afterOwnWrite = try await tester.sendRequest(.GET, path, headers: headers)
            #expect(cache.hitsAndMisses.misses == 2)
            #expect(afterOwnWrite.body.string != first.body.string)
            #expect(afterOwnWrite.body.string == (try await TestServer.computedCasebook(server, participant: participant, headers: headers)))
        }
    }

    @Test func the_data_key_names_every_form_version_the_arm_and_the_protocol_versions() {
        let base = CasebookAnswerCache.dataKey(arm: nil, randomizedOn: nil, forms: [("a", 3)], protocolVersions: ["1.0@2025-01-01"])
        #expect(base != CasebookAnswerCache.dataKey(arm: "I125", randomizedOn: "2025-02-01", forms: [("a", 3)], protocolVersions: ["1.0@2025-01-01"]))
        #expect(base != CasebookAnswerCache.dataKey(arm: nil, randomizedOn: nil, forms: [("a", 4)], protocolVersions: ["1.0@2025-01-01"]))
        #expect(base != CasebookAnswerCache.dataKey(arm: nil, randomizedOn: nil, forms: [("a", 3), ("b", 5)], protocolVersions: ["1.0@2025-01-01"]))
        #expect(base != CasebookAnswerCache.dataKey(arm: nil, randomizedOn: nil, forms: [("a", 3)],
                                                    protocolVersions: ["1.0@2025-01-01", "1.1@2025-06-01"]))
        #expect(base == CasebookAnswerCache.dataKey(arm: nil, randomizedOn: nil, forms: [("a", 3)], protocolVersions: ["1.0@2025-01-01"]))
    }

    @Test func a_full_cache_drops_its_oldest_half() {
        let cache = CasebookAnswerCache()
        let head = CasebookAnswerCache.Head((1, "h"))
        let day = CalendarDate(year: 2026, month: 1, day: 1)!
        for index in 0...CasebookAnswerCache.capacity {
            cache.keep(Data("\(index)".utf8), participantID: "p\(index)", head: head, data: "d", day: day)
        }
        #expect(cache.count <= CasebookAnswerCache.capacity / 2 + 1)
        #expect(cache.answer(participantID: "p\(CasebookAnswerCache.capacity)", head: head, day: day) == Data("\(CasebookAnswerCache.capacity)".utf8))
        #expect(cache.answer(participantID: "p0", head: head, day: day) == nil)
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
