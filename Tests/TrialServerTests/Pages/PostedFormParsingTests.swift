import Foundation
import PropertyBased
import Testing
import TrialCore
@testable import TrialServer

/// The page-form parser on random hostile input: names with brackets, row indices far beyond any list
/// (huge, negative, non-ASCII digits), unicode, duplicates, broken percent escapes, thousands of fields. It
/// must never trap: every body becomes a form's values or a refusal (`ValidationFailure`, a 422).
@Suite struct PostedFormParsingTests {
    static let fragments = [
        "lesions", "targets", "labs", "nonTargets", "answers", "drugs", "[", "]", "[]", "][", "[[", "]]", ".", "=", "%", "%2", "%ZZ",
        "%5B", "%5D", "+", "9223372036854775807", "9223372036854775808", "-1", "-9223372036854775808", "0", "59", "60",
        "00000000000000000000001", "٣", "½", "Ⅻ", "１", "sizeMm", "id", "mm", "date", "_csrf", "名称", "\u{202E}", "\u{0}", "🙂",
    ]

    static func randomBody(seed: Int, fields: Int) -> String {
        var generator = Xoshiro256StarStar(state: (UInt64(seed) | 1, 0x9E37_79B9_7F4A_7C15, UInt64(fields) &+ 7, 42))
        var parts: [String] = []
        let lists = ["lesions", "targets", "nonTargets", "labs", "treatedLesions", "newLesions", "agents", "drugs"]
        let indices = ["0", "1", "59", "60", "-1", "9223372036854775807", "9223372036854775808", "99999999999999999999999", "٣", "１", ""]
        for _ in 0..<fields {
            let name: String
            if Bool.random(using: &generator) {
                // Shaped like a row of a list, with a row number from the hostile set.
                let key = fragments.randomElement(using: &generator)!
                name = "\(lists.randomElement(using: &generator)!)[\(indices.randomElement(using: &generator)!)][\(key)]"
            } else {
                let nameLength = Int.random(in: 1...6, using: &generator)
                name = (0..<nameLength).map { _ in fragments.randomElement(using: &generator)! }.joined()
            }
            let value = Bool.random(using: &generator) ? fragments.randomElement(using: &generator)! : String(Int.random(in: -99...99_999, using: &generator))
            parts.append(Bool.random(using: &generator) ? "\(name)=\(value)" : name)
        }
        return parts.joined(separator: "&")
    }

    @Test func random_hostile_bodies_become_values_or_refusals_and_never_trap() async throws {
        try await TestServer.run { server in
            let study = server.app.trialContext.study
            let texts = PageText(catalogue: .of(.english))
            let layouts = CaseReportEntry.recordedKinds.map { CaseReportFormLayout.of($0, study: study, casebook: Casebook(participantId: "960-0001")) }
            await propertyCheck(input: Gen.int(in: 1...1_000_000), Gen.int(in: 0...400)) { seed, fields in
                let body = Self.randomBody(seed: seed, fields: fields)
                do {
                    let posted = try PostedForm(body: body)
                    for layout in layouts {
                        do {
                            let submission = try CaseReportFormSubmission(posted, layout: layout, texts: texts)
                            #expect(!submission.jsonData.isEmpty)
                        } catch let failure as ValidationFailure {
                            #expect(!failure.errors.isEmpty)
                            #expect(failure.errors.allSatisfy { $0.rule != nil })
                        }
                    }
                } catch let failure as ValidationFailure {
                    #expect(!failure.errors.isEmpty)
                } catch {
                    Issue.record("an unexpected error: \(error)")
                }
            }
        }
    }

    @Test func ten_thousand_fields_are_refused_and_the_largest_allowed_form_is_read() throws {
        let tooMany = Self.randomBody(seed: 7, fields: 10_000)
        #expect(throws: ValidationFailure.self) { try PostedForm(body: tooMany) }
        let allowed = (0..<InputLimits.pageFormFields).map { "lesions[\($0 % InputLimits.rowsPerList)][f\($0)]=1" }.joined(separator: "&")
        let posted = try PostedForm(body: allowed)
        #expect(posted.pairs.count == InputLimits.pageFormFields)
        #expect(posted.value("lesions[59].f59") == "1")
    }

    @Test func row_indices_are_read_only_within_the_list() {
        #expect(InputLimits.rowIndex("0") == 0)
        #expect(InputLimits.rowIndex("59") == 59)
        for text in ["60", "9223372036854775807", "99999999999999999999999", "-1", "", "٣", "１", "1e3", " 1"] {
            #expect(InputLimits.rowIndex(Substring(text)) == nil, "\(text)")
        }
    }
}
