import Foundation
import Testing
@testable import TrialReports

@Suite struct CasebookArchivePageTests {
    static let casebook = ArchivedCasebook(
        participantID: "960-0001", siteCode: "960", enrolledOn: "2026-01-05", randomizedOn: "2026-01-06", arm: "I125", stratum: "A",
        lockedBy: "dm", signature: ArchivedSignature(signedBy: "investigator", signedAt: "2026-11-20T08:00:00.000Z", meaning: "I approve"),
        forms: [ArchivedForm(
            id: "f1", kind: "baseline", createdAt: "2026-01-05T09:00:00.000Z",
            fields: [ArchivedField(name: "ageYears", value: "61"), ArchivedField(name: "histology", value: "<adenocarcinoma>")],
            verifiedBy: "monitor", verifiedAt: "2026-02-01T10:00:00.000Z", lockedBy: nil,
            history: [
                ArchivedEvent(sequence: 7, occurredAt: "2026-01-05T09:00:00.000Z", user: "coordinator", role: "coordinator", action: "create",
                              changes: [.init(field: "form.ageYears", old: nil, new: "16")], reason: nil),
                ArchivedEvent(sequence: 9, occurredAt: "2026-01-07T09:00:00.000Z", user: "coordinator", role: "coordinator", action: "correct",
                              changes: [.init(field: "form.ageYears", old: "16", new: "61")], reason: "digits swapped on entry"),
            ])],
        queries: [ArchivedQuery(id: "q1", formID: "f1", field: "ageYears", text: "Age 16 is below the minimum", status: "closed",
                                openedBy: "monitor", openedAt: "2026-01-06T09:00:00.000Z", answer: "Corrected to 61", answeredBy: "coordinator", history: [])],
        history: [])

    @Test func both_languages_have_every_word() {
        for key in ArchiveText.allCases {
            #expect(ArchiveText.english[key] != nil, "\(key)")
            #expect(ArchiveText.simplifiedChinese[key] != nil, "\(key)")
        }
    }

    @Test func the_page_shows_values_corrections_with_reasons_queries_sdv_lock_and_signature_escaped_and_self_contained() {
        for language in ReportLanguage.allCases {
            let html = CasebookArchivePage(casebook: Self.casebook, studyTitle: "Trial", language: language, otherLanguageFile: "x.html").html()
            #expect(html.contains("&lt;adenocarcinoma&gt;"))
            #expect(!html.contains("<adenocarcinoma>"))
            #expect(html.contains("digits swapped on entry"))
            #expect(html.contains("class=\"correction\""))
            #expect(html.contains("Corrected to 61"))
            #expect(html.contains("monitor 2026-02-01T10:00:00.000Z"))
            #expect(html.contains("I approve"))
            #expect(!html.contains("<script") && !html.contains("http"))
        }
        let chinese = CasebookArchivePage(casebook: Self.casebook, studyTitle: "Trial", language: .simplifiedChinese, otherLanguageFile: "x.html").html()
        #expect(chinese.contains("lang=\"zh-Hans\"") && chinese.contains("修改已保存的值"))
    }
}
