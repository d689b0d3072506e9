import Foundation
import Testing
import TrialCore

/// The rules of the implantation, therapy-line, survival, quality-of-life, deviation and adverse-event forms
/// report a stable code and named values beside the English sentence, so that a page can phrase them in
/// its own language; the sentence itself stays what API clients have always read.
@Suite struct FormRuleCodeTests {
    typealias F = CaseReportFixture


    @Test func a_lesion_missing_from_the_inventory_names_the_lesion_and_the_inventory() throws {
        var form = F.implantation
        form.lesions[1].lesionId = "L9"
        let error = form.check(in: F.context(), recordId: "IMP1").errors.first { $0.field == "lesions[1].lesionId" }
        let found = try codedRule(error)
        #expect(found.code == "implantation.lesionNotInInventory")
        #expect(found.arguments == ["lesionId": "L9", "inventoryLesionIds": "L1, L2, L3, N1, B1"])
        #expect(error?.message == "'L9' is not in the baseline lesion inventory (L1, L2, L3, N1, B1)")
    }

    @Test func an_unusual_prescribed_dose_query_carries_the_dose_and_the_usual_range() throws {
        var form = F.implantation
        form.lesions[0].prescribedDoseGy = 200
        form.lesions[0].d90Gy = 210
        let finding = form.check(in: F.context(), recordId: "IMP1").softFindings.first { $0.field == "lesions[0].prescribedDoseGy" }
        let found = try codedRule(finding)
        #expect(found.code == "implantation.prescribedDoseUnusual")
        #expect(found.arguments == ["prescribedDoseGy": "200", "usualLowGy": "80", "usualHighGy": "160"])
        #expect(finding?.message == "200 Gy is outside the usual 80-160 Gy for 125I implantation; confirm it")
    }

    @Test func a_missing_operator_is_a_required_text_rule_with_its_own_code() throws {
        var form = F.implantation
        form.operatorName = "  "
        let error = form.check(in: F.context(), recordId: "IMP1").errors.first { $0.field == "operatorName" }
        #expect(try codedRule(error).code == "implantation.operatorNameRequired")
        #expect(error?.message == "is required: name the physician who implanted the seeds")
    }

    /// The stop reasons are spelled in the template (so each language can name them); the list must follow the enum.
    @Test func a_stop_date_without_a_reason_lists_every_stop_reason() throws {
        var line = F.firstLine
        line.stopReason = nil
        let error = line.check(in: F.context(), recordId: "T1").errors.first { $0.field == "stopReason" }
        #expect(try codedRule(error).code == "therapyLine.stopReasonRequired")
        let listed = TherapyStopReason.allCases.map(\.rawValue).joined(separator: ", ")
        #expect(error?.message == "is required when a stop date is given (\(listed))")
    }

    @Test func a_line_number_in_use_names_the_number() throws {
        var line = F.firstLine
        line.startDate = F.day(95)
        line.stopDate = nil
        line.stopReason = nil
        let error = line.check(in: F.context(), recordId: "T2").errors.first { $0.field == "lineNumber" }
        let found = try codedRule(error)
        #expect(found.code == "therapyLine.lineNumberTaken")
        #expect(found.arguments == ["lineNumber": "1"])
        #expect(error?.message == "line 1 is already recorded; number lines 1, 2, 3 in the order they started")
    }

    @Test func a_follow_up_alive_after_a_recorded_death_names_the_death_date() throws {
        var casebook = F.casebook
        casebook.death = RecordedForm(id: "D", form: DeathForm(date: F.day(120), cause: .progression))
        let form = FollowUpForm(date: F.day(100), status: .alive, lastKnownAliveDate: F.day(100))
        let error = form.check(in: F.context(casebook)).errors.first { $0.field == "status" }
        let found = try codedRule(error)
        #expect(found.code == "followUp.aliveAfterRecordedDeath")
        #expect(found.arguments == ["death": "2026-05-05"])
        #expect(error?.message == "the participant's death on 2026-05-05 is recorded; correct the death form or this status")
    }

    @Test func a_death_naming_a_non_fatal_event_names_the_event_and_its_grade() throws {
        var casebook = F.casebook
        casebook.adverseEvents = [RecordedForm(id: "AE1", form: F.fatalEvent(grade: 3))]
        let form = DeathForm(date: F.day(120), cause: .adverseEvent, adverseEventId: "AE1")
        let error = form.check(in: F.context(casebook)).errors.first { $0.field == "adverseEventId" }
        let found = try codedRule(error)
        #expect(found.code == "death.adverseEventNotGrade5")
        #expect(found.arguments == ["adverseEventId": "AE1", "grade": "3"])
        #expect(error?.message == "adverse event AE1 is grade 3; a fatal event is grade 5: update its grade and outcome")
    }

    @Test func ending_the_study_for_another_reason_after_death_is_its_own_rule() throws {
        var casebook = F.casebook
        casebook.death = RecordedForm(id: "D", form: DeathForm(date: F.day(120), cause: .progression))
        let form = EndOfStudyForm(date: F.day(121), reason: .lostToFollowUp)
        let error = form.check(in: F.context(casebook)).errors.first { $0.field == "reason" }
        let found = try codedRule(error)
        #expect(found.code == "endOfStudy.reasonMustBeDeath")
        #expect(error?.message == "the participant died on 2026-05-05; the reason for ending the study is death")
    }

    /// EORTC scoring manual: a scale with fewer than half of its items answered is missing.
    @Test func an_unscorable_scale_names_the_scale_code_and_its_items() throws {
        // Physical functioning (items 1-5) keeps only items 4 and 5: two of five answered.
        var form = F.baselineQuestionnaire
        form.answers = try QlqC30Answers(answers: Dictionary(uniqueKeysWithValues: (4...30).map { ($0, $0 >= 29 ? 5 : 2) }))
        let findings = form.check(in: F.context(), recordId: "Q0").softFindings
        #expect(findings.map(\.field) == ["answers"])
        let physical = try codedRule(findings.first)
        #expect(physical.code == "qol.scaleNotScorable")
        #expect(physical.arguments == ["scale": "PF2", "items": "q1, q2, q3, q4, q5"])
        #expect(findings.first?.message == "PF2 cannot be scored: fewer than half of its items are answered (items q1, q2, q3, q4, q5)")
    }

    @Test func a_date_outside_the_timepoint_window_names_the_study_day_and_the_window() throws {
        var form = F.baselineQuestionnaire
        form.date = F.day(-40)
        let finding = form.check(in: F.context(), recordId: "Q0").softFindings.first { $0.field == "date" }
        let found = try codedRule(finding)
        #expect(found.code == "qol.outsideWindow")
        #expect(found.arguments == ["date": "2025-11-26", "studyDay": "-40", "timepoint": "BL", "windowStart": "-28", "windowEnd": "0"])
        #expect(finding?.message == "2025-11-26 is study day -40; the BL window is day -28 to day 0")
    }

    @Test func an_answer_out_of_range_names_the_answer_the_item_and_its_range() throws {
        let failure = try #require(throws: ValidationFailure.self) {
            try QlqC30Answers(answers: [29: 9], fieldPrefix: "answers.")
        }
        #expect(failure.errors.map(\.field) == ["answers.q29"])
        let found = try codedRule(failure.errors.first)
        #expect(found.code == "qlq.answerOutOfRange")
        #expect(found.arguments == ["answer": "9", "item": "29", "lowest": "1", "highest": "7"])
        #expect(failure.errors.first?.message == "answer 9 is out of range; item 29 is answered 1 to 7")
    }

    @Test func a_fractional_answer_keeps_its_code_through_decoding() throws {
        let failure = try #require(throws: ValidationFailure.self) {
            try QlqC30Answers(itemKeyed: ["q3": 2.5, "q40": 1], fieldPrefix: "answers.")
        }
        #expect(failure.errors.map(\.field) == ["answers.q3", "answers.q40"])
        #expect(failure.errors.map { $0.rule?.code } == ["qlq.notWholeNumber", "qlq.unknownKey"])
        #expect(failure.errors.map(\.message) == ["must be a whole number (the answer's box number)", "is not a QLQ-C30 item; keys are q1 to q30"])
    }

    /// The attribution terms are spelled in the template; the list must follow `AdverseEventAttribution`.
    @Test(arguments: [
        ("procedureAttribution", "adverseEvent.procedureAttributionRequired", "the 125I seed procedure"),
        ("systemicTherapyAttribution", "adverseEvent.systemicTherapyAttributionRequired", "systemic therapy"),
    ])
    func a_missing_attribution_has_one_code_per_treatment(field: String, code: String, treatment: String) throws {
        var record = F.fatalEvent(grade: 3)
        record.procedureAttribution = nil
        record.systemicTherapyAttribution = nil
        let errors = AdverseEventValidation.errors(record, dictionary: try CtcaeDictionary.bundled())
        let error = errors.first { $0.field == field }
        #expect(try codedRule(error).code == code)
        let listed = AdverseEventAttribution.allCases.map(\.rawValue).joined(separator: ", ")
        #expect(error?.message == "is required: attribution to \(treatment) is one of \(listed)")
    }

    @Test func an_ended_outcome_without_an_end_date_passes_the_outcome_code() throws {
        var record = F.fatalEvent(grade: 3)
        record.outcome = .recoveredWithSequelae
        let errors = AdverseEventValidation.errors(record, dictionary: try CtcaeDictionary.bundled(), fieldPrefix: "adverseEvents[0].")
        let error = errors.first { $0.field == "adverseEvents[0].resolutionDate" }
        let found = try codedRule(error)
        #expect(found.code == "adverseEvent.resolutionRequired")
        #expect(found.arguments == ["outcome": "recoveredWithSequelae"])
        #expect(error?.message == "is required when the outcome is recoveredWithSequelae")
    }

    @Test func an_adverse_event_form_check_keeps_the_validation_codes_and_adds_its_own() throws {
        var record = F.fatalEvent(grade: 3)
        record.term = "Hemoptysis"
        record.onsetDate = F.day(-2)
        let result = record.check(in: F.context(), dictionary: try CtcaeDictionary.bundled())
        let term = try codedRule(result.errors.first { $0.field == "term" })
        #expect(term.code == "ctcae.unknownTerm")
        #expect(term.arguments == ["term": "Hemoptysis", "ctcaeVersion": "5.0"])
        let onset = try codedRule(result.softFindings.first { $0.field == "onsetDate" })
        #expect(onset.code == "adverseEvent.onsetBeforeRandomization")
        #expect(onset.arguments == ["onsetDate": "2026-01-03", "randomized": "2026-01-05"])
    }
}
