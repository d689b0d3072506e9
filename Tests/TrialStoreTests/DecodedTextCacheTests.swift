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
}
