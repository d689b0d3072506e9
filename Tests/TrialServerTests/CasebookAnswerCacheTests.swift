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

    /// A form saved or corrected for this participant recomputes the answer; one saved for another does not.
    @Test func a_form_of_this_participant_saved_or_corrected_recomputes_the_answer_and_another_s_does_not() async throws {
        try await TestServer.run { server in
            let participant = try await PageFixtures.participant(server, randomized: true)
            let other = try await PageFixtures.participant(server, randomized: true)
            let headers = try await server.bearer(for: .coordinator)
            let cache = try #require(server.app.casebookAnswerCache)
            let tester = try server.app.testing()
            let path = "/api/v1/participants/\(participant)/casebook"
            let first = try await tester.sendRequest(.GET, path, headers: headers)
            let computedBefore = cache.hitsAndMisses.misses
            var coordinator = try await PageSession.signIn(server, as: .coordinator)
            let today = PageFixtures.today.iso8601
            func saveFollowUp(_ id: String) async throws -> String {
                try await coordinator.get("/participants/\(id)/forms/followUp/new")
                let saved = try await coordinator.post("/participants/\(id)/forms/followUp", ["date": today, "status": "alive", "lastKnownAliveDate": today])
                #expect(saved.status == .seeOther, "\(saved.body.string)")
                return String(saved.location.split(separator: "?")[0])
            }

            _ = try await saveFollowUp(other)
            let afterOther = try await tester.sendRequest(.GET, path, headers: headers)
            #expect(afterOther.body.string == first.body.string)
            #expect(cache.hitsAndMisses.misses == computedBefore, "another participant's form leaves this answer as it was")

            let formPath = try await saveFollowUp(participant)
            let afterSave = try await tester.sendRequest(.GET, path, headers: headers)
            #expect(cache.hitsAndMisses.misses == computedBefore + 1)
            #expect(afterSave.body.string.contains("\"form\":\"followUp\""))
            #expect(afterSave.body.string == (try await TestServer.computedCasebook(server, participant: participant, headers: headers)))

            let page = try await coordinator.get(formPath)
            let version = try #require(PageRenderingTests.matches(#"name="version" value="([0-9]+)""#, in: page.body.string).first)
            let corrected = try await coordinator.post(formPath, ["date": today, "status": "lostToFollowUp", "lastKnownAliveDate": today,
                                                                 "version": version, "reason": "the call reached a relative only"])
            #expect(corrected.status == .seeOther, "\(corrected.body.string)")
            let afterCorrection = try await tester.sendRequest(.GET, path, headers: headers)
            #expect(cache.hitsAndMisses.misses == computedBefore + 2)
            #expect(afterCorrection.body.string.contains("lostToFollowUp"))
            #expect(afterCorrection.body.string == (try await TestServer.computedCasebook(server, participant: participant, headers: headers)))
        }
    }

    /// The cheap check (same head), then the data's own (same marker, which moves the entry to the newer head).
    @Test func an_answer_is_given_again_for_the_same_head_or_the_same_data_on_the_same_day() {
        let cache = CasebookAnswerCache()
        let day = CalendarDate(year: 2026, month: 1, day: 1)!
        let kept = CasebookDataVersion(headSequence: 5, headHash: "h5", marker: "m")
        cache.keep(Data("a".utf8), participantID: "p", version: kept, formIDs: ["f"], day: day)
        #expect(cache.keptFormIDs(participantID: "p") == ["f"])
        #expect(cache.answer(participantID: "p", version: CasebookDataVersion(headSequence: 5, headHash: "h5", marker: "other"), day: day) != nil)
        #expect(cache.answer(participantID: "p", version: CasebookDataVersion(headSequence: 9, headHash: "h9", marker: "m"), day: day) != nil)
        // The entry now carries head 9: the same head answers whatever the marker.
        #expect(cache.answer(participantID: "p", version: CasebookDataVersion(headSequence: 9, headHash: "h9", marker: "x"), day: day) != nil)
        #expect(cache.answer(participantID: "p", version: CasebookDataVersion(headSequence: 10, headHash: "h10", marker: "n"), day: day) == nil)
        #expect(cache.answer(participantID: "p", version: CasebookDataVersion(headSequence: 9, headHash: "h9", marker: "m"), day: day.adding(days: 1)) == nil)
        #expect(cache.hitsAndMisses == (hits: 3, misses: 2))
    }

    @Test func a_full_cache_drops_its_oldest_half() {
        let cache = CasebookAnswerCache()
        let version = CasebookDataVersion(headSequence: 1, headHash: "h", marker: "d")
        let day = CalendarDate(year: 2026, month: 1, day: 1)!
        for index in 0...CasebookAnswerCache.capacity {
            cache.keep(Data("\(index)".utf8), participantID: "p\(index)", version: version, formIDs: [], day: day)
        }
        #expect(cache.count <= CasebookAnswerCache.capacity / 2 + 1)
        #expect(cache.answer(participantID: "p\(CasebookAnswerCache.capacity)", version: version, day: day) == Data("\(CasebookAnswerCache.capacity)".utf8))
        #expect(cache.answer(participantID: "p0", version: version, day: day) == nil)
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
