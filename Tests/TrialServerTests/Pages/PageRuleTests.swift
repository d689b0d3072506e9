import Fluent
import Foundation
import Testing
import TrialCore
@testable import TrialServer
import TrialStore
import Vapor
import VaporTesting

/// Decisions the pages made on their own, now asked of TrialCore (each failed before).
@Suite struct PageRuleTests {
    /// The checklist read any answer but "yes" as "no"; for an exclusion criterion "no" qualifies, so a
    /// malformed answer made a patient eligible.
    @Test func an_answer_that_is_neither_yes_nor_no_is_refused_not_read_as_no() async throws {
        try await TestServer.run { server in
            var coordinator = try await PageSession.signIn(server, as: .coordinator)
            try await coordinator.get("/screenings/new")
            var fields = PageFixtures.checklist()
            fields["answers.E01"] = "maybe"
            let refused = try await coordinator.post("/screenings", fields)
            #expect(refused.status == .unprocessableEntity)
            let html = refused.body.string
            let row = try #require(html.range(of: "id=\"f-answers-E01-no\"").map { String(html[$0.upperBound...].prefix(400)) })
            #expect(row.contains("feedback error\">&#39;maybe&#39; is not an answer: choose yes or no"), "the error is at the answer: \(row)")
            #expect(try await ScreeningRecord.query(on: server.app.db).count() == 0)
            fields["answers.E01"] = "No"
            #expect(try await coordinator.post("/screenings", fields).status == .seeOther, "any letter case of yes and no is an answer")
        }
    }

    /// The form page allowed ages 0-120 while the baseline's rule refuses outside 18-110: the bounds are now
    /// read from the rule.
    @Test func the_form_page_bounds_inputs_by_the_rules_own_ranges() async throws {
        try await TestServer.run { server in
            let participant = try await PageFixtures.participant(server, randomized: true)
            var coordinator = try await PageSession.signIn(server, as: .coordinator)
            let baseline = try await coordinator.get("/participants/\(participant)/forms/baseline/new").body.string
            #expect(baseline.contains("name=\"ageYears\" value=\"\" step=\"1\" min=\"\(BaselineForm.plausibleAge.lowerBound)\" max=\"\(BaselineForm.plausibleAge.upperBound)\""))
            #expect(baseline.contains("name=\"ecog\" value=\"\" step=\"1\" min=\"0\" max=\"\(BaselineForm.ecogScale.upperBound)\""))
            let adverse = try await coordinator.get("/participants/\(participant)/forms/adverseEvents/new").body.string
            #expect(adverse.contains("min=\"\(AdverseEventRecord.gradeScale.lowerBound)\" max=\"\(AdverseEventRecord.gradeScale.upperBound)\""))
        }
    }
}
