import Foundation
import Testing
import TrialCore

/// How a tumour assessment's PERCIST block is read, the same for the page and the API (the page filled the
/// date and dropped an empty block itself before).
@Suite struct PercistBlockTests {
    static func assessment(percist: String?) -> Data {
        let block = percist.map { #","percist":"# + $0 } ?? ""
        return Data((#"{"date":"2026-03-02","modality":"petCt","targets":[{"id":"L1","mm":24}],"nonTargets":[],"newLesions":[],"treatedLesions":[]"# + block + "}").utf8)
    }

    static func read(_ json: Data) throws -> TumourAssessmentForm {
        guard case .tumourAssessment(let form) = try CaseReportEntry.decode(kind: .tumourAssessment, json: json) else {
            throw ValidationFailure(field: "kind", message: "not a tumour assessment")
        }
        return form
    }

    @Test(arguments: ["{}", #"{"lesions":[]}"#, #"{"lesions":null}"#])
    func an_empty_percist_block_is_no_reading(block: String) throws {
        #expect(try Self.read(Self.assessment(percist: block)).percist == nil)
    }

    @Test func a_scan_without_its_own_date_is_dated_by_the_assessment() throws {
        let form = try Self.read(Self.assessment(percist: #"{"liverMean":2.0,"liverSD":0.2,"lesions":[{"id":"L1","sulPeak":3.1}]}"#))
        #expect(form.percist?.date == CalendarDate(iso8601: "2026-03-02"))
        #expect(form.percist?.lesions.count == 1)
        let noLesions = try Self.read(Self.assessment(percist: #"{"liverMean":2.0}"#))
        #expect(noLesions.percist?.lesions.isEmpty == true)
    }

    @Test func a_scan_date_given_is_kept_for_the_check_to_judge() throws {
        let form = try Self.read(Self.assessment(percist: #"{"date":"2026-03-09","liverMean":2.0,"lesions":[]}"#))
        #expect(form.percist?.date == CalendarDate(iso8601: "2026-03-09"))
        #expect(try Self.read(Self.assessment(percist: nil)).percist == nil)
    }
}
