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

/// Values the code used to guess when stored data could not be read; each is now a clear refusal.
@Suite struct NoSilentFallbackTests {
    @Test func a_query_with_an_unknown_stored_status_is_not_taken_for_open() async throws {
        try await TestServer.run { server in
            let participant = try await server.enrollThroughAPI()
            var monitor = try await server.bearer(for: .monitor)
            monitor.contentType = .json
            let tester = try server.app.testing()
            let raised = try await tester.sendRequest(.POST, "/api/v1/participants/\(participant)/queries", headers: monitor,
                                                      body: ByteBuffer(string: #"{"field":"consent.date","text":"Please confirm"}"#))
            let query = try raised.content.decode(DataQueryController.QueryView.self)
            let record = try #require(try await DataQueryRecord.find(query.id, on: server.app.db))
            record.status = "bogus"
            try await record.update(on: server.app.db)
            var coordinator = try await server.bearer(for: .coordinator)
            coordinator.contentType = .json
            let answer = try await tester.sendRequest(.POST, "/api/v1/queries/\(query.id)/answer", headers: coordinator,
                                                      body: ByteBuffer(string: #"{"text":"confirmed"}"#))
            #expect(answer.status == .conflict)
            #expect(answer.body.string.contains("store.queryStatusUnknown"))
            var page = try await PageSession.signIn(server, as: .monitor)
            #expect(try await page.get("/queries?status=open").body.string.contains("Please confirm") == false, "not listed as open")
        }
    }

    @Test func an_account_with_an_unknown_role_cannot_sign_in() async throws {
        try await TestServer.run { server in
            let account = try #require(try await server.users.user(named: TestServer.username(for: .monitor)))
            account.roleName = "superuser"
            try await account.update(on: server.app.db)
            let signIn = try await server.app.testing().sendRequest(.POST, "/api/v1/tokens", headers: ["Content-Type": "application/json"],
                                                                    body: ByteBuffer(string: #"{"username":"user-monitor","password":"\#(TestServer.password)"}"#))
            #expect(signIn.status == .unauthorized)
            let recorded = try await AuditEventRecord.query(on: server.app.db).filter(\.$entityID == "user-monitor").filter(\.$action == "sign-in").count()
            #expect(recorded == 0, "no success is recorded under a guessed role")
        }
    }

    @Test func the_report_stops_on_unreadable_screening_data_instead_of_leaving_it_out() async throws {
        try await TestServer.run { server in
            _ = try await server.enrollThroughAPI()
            let screening = try #require(try await ScreeningRecord.query(on: server.app.db).first())
            screening.valuesJSON = "{not json"
            try await screening.update(on: server.app.db)
            let report = try await server.app.testing().sendRequest(.GET, "/report", headers: try await server.bearer(for: .statistician))
            #expect(report.status == .conflict)
            #expect(report.body.string.contains(screening.screeningNumber))
        }
    }
}

@Suite struct LivePreviewTests {
    /// The live check ran the form's own rules but not the edit checks the save runs: it said nothing while
    /// the save raised a query. It now asks the save's own checks, without the write.
    @Test func the_live_check_answers_what_the_save_would() async throws {
        try await TestServer.run { server in
            let participant = try await PageFixtures.participant(server, randomized: true)
            var coordinator = try await PageSession.signIn(server, as: .coordinator)
            try await coordinator.get("/participants/\(participant)/forms/baseline/new")
            #expect(try await coordinator.post("/participants/\(participant)/forms/baseline", PageFixtures.baseline()).status == .seeOther)
            try await coordinator.get("/participants/\(participant)/forms/tumourAssessment/new")
            var fields = PageFixtures.assessment(l1: "30", l2: "25")
            fields["investigatorRecist"] = "CR"
            let preview = try await coordinator.post("/participants/\(participant)/forms/tumourAssessment/preview", fields)
            #expect(preview.status == .ok)
            let answer = try preview.content.decode(CaseReportFormPages.PreviewAnswer.self)
            #expect(answer.warnings.contains { $0.field == "investigatorRecist" }, "EC07 is a finding of the save: \(answer.warnings)")
            let saved = try await coordinator.post("/participants/\(participant)/forms/tumourAssessment", fields)
            #expect(saved.location.contains("saved-with-queries"), "and the save raises it as a query")
        }
    }
}

@Suite struct RefusalInPlaceTests {
    /// A consent correction without a reason landed on the general error page (only one kind of refusal was
    /// caught there); it is shown at the consent form now, with the form kept.
    @Test func a_consent_correction_without_a_reason_is_refused_at_the_consent_form() async throws {
        try await TestServer.run { server in
            var coordinator = try await PageSession.signIn(server, as: .coordinator)
            try await coordinator.get("/screenings/new")
            let screened = try await coordinator.post("/screenings", PageFixtures.checklist())
            let page = String(screened.location.split(separator: "?")[0])
            try await coordinator.get(page)
            let first = ["date": PageFixtures.today.iso8601, "formVersion": "2.1", "obtainedBy": "Dr Li"]
            #expect(try await coordinator.post("\(page)/consent", first).status == .seeOther)
            try await coordinator.get(page)
            var corrected = first
            corrected["formVersion"] = "2.2"
            let refused = try await coordinator.post("\(page)/consent", corrected)
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.string.contains("name=\"formVersion\""), "the screening page with its consent form, not the error page")
            #expect(refused.body.string.contains("say why saved data changes"))
        }
    }
}

@Suite struct QueryFieldLabelTests {
    /// Query lists named a field by its JSON path (`lesions[1].sizeMm`); they name it as the form does now.
    @Test func a_query_names_its_field_as_the_form_does_in_the_page_language() async throws {
        try await TestServer.run { server in
            let participant = try await PageFixtures.participant(server, randomized: true)
            var coordinator = try await PageSession.signIn(server, as: .coordinator)
            try await coordinator.get("/participants/\(participant)/forms/baseline/new")
            _ = try await coordinator.post("/participants/\(participant)/forms/baseline", PageFixtures.baseline())
            let baseline = try #require(try await CaseReportFormRecord.query(on: server.app.db).filter(\.$form == "baseline").first())
            var monitor = try await server.bearer(for: .monitor)
            monitor.contentType = .json
            let raised = try await server.app.testing().sendRequest(.POST, "/api/v1/participants/\(participant)/queries", headers: monitor,
                body: ByteBuffer(string: #"{"formID":"\#(baseline.auditEntityID)","field":"lesions[1].sizeMm","text":"Please check the size on the CT"}"#))
            #expect(raised.status == .created)
            let layout = CaseReportFormLayout.of(.baseline, study: server.app.trialContext.study, casebook: Casebook(participantId: participant))
            for language in [Language.english, .simplifiedChinese] {
                let label = try #require(layout.fieldLabel(ofPath: "lesions[1].sizeMm", texts: PageText(catalogue: .of(language))))
                #expect(label.contains(" 2 · "), "the row is counted from 1: \(label)")
                var page = try await PageSession.signIn(server, as: .monitor)
                let inbox = try await page.get("/queries?lang=\(language.rawValue)").body.string
                #expect(inbox.contains(label), "\(language): \(label)")
            }
            #expect(layout.fieldLabel(ofPath: "lesions[99999999999999999999].sizeMm", texts: PageText(catalogue: .of(.english))) == nil)
            // A questionnaire item is named as its form names it, and naming one asks for no other label.
            let questionnaire = CaseReportFormLayout.of(.qlqC30, study: server.app.trialContext.study, casebook: Casebook(participantId: participant))
            for language in [Language.english, .simplifiedChinese] {
                let asked = MissingCatalogueKeys()
                let texts = PageText(catalogue: .of(language), reportMissing: { key in asked.insert(key) })
                let label = try #require(questionnaire.fieldLabel(ofPath: "answers.q27", texts: texts))
                #expect(label == texts.format("field.qlqC30.item", ["n": "27"]))
                #expect(asked.all.isEmpty, "\(asked.all)")
            }
        }
    }
}

/// The recruitment chart's coordinates are written to a tenth of a pixel without a format string per point.
@Test func chart_coordinates_are_written_to_one_decimal() {
    #expect(DashboardPage.tenths(12.34) == "12.3")
    #expect(DashboardPage.tenths(12.35) == "12.4")
    #expect(DashboardPage.tenths(0) == "0.0")
    #expect(DashboardPage.tenths(-0.04) == "0.0")
    #expect(DashboardPage.tenths(-3.26) == "-3.3")
    #expect(DashboardPage.tenths(599.96) == "600.0")
    for value in stride(from: 0.0, through: 640.0, by: 0.37) {
        #expect(abs(Double(DashboardPage.tenths(value))! - value) <= 0.05 + 1e-9, "\(value)")
    }
}
