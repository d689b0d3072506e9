import Foundation
import Testing
import TrialCore
@testable import TrialStore

@Suite struct DecodedTextCacheTests {
    static func followUp(_ day: Int) throws -> (CaseReportEntry, String) {
        let date = CalendarDate(year: 2026, month: 3, day: day)!
        let entry = CaseReportEntry.followUp(FollowUpForm(date: date, status: .alive, lastKnownAliveDate: date))
        return (entry, try entry.canonicalJSON())
    }

    @Test func a_form_is_decoded_again_when_its_stored_text_changes_and_given_again_while_it_does_not() throws {
        let cache = DecodedTextCache<DecodedForms.Stored, CaseReportEntry>(capacity: 10)
        let id = UUID()
        let (first, firstJSON) = try Self.followUp(2)
        let (corrected, correctedJSON) = try Self.followUp(9)
        #expect(try DecodedForms.entry(id: id, kind: .followUp, json: firstJSON, in: cache) == first)
        #expect(try DecodedForms.entry(id: id, kind: .followUp, json: firstJSON, in: cache) == first)
        // The same ID with the corrected text: the correction, never the form as first saved.
        #expect(try DecodedForms.entry(id: id, kind: .followUp, json: correctedJSON, in: cache) == corrected)
        #expect(try DecodedForms.entry(id: id, kind: .followUp, json: firstJSON, in: cache) == first)
        #expect(cache.count == 1)
    }

    @Test func text_that_does_not_decode_is_refused_every_time_and_never_kept() throws {
        let cache = DecodedTextCache<DecodedForms.Stored, CaseReportEntry>(capacity: 10)
        let id = UUID()
        #expect(throws: (any Error).self) { try DecodedForms.entry(id: id, kind: .followUp, json: #"{"date":"not a date"}"#, in: cache) }
        #expect(throws: (any Error).self) { try DecodedForms.entry(id: id, kind: .followUp, json: #"{"date":"not a date"}"#, in: cache) }
        #expect(cache.count == 0)
    }

    @Test func a_full_cache_drops_the_half_used_longest_ago() throws {
        let cache = DecodedTextCache<String, Int>(capacity: 10)
        let ids = (0..<11).map { _ in UUID() }
        for (index, id) in ids.prefix(10).enumerated() { _ = try cache.value(id: id, text: "\(index)") { Int($0)! } }
        // The first one is used again: it is now among the most recent.
        _ = try cache.value(id: ids[0], text: "0") { _ in Issue.record("decoded again"); return -1 }
        _ = try cache.value(id: ids[10], text: "10") { Int($0)! }
        #expect(cache.count <= 6)
        var decodedAgain = false
        _ = try cache.value(id: ids[0], text: "0") { _ in decodedAgain = true; return 0 }
        #expect(!decodedAgain)
        _ = try cache.value(id: ids[1], text: "1") { _ in decodedAgain = true; return 1 }
        #expect(decodedAgain)
    }
}
