import Foundation
import Testing
import TrialCore
@testable import TrialServer
import TrialStore
import Vapor

/// Every page route is registered from `SiteURL`, and every link is built from it: a page registered by a
/// hand-typed path, or a case no route answers, fails here.
@Suite struct SiteURLTests {
    /// Every page route of the application, as its `SiteURL` pattern.
    static let pageRoutes: [SiteURL] = {
        let (p, form, formID, screening, query, user) = (SiteURL.participantID, SiteURL.formKind, SiteURL.formID, SiteURL.screeningID, SiteURL.queryID, SiteURL.userID)
        var all: [SiteURL] = [
            .home, .signIn, .signOut, .language, .accountPassword, .accounts, .participants, .participant(p), .randomize(p), .signCasebook(p),
            .forms(p, form), .newForm(p, form), .formPreview(p, form), .form(p, form, formID), .screenings, .newScreening, .screening(screening),
            .screeningCorrection(screening), .screeningConsent(screening), .screeningEnrollment(screening), .queries, .participantQueries(p),
            .audit, .report, .design, .acknowledgeSeriousEvent(formID),
        ]
        all += SiteURL.AccountAction.allCases.map { SiteURL.account(user, $0) }
        all += RecordControlService.CasebookControl.allCases.map { SiteURL.casebookControl(p, $0.rawValue) }
        all += RecordControlService.FormControl.allCases.map { SiteURL.formControl(p, form, formID, $0.rawValue) }
        all += DataQueryAction.allCases.map { SiteURL.queryAction(query, $0) }
        return all
    }()

    @Test func every_page_route_is_a_site_url_and_every_site_url_is_answered() async throws {
        try await TestServer.run { server in
            let notPages: Set<String> = ["/health", "/health/ready", "/openapi.json", "/metrics"]
            let paths: [String] = server.app.routes.all.map { "/" + $0.path.map(\.description).joined(separator: "/") }
            let registered = Set(paths.filter { !$0.hasPrefix("/api/") && !notPages.contains($0) })
            let declared = Set(Self.pageRoutes.map(\.path))
            #expect(registered.subtracting(declared).isEmpty, "page routes registered without SiteURL: \(registered.subtracting(declared).sorted())")
            #expect(declared.subtracting(registered).isEmpty, "SiteURL cases no route answers: \(declared.subtracting(registered).sorted())")
        }
    }

    @Test func links_escape_their_segments_and_the_audit_query() {
        #expect(SiteURL.participant("960-0001").path == "/participants/960-0001")
        #expect(SiteURL.participant("a b/c").path == "/participants/a%20b%2Fc")
        #expect(SiteURL.form("960-0001", "baseline", "abc").path == "/participants/960-0001/forms/baseline/abc")
        #expect(SiteURL.auditOf(entityType: "case-report-form", entityID: "x&y=z").path == "/audit?entityType=case-report-form&entityID=x%26y%3Dz")
        #expect(SiteURL.home.path == "/")
        #expect(SiteURL.screening("s1").path(notice: .screened) == "/screenings/s1?done=screened")
        #expect(SiteURL.auditOf(entityType: "t", entityID: "i").path(notice: .saved) == "/audit?entityType=t&entityID=i&done=saved")
    }

    /// The byte-level escaping gives what Foundation's `.urlPathAllowed` minus "/" gives, on every ASCII character
    /// alone and on generated strings mixing ASCII, Chinese, accents and emoji.
    @Test func segment_escaping_equals_foundation_on_every_character_and_on_generated_strings() {
        let allowed = CharacterSet.urlPathAllowed.subtracting(["/"])
        func reference(_ text: String) -> String { text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text }
        var samples = (0..<128).map { String(UnicodeScalar(UInt8($0))) }
        let pieces = ["960-0001", "a b", "é", "肺癌", "%", "/", "?", "#", "😀", "tumourAssessment", "~x", "[1]", "\\"]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<500 {
            samples.append((0..<Int.random(in: 1...6, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined())
        }
        for sample in samples {
            #expect(SiteURL.escapedSegment(sample) == reference(sample), "segment \(sample.debugDescription)")
        }
    }

    @Test func every_notice_has_a_text_in_both_languages_and_an_unknown_one_shows_nothing() async throws {
        for language in Language.allCases {
            let texts = Catalogue.of(language).texts
            for notice in PageNotice.allCases {
                #expect(texts["notice.\(notice.rawValue)"] != nil, "notice.\(notice.rawValue) missing in \(language)")
            }
        }
        #expect(PageNotice.afterSave(correction: false, raisedQueries: false) == .saved)
        #expect(PageNotice.afterSave(correction: true, raisedQueries: false) == .corrected)
        #expect(PageNotice.afterSave(correction: true, raisedQueries: true) == .savedWithQueries)
        try await TestServer.run { server in
            var session = try await PageSession.signIn(server, as: .coordinator)
            let shown = try await session.get("/queries?done=saved")
            #expect(shown.body.string.contains(Catalogue.of(.english).texts["notice.saved"]!))
            let unknown = try await session.get("/queries?done=not-a-notice")
            #expect(!unknown.body.string.contains("not-a-notice</"))
            #expect(unknown.status == .ok)
        }
    }

    @Test func a_percist_yes_or_no_answer_other_than_yes_or_no_is_refused_at_its_field() async throws {
        try await TestServer.run { server in
        let layout = CaseReportFormLayout.of(.tumourAssessment, study: server.app.trialContext.study, casebook: Casebook(participantId: "960-0001"))
        let texts = PageText(catalogue: .of(.english))
        for (raw, expected) in [("yes", true), ("no", false)] {
            let submission = try CaseReportFormSubmission(try PostedForm(body: "date=2026-03-02&percist.newLesions=\(raw)"), layout: layout, texts: texts)
            let json = try JSONSerialization.jsonObject(with: submission.jsonData) as? [String: Any]
            #expect((json?["percist"] as? [String: Any])?["newLesions"] as? Bool == expected)
        }
        let refused = try CaseReportFormSubmission(try PostedForm(body: "date=2026-03-02&percist.newLesions=maybe"), layout: layout, texts: texts)
        #expect(refused.inputErrors.map(\.field) == ["percist.newLesions"])
        #expect(refused.inputErrors.first?.rule != nil)
        }
    }

    @Test func long_lists_come_a_hundred_rows_at_a_time_with_links_to_the_others() async throws {
        try await TestServer.run { server in
            let today = CalendarDate(localDayOf: Date(), in: .current)
            _ = try await DemoTrialLoader(database: server.app.db, seed: 2, participants: 8, today: today, passwordHash: "x").load()
            var session = try await PageSession.signIn(server, as: .monitor)
            let first = try await session.get("/participants")
            #expect(first.status == .ok)
            #expect(first.body.string.contains("1–8 of 8"))
            #expect(!first.body.string.contains("rel=\"next\""))
            let beyond = try await session.get("/participants?page=2&status=randomized")
            #expect(beyond.body.string.contains("rel=\"prev\" ") || beyond.body.string.contains("rel=\"prev\">"))
            #expect(beyond.body.string.contains("href=\"/participants?status=randomized\""))
            for bad in ["0", "-1", "abc", "99999999999"] {
                let refused = try await session.get("/participants?page=\(bad)")
                #expect(refused.status == .unprocessableEntity, "page=\(bad): \(refused.status)")
            }
        }
    }

    @Test func the_recruitment_curve_has_a_step_per_day_not_per_participant() {
        let start = CalendarDate(iso8601: "2026-01-01")!
        // 1,200 participants over 40 days, 30 a day.
        let days = (0..<1_200).map { start.adding(days: $0 / 30) }
        let chart = DashboardPage.chart((enrolled: days, randomized: days), target: 1_200, today: start.adding(days: 45),
                                        texts: PageText(catalogue: .of(.english)))
        let points = chart.enrolledPoints.split(separator: " ")
        #expect(points.count == 2 * 40 + 2)
        #expect(points.first == "48.0,220.0")
        // The last step reaches the count of everyone enrolled: the top of the plot at the target.
        #expect(points.last == "620.0,20.0")
        #expect(chart.enrolledPoints.utf8.count < 2_000)
    }
}
