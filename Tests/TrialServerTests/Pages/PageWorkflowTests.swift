import FluentKit
import Foundation
import Testing
import TrialCore
@testable import TrialServer
import TrialStore
import Vapor
import VaporTesting

/// The site's work through the pages: the same services and rules as the API, errors at their fields,
/// the computed response while typing, queries and signatures, CSRF on every form.
@Suite struct PageWorkflowTests {
    @Test func a_patient_is_screened_consented_enrolled_and_randomized_through_the_pages_and_the_arm_is_shown() async throws {
        try await TestServer.run { server in
            let participant = try await PageFixtures.participant(server, randomized: false)
            var coordinator = try await PageSession.signIn(server, as: .coordinator)
            let confirmation = try await coordinator.get("/participants/\(participant)/randomize")
            #expect(confirmation.status == .ok)
            #expect(confirmation.body.string.contains("6-7"), "the confirmation restates the stratum")
            let unconfirmed = try await coordinator.post("/participants/\(participant)/randomize", [:])
            #expect(unconfirmed.status == .unprocessableEntity)
            #expect(unconfirmed.body.string.contains("confirm-error"))
            let record = try #require(try await ParticipantRecord.query(on: server.app.db).filter(\.$participantID == participant).first())
            #expect(record.arm == nil, "nothing is assigned without the confirmation")

            let done = try await coordinator.post("/participants/\(participant)/randomize", ["confirm": "yes"])
            #expect(done.status == .seeOther)
            let casebook = try await coordinator.get(done.location)
            let assigned = try #require(try await ParticipantRecord.query(on: server.app.db).filter(\.$participantID == participant).first()?.arm)
            let label = try #require(server.app.trialContext.study.arm(code: assigned)?.label.en)
            #expect(casebook.body.string.contains("id=\"assigned-arm\"><strong>\(label)"))
        }
    }

    @Test func a_refused_screening_shows_the_checklist_again_with_the_error_at_the_field() async throws {
        try await TestServer.run { server in
            var coordinator = try await PageSession.signIn(server, as: .coordinator)
            try await coordinator.get("/screenings/new")
            var fields = PageFixtures.checklist()
            fields["values.ecog"] = "9"
            let refused = try await coordinator.post("/screenings", fields)
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.string.contains("class=\"feedback error\" id=\"fb-f-values-ecog\""), "\(refused.body.string)")
            #expect(refused.body.string.contains("value=\"61\""), "what was typed is kept")
            #expect(try await ScreeningRecord.query(on: server.app.db).count() == 0)
        }
    }

    @Test func a_form_with_a_hard_error_is_shown_again_with_the_error_next_to_the_field_and_nothing_saved() async throws {
        try await TestServer.run { server in
            let participant = try await PageFixtures.participant(server, randomized: true)
            var coordinator = try await PageSession.signIn(server, as: .coordinator)
            try await coordinator.get("/participants/\(participant)/forms/followUp/new")
            let future = PageFixtures.today.adding(days: 30).iso8601
            let refused = try await coordinator.post("/participants/\(participant)/forms/followUp",
                                                     ["date": future, "status": "alive", "lastKnownAliveDate": future])
            #expect(refused.status == .unprocessableEntity)
            let html = refused.body.string
            #expect(html.contains("class=\"feedback error\" id=\"fb-f-date\""), "\(html)")
            #expect(html.contains("in the future"))
            #expect(html.contains("value=\"\(future)\""), "what was typed is kept")
            #expect(try await CaseReportFormRecord.query(on: server.app.db).count() == 0)

            // A word in a number box is named at its field before any rule runs.
            try await coordinator.get("/participants/\(participant)/forms/baseline/new")
            var baseline = PageFixtures.baseline()
            baseline["lesions[1][sizeMm]"] = "twenty"
            let unreadable = try await coordinator.post("/participants/\(participant)/forms/baseline", baseline)
            #expect(unreadable.status == .unprocessableEntity)
            #expect(unreadable.body.string.contains("class=\"feedback error\" id=\"fb-f-lesions-1--sizeMm\""))
        }
    }

    @Test func the_recist_response_is_computed_by_the_server_while_measurements_are_typed_and_shown_after_saving() async throws {
        try await TestServer.run { server in
            let participant = try await PageFixtures.participant(server, randomized: true)
            var coordinator = try await PageSession.signIn(server, as: .coordinator)
            try await coordinator.get("/participants/\(participant)/forms/baseline/new")
            let baseline = try await coordinator.post("/participants/\(participant)/forms/baseline", PageFixtures.baseline())
            #expect(baseline.status == .seeOther, "\(baseline.body.string)")

            let form = try await coordinator.get("/participants/\(participant)/forms/tumourAssessment/new")
            #expect(form.body.string.contains("data-preview=\"/participants/\(participant)/forms/tumourAssessment/preview\""))
            #expect(form.body.string.contains("30 mm"), "the table of lesions by visit shows the baseline size")
            // Baseline sum 55 mm; 30 + 8 = 38 mm is a 30.9% decrease: partial response.
            let partial = try await coordinator.post("/participants/\(participant)/forms/tumourAssessment/preview", PageFixtures.assessment(l1: "30", l2: "8"))
            #expect(partial.status == .ok)
            let answer = try partial.content.decode(CaseReportFormPages.PreviewAnswer.self)
            #expect(answer.errors.isEmpty, "\(answer.errors)")
            #expect(answer.response.contains { $0.value.hasPrefix("PR") }, "\(answer.response)")
            let stable = try await coordinator.post("/participants/\(participant)/forms/tumourAssessment/preview", PageFixtures.assessment(l1: "30", l2: "20"))
            #expect(try stable.content.decode(CaseReportFormPages.PreviewAnswer.self).response.contains { $0.value.hasPrefix("SD") })
            #expect(try await CaseReportFormRecord.query(on: server.app.db).count() == 1, "the live check saves nothing")

            let saved = try await coordinator.post("/participants/\(participant)/forms/tumourAssessment", PageFixtures.assessment(l1: "30", l2: "8"))
            #expect(saved.status == .seeOther, "\(saved.body.string)")
            let page = try await coordinator.get(saved.location)
            #expect(page.body.string.contains("id=\"computed-response\""))
            #expect(page.body.string.contains("PR · "))
        }
    }

    @Test func a_correction_needs_a_reason_and_is_shown_again_without_one() async throws {
        try await TestServer.run { server in
            let participant = try await PageFixtures.participant(server, randomized: true)
            var coordinator = try await PageSession.signIn(server, as: .coordinator)
            let today = PageFixtures.today.iso8601
            try await coordinator.get("/participants/\(participant)/forms/followUp/new")
            let saved = try await coordinator.post("/participants/\(participant)/forms/followUp", ["date": today, "status": "alive", "lastKnownAliveDate": today])
            #expect(saved.status == .seeOther, "\(saved.body.string)")
            let path = String(saved.location.split(separator: "?")[0])
            let page = try await coordinator.get(path)
            let version = try #require(PageRenderingTests.matches(#"name="version" value="([0-9]+)""#, in: page.body.string).first)
            let noReason = try await coordinator.post(path, ["date": today, "status": "lostToFollowUp", "lastKnownAliveDate": today, "version": version])
            #expect(noReason.status == .unprocessableEntity)
            #expect(noReason.body.string.contains("class=\"feedback error\" id=\"fb-reason\""))
            let corrected = try await coordinator.post(path, ["date": today, "status": "lostToFollowUp", "lastKnownAliveDate": today,
                                                              "version": version, "reason": "the call reached a relative only"])
            #expect(corrected.status == .seeOther, "\(corrected.body.string)")
        }
    }

    @Test func a_monitor_raises_the_site_answers_and_the_monitor_closes_a_query_and_reads_the_audit_history() async throws {
        try await TestServer.run { server in
            let participant = try await PageFixtures.participant(server, randomized: true)
            var monitor = try await PageSession.signIn(server, as: .monitor)
            try await monitor.get("/participants/\(participant)")
            let raised = try await monitor.post("/participants/\(participant)/queries",
                                                ["field": "consent.date", "text": "Please confirm the consent date against the signed form", "returnTo": "/participants/\(participant)"])
            #expect(raised.status == .seeOther)
            let query = try #require(try await DataQueryRecord.query(on: server.app.db).first())
            let id = try #require(query.id).uuidString.lowercased()

            var coordinator = try await PageSession.signIn(server, as: .coordinator)
            let inbox = try await coordinator.get("/queries")
            #expect(inbox.body.string.contains("id=\"answer-\(id)\""))
            let answered = try await coordinator.post("/queries/\(id)/answer", ["text": "Checked: 2.1 signed today", "returnTo": "/queries"])
            #expect(answered.status == .seeOther)
            let refused = try await coordinator.post("/queries/\(id)/close", ["returnTo": "/queries"])
            #expect(refused.status == .forbidden, "the site does not close its own queries")

            try await monitor.get("/queries?status=answered")
            let closed = try await monitor.post("/queries/\(id)/close", ["returnTo": "/queries"])
            #expect(closed.status == .seeOther)
            #expect(try await DataQueryRecord.find(try #require(query.id), on: server.app.db)?.status == "closed")

            let history = try await monitor.get("/audit?entityType=query&entityID=\(id)")
            #expect(history.status == .ok)
            #expect(history.body.string.contains("Checked: 2.1 signed today"))
            #expect(history.body.string.contains("Query raised <code>raise-query</code>"), "the action is named and its code kept")
            let chineseHistory = try await monitor.get("/audit?entityType=query&entityID=\(id)&lang=zh-Hans")
            #expect(chineseHistory.body.string.contains("发起质疑 <code>raise-query</code>"))
            #expect(chineseHistory.body.string.contains("质疑 \(id)"), "the record type is named in Chinese")
        }
    }

    @Test func the_qlq_c30_is_entered_as_on_paper_and_its_scores_are_shown_after_saving() async throws {
        try await TestServer.run { server in
            let participant = try await PageFixtures.participant(server, randomized: true)
            var coordinator = try await PageSession.signIn(server, as: .coordinator)
            let form = try await coordinator.get("/participants/\(participant)/forms/qlqC30/new")
            #expect(form.body.string.contains("name=\"answers[q30]\""), "one row of boxes per question")
            var fields = ["date": PageFixtures.today.iso8601, "timepoint": "BL", "completedBy": "transcribedFromPaper"]
            // Best functioning and no symptoms: every functional scale scores 100, every symptom scale 0.
            for item in 1...28 { fields["answers[q\(item)]"] = "1" }
            for item in 29...30 { fields["answers[q\(item)]"] = "7" }
            let saved = try await coordinator.post("/participants/\(participant)/forms/qlqC30", fields)
            #expect(saved.status == .seeOther, "\(saved.body.string)")
            let page = try await coordinator.get(saved.location)
            let html = page.body.string
            #expect(html.contains("id=\"qlq-scores\""))
            #expect(html.contains("PF2 · Physical functioning</th><td class=\"number\">100.0"))
            #expect(html.contains("FA · Fatigue</th><td class=\"number\">0.0"))
            #expect(html.contains("QL2 · Global health status</th><td class=\"number\">100.0"))
        }
    }

    @Test func a_screening_is_corrected_with_a_reason_and_its_eligibility_evaluated_again() async throws {
        try await TestServer.run { server in
            var coordinator = try await PageSession.signIn(server, as: .coordinator)
            try await coordinator.get("/screenings/new")
            let screened = try await coordinator.post("/screenings", PageFixtures.checklist())
            let path = String(screened.location.split(separator: "?")[0])
            let edit = try await coordinator.get("\(path)/edit")
            #expect(edit.status == .ok)
            #expect(edit.body.string.contains("value=\"61\""), "the checklist shows what was saved")
            let version = try #require(PageRenderingTests.matches(#"name="version" value="([0-9]+)""#, in: edit.body.string).first)
            var fields = PageFixtures.checklist(lesions: 12)
            fields["version"] = version
            let noReason = try await coordinator.post(path, fields)
            #expect(noReason.status == .unprocessableEntity)
            #expect(noReason.body.string.contains("class=\"feedback error\" id=\"fb-reason\""))
            fields["reason"] = "recounted on the CT report: twelve lesions"
            let corrected = try await coordinator.post(path, fields)
            #expect(corrected.status == .seeOther, "\(corrected.body.string)")
            let detail = try await coordinator.get(corrected.location)
            #expect(detail.body.string.contains("status-ineligible"), "more than ten lesions: no longer eligible")
        }
    }

    @Test func a_serious_adverse_event_appears_on_the_monitors_dashboard_until_acknowledged() async throws {
        try await TestServer.run { server in
            let participant = try await PageFixtures.participant(server, randomized: true)
            var coordinator = try await PageSession.signIn(server, as: .coordinator)
            try await coordinator.get("/participants/\(participant)/forms/adverseEvents/new")
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "UTC")
            formatter.dateFormat = "yyyy-MM-dd'T'HH:mm"
            let saved = try await coordinator.post("/participants/\(participant)/forms/adverseEvents", [
                "term": "Pneumothorax", "grade": "3", "onsetDate": PageFixtures.today.iso8601, "outcome": "recovering",
                "seriousnessCriteria[]": "hospitalization", "siteAwareAt": formatter.string(from: Date().addingTimeInterval(-60)),
            ])
            #expect(saved.status == .seeOther, "\(saved.body.string)")
            let formID = String(saved.location.split(separator: "?")[0].split(separator: "/").last ?? "")

            var monitor = try await PageSession.signIn(server, as: .monitor)
            let home = try await monitor.get("/")
            #expect(home.body.string.contains("id=\"serious-events\""))
            #expect(home.body.string.contains("action=\"/safety/serious-events/\(formID)/acknowledge\""))
            let acknowledged = try await monitor.post("/safety/serious-events/\(formID)/acknowledge", [:])
            #expect(acknowledged.status == .seeOther)
            let after = try await monitor.get("/")
            #expect(!after.body.string.contains("/safety/serious-events/\(formID)/acknowledge"))
            let record = try await CaseReportFormRecord.find(UUID(uuidString: formID), on: server.app.db)
            #expect(record?.acknowledgedBy == TestServer.username(for: .monitor))
        }
    }

    @Test func a_monitor_verifies_and_a_data_manager_locks_a_form_which_the_site_then_cannot_change() async throws {
        try await TestServer.run { server in
            let participant = try await PageFixtures.participant(server, randomized: true)
            var coordinator = try await PageSession.signIn(server, as: .coordinator)
            let today = PageFixtures.today.iso8601
            try await coordinator.get("/participants/\(participant)/forms/followUp/new")
            let saved = try await coordinator.post("/participants/\(participant)/forms/followUp", ["date": today, "status": "alive", "lastKnownAliveDate": today])
            let path = String(saved.location.split(separator: "?")[0])

            var monitor = try await PageSession.signIn(server, as: .monitor)
            let read = try await monitor.get(path)
            #expect(read.body.string.contains("fieldset class=\"whole\" disabled"), "a monitor reads the form without changing it")
            #expect(try await monitor.post("\(path)/verify", [:]).status == .seeOther)
            #expect(try await monitor.get(path).body.string.contains("Verified by \(TestServer.username(for: .monitor))"))
            #expect(try await monitor.post("\(path)/lock", [:]).status == .forbidden, "only a data manager locks")

            var dataManager = try await PageSession.signIn(server, as: .dataManager)
            try await dataManager.get(path)
            #expect(try await dataManager.post("\(path)/lock", [:]).status == .seeOther)
            let locked = try await coordinator.get(path)
            #expect(locked.body.string.contains("fieldset class=\"whole\" disabled"), "the site sees a locked form read-only")
            try await dataManager.get(path)
            let refused = try await dataManager.post("\(path)/unlock", [:])
            #expect(refused.status == .seeOther, "a refused unlock goes back to the form")
            let explained = try await dataManager.get(refused.location)
            #expect(explained.body.string.contains("id=\"refusal\""), "the form says why the unlock was refused")
            #expect(explained.body.string.contains("fieldset class=\"whole\" disabled"), "and the form stays locked")
            #expect(try await dataManager.post("\(path)/unlock", ["reason": "site correction of the contact date requested"]).status == .seeOther)
            let open = try await coordinator.get(path)
            #expect(!open.body.string.contains("fieldset class=\"whole\" disabled"))
        }
    }

    @Test func a_refused_query_step_is_explained_on_the_page_in_its_language_and_changes_nothing() async throws {
        try await TestServer.run { server in
            let participant = try await PageFixtures.participant(server, randomized: true)
            var monitor = try await PageSession.signIn(server, as: .monitor)
            try await monitor.get("/participants/\(participant)")
            _ = try await monitor.post("/participants/\(participant)/queries",
                                       ["field": "consent.date", "text": "Please confirm the consent date", "returnTo": "/participants/\(participant)"])
            let query = try #require(try await DataQueryRecord.query(on: server.app.db).first())
            let id = try #require(query.id).uuidString.lowercased()

            var coordinator = try await PageSession.signIn(server, as: .coordinator)
            try await coordinator.choose(.simplifiedChinese)
            try await coordinator.get("/queries")
            let refused = try await coordinator.post("/queries/\(id)/answer", ["text": "  ", "returnTo": "/queries"])
            #expect(refused.status == .seeOther, "an empty answer goes back to the inbox")
            let inbox = try await coordinator.get(refused.location)
            let html = inbox.body.string
            let alert = try #require(html.range(of: "id=\"refusal\"").map { String(html[$0.upperBound...].prefix(400)) })
            #expect(alert.contains("操作未完成"), "\(alert)")
            #expect(!html.contains("is required: the answer to the query"), "the rule's message is phrased in Chinese")
            #expect(PageRenderingTests.untranslatedKeys(in: html).isEmpty)
            #expect(try await DataQueryRecord.find(try #require(query.id), on: server.app.db)?.status == "open", "nothing changed")
            let again = try await coordinator.get("/queries")
            #expect(!again.body.string.contains("id=\"refusal\""), "the explanation shows once")
        }
    }

    @Test func a_chinese_page_phrases_the_rule_shows_ctcae_names_and_offers_no_second_baseline() async throws {
        try await TestServer.run { server in
            let participant = try await PageFixtures.participant(server, randomized: true)
            var coordinator = try await PageSession.signIn(server, as: .coordinator)
            try await coordinator.choose(.simplifiedChinese)
            try await coordinator.get("/participants/\(participant)/forms/followUp/new")
            let future = PageFixtures.today.adding(days: 30).iso8601
            let refused = try await coordinator.post("/participants/\(participant)/forms/followUp",
                                                     ["date": future, "status": "alive", "lastKnownAliveDate": future])
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.string.contains("\(future) 晚于今天"), "the date rule in Chinese")
            #expect(!refused.body.string.contains("is in the future"))

            let before = try await coordinator.get("/participants/\(participant)")
            #expect(before.body.string.contains("/forms/baseline/new"))
            try await coordinator.get("/participants/\(participant)/forms/baseline/new")
            #expect(try await coordinator.post("/participants/\(participant)/forms/baseline", PageFixtures.baseline()).status == .seeOther)
            let after = try await coordinator.get("/participants/\(participant)")
            #expect(!after.body.string.contains("/forms/baseline/new"), "a saved baseline is corrected, not entered again")
            #expect(after.body.string.contains("/forms/tumourAssessment/new"))

            let adverse = try await coordinator.get("/participants/\(participant)/forms/adverseEvents/new")
            #expect(adverse.body.string.contains("<option value=\"Pneumothorax\">气胸</option>"), "CTCAE terms offered with their Chinese names")
            let english = try await coordinator.get("/participants/\(participant)/forms/adverseEvents/new?lang=en")
            #expect(english.body.string.contains("<option value=\"Pneumothorax\"></option>"))
        }
    }

    @Test func every_page_form_needs_the_sessions_csrf_token() async throws {
        try await TestServer.run { server in
            let participant = try await PageFixtures.participant(server, randomized: true)
            var coordinator = try await PageSession.signIn(server, as: .coordinator)
            try await coordinator.get("/participants/\(participant)/forms/followUp/new")
            let today = PageFixtures.today.iso8601
            let fields = ["date": today, "status": "alive", "lastKnownAliveDate": today]
            let missing = try await coordinator.post("/participants/\(participant)/forms/followUp", fields, withToken: false)
            #expect(missing.status == .forbidden)
            var forged = fields
            forged["_csrf"] = "forged-token"
            let wrong = try await coordinator.post("/participants/\(participant)/forms/followUp", forged, withToken: false)
            #expect(wrong.status == .forbidden)
            #expect(try await CaseReportFormRecord.query(on: server.app.db).count() == 0)
            let accepted = try await coordinator.post("/participants/\(participant)/forms/followUp", fields)
            #expect(accepted.status == .seeOther)
        }
    }

    @Test func an_investigator_signs_only_with_the_password_re_entered() async throws {
        try await TestServer.run { server in
            let participant = try await PageFixtures.participant(server, randomized: true)
            var investigator = try await PageSession.signIn(server, as: .investigator)
            let casebook = try await investigator.get("/participants/\(participant)")
            #expect(casebook.body.string.contains("id=\"sign-password\""))
            let wrong = try await investigator.post("/participants/\(participant)/signature", ["password": "not my password"])
            #expect(wrong.status == .unprocessableEntity)
            #expect(wrong.body.string.contains("id=\"sign-error\""))
            let signed = try await investigator.post("/participants/\(participant)/signature", ["password": TestServer.password])
            #expect(signed.status == .seeOther)
            let record = try await ParticipantRecord.query(on: server.app.db).filter(\.$participantID == participant).first()
            #expect(record?.signedBy == TestServer.username(for: .investigator))
        }
    }
}
