import Foundation
import Testing
import TrialCore

@Suite struct QualityOfLifeQuestionnaireTests {
    typealias F = CaseReportFixture

    static func month6(_ answers: QlqC30Answers = F.completeAnswers, day: Int = 182) -> QualityOfLifeQuestionnaire {
        QualityOfLifeQuestionnaire(date: F.day(day), timepoint: "QOL6", completedBy: .participant, answers: answers)
    }

    /// A context whose "today" is past month 6, so that the month-6 questionnaire is not in the future.
    static var laterContext: CaseReportContext {
        CaseReportContext(study: F.study, casebook: F.casebook, today: F.day(200))
    }

    @Test func a_complete_month_6_questionnaire_saves_and_stores_its_scores() throws {
        let form = Self.month6()
        #expect(form.check(in: Self.laterContext, recordId: nil).errors == [])
        #expect(form.check(in: Self.laterContext, recordId: nil).softFindings == [])
        let json = try CaseReportEntry.qualityOfLife(form).canonicalJSON()
        let object = try #require(JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let scores = try #require(object["scores"] as? [String: Any])
        // Items 1-5 all "a little" (2): PF2 = 100 * (1 - (2 - 1) / 3).
        #expect(abs((scores["PF2"] as? Double ?? -1) - 200.0 / 3.0) < 1e-9)
        // Global health items 5 and 5 on 1-7: QL2 = 100 * (5 - 1) / 6.
        #expect(abs((scores["QL2"] as? Double ?? -1) - 400.0 / 6.0) < 1e-9)
    }

    @Test func scores_sent_with_the_answers_are_ignored_and_recomputed() throws {
        let body = #"{"date":"\#(F.day(182).iso8601)","timepoint":"QOL6","completedBy":"participant","answers":{"q1":4,"q2":4,"q3":4,"q4":4,"q5":4},"scores":{"PF2":99}}"#
        let entry = try CaseReportEntry.decode(kind: .qlqC30, json: Data(body.utf8))
        guard case .qualityOfLife(let form) = entry else { Issue.record("decoded \(entry.kind)"); return }
        #expect(form.scores[.physicalFunctioning] == 0)
    }

    @Test func an_answer_outside_its_boxes_is_refused_naming_the_item() {
        let body = #"{"date":"2026-07-06","timepoint":"QOL6","completedBy":"participant","answers":{"q7":5,"q30":8}}"#
        #expect {
            try CaseReportEntry.decode(kind: .qlqC30, json: Data(body.utf8))
        } throws: { error in
            (error as? ValidationFailure)?.errors.map(\.field) == ["answers.q7", "answers.q30"]
        }
    }

    @Test func a_timepoint_outside_the_schedule_or_already_recorded_is_refused() {
        var unknown = Self.month6()
        unknown.timepoint = "IMG"
        #expect(unknown.check(in: Self.laterContext, recordId: nil).errorFields == ["timepoint"])
        let baselineAgain = F.baselineQuestionnaire
        #expect(baselineAgain.check(in: Self.laterContext, recordId: nil).errorFields == ["timepoint"])
        // Correcting the recorded baseline questionnaire itself is not a duplicate.
        #expect(baselineAgain.check(in: Self.laterContext, recordId: "Q0").errors == [])
    }

    @Test func a_post_baseline_questionnaire_before_randomization_or_in_the_future_is_refused() {
        #expect(Self.month6(day: -3).check(in: Self.laterContext, recordId: nil).errorFields.contains("date"))
        #expect(Self.month6(day: 201).check(in: Self.laterContext, recordId: nil).errorFields == ["date"])
    }

    @Test func outside_the_window_and_unscoreable_scales_open_queries() throws {
        // Month 6 window is day 168 to 196: day 197 saves with a query.
        #expect(Self.month6(day: 196).check(in: Self.laterContext, recordId: nil).softFindings == [])
        #expect(Self.month6(day: 197).check(in: Self.laterContext, recordId: nil).queryFields == ["date"])
        var partial = F.completeAnswers.answers
        partial[6] = nil
        partial[7] = nil
        let missingRole = Self.month6(try QlqC30Answers(answers: partial))
        #expect(missingRole.check(in: Self.laterContext, recordId: nil).queryFields == ["answers"])
    }

    @Test func the_casebook_lists_questionnaire_dates_for_the_schedule() {
        #expect(F.casebook.qualityOfLifeDates.map(\.form) == [F.day(-7)])
        #expect(F.casebook.completedForms.contains(CompletedForm(form: .qlqC30, date: F.day(-7))))
    }
}
