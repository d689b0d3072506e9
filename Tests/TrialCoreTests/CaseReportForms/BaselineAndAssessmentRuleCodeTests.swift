import Foundation
import Testing
import TrialCore

/// The baseline, tumour assessment, computed response and edit check rules say what they found as a code
/// with named values (so each page language words it), while the English sentence stays the one the API
/// and the CLI have always shown.
@Suite struct BaselineAndAssessmentRuleCodeTests {
    typealias F = CaseReportFixture

    func baselineCheck(_ change: (inout BaselineForm) -> Void) -> FormCheckResult { F.checkedBaseline(change) }

    func assessmentCheck(_ change: (inout TumourAssessmentForm) -> Void) -> FormCheckResult { F.checkedSecondAssessment(change) }

    func findings(_ change: (inout Casebook) -> Void) -> [EditCheckFinding] {
        var casebook = F.casebook
        change(&casebook)
        return EditChecks.run(on: casebook, study: F.study)
    }

    @Test func an_age_outside_the_adult_range_names_the_age_and_the_range() throws {
        let error = try #require(baselineCheck { $0.ageYears = 7 }.errors.first)
        #expect(error.field == "ageYears")
        #expect(error.rule?.code == "baseline.ageOutOfRange")
        #expect(error.rule?.arguments == ["age": "7", "minimum": "18", "maximum": "110"])
        #expect(error.message == "7 is outside 18-110 years; the trial enrols adults")
    }

    @Test func a_lab_below_its_safe_limit_passes_the_test_as_a_translatable_value() throws {
        let query = try #require(baselineCheck { $0.labs[0].value = 40 }.softFindings.first)
        #expect(query.field == "labs[0].value")
        #expect(query.rule?.code == "baseline.labBelowSafeLimit")
        #expect(query.rule?.arguments == ["test": "platelets", "value": "40", "unit": "10^9/L", "limit": "50"])
        #expect(query.message == "platelets 40 10^9/L is below 50 10^9/L, the usual safe limit for a percutaneous procedure")
    }

    @Test func a_missing_required_text_has_its_own_code_per_field() throws {
        let histology = try #require(baselineCheck { $0.histology = " " }.errors.first)
        #expect(histology.rule?.code == "baseline.required.histology")
        #expect(histology.message == "is required: give the histology (for example adenocarcinoma)")
        let site = try #require(assessmentCheck { $0.newLesions = [NewLesionEntry(site: "", finding: .equivocal)] }.errors.first)
        #expect(site.field == "newLesions[0].site")
        #expect(site.rule?.code == "assessment.required.newLesionSite")
        #expect(site.message == "is required: say where the new lesion is")
    }

    /// RECIST 1.1: a node is measurable from a 15 mm short axis, other lesions from 10 mm. Each wrong flag
    /// has its own code, so no English word ("node", "not measurable") travels as a value.
    @Test(arguments: [
        (3, false, "baseline.nodeIsMeasurable", "a node with a short axis of 18 mm is measurable under RECIST 1.1; correct the size or the flag"),
        (0, false, "baseline.lesionIsMeasurable", "a lesion with a longest diameter of 30 mm is measurable under RECIST 1.1; correct the size or the flag"),
        (4, true, "baseline.lesionIsNotMeasurable", "a lesion with a longest diameter of 8 mm is not measurable under RECIST 1.1; correct the size or the flag"),
    ])
    func a_wrong_measurability_flag_has_one_code_per_lesion_kind_and_verdict(index: Int, flag: Bool, code: String, sentence: String) throws {
        let result = baselineCheck { $0.lesions[index].measurable = flag }
        let error = try #require(result.errors.first { $0.field == "lesions[\(index)].measurable" })
        #expect(error.rule?.code == code)
        #expect(error.message == sentence)
        #expect(error.rule?.arguments.keys.sorted() == ["size"])
    }

    @Test func a_second_assessment_on_the_same_date_names_the_date() throws {
        let error = try #require(assessmentCheck { $0.date = F.firstAssessment.date }.errors.first { $0.field == "date" })
        #expect(error.rule?.code == "assessment.dateTaken")
        #expect(error.rule?.arguments == ["date": F.day(56).iso8601])
        #expect(error.message == "another assessment is recorded on \(F.day(56).iso8601); correct that one instead")
    }

    @Test func a_treated_lesion_read_before_its_implantation_names_lesion_and_date() throws {
        var casebook = F.casebook
        casebook.implantations[0].form.date = F.day(120)
        let result = F.secondAssessment.check(in: F.context(casebook), recordId: "A2")
        let error = try #require(result.errors.first { $0.field == "treatedLesions[0].lesionId" })
        #expect(error.rule?.code == "assessment.treatedLesionImplantedLater")
        #expect(error.rule?.arguments == ["lesionId": "L1", "implanted": F.day(120).iso8601])
        #expect(error.message == "'L1' was implanted on \(F.day(120).iso8601), not before this assessment")
    }

    @Test func an_investigator_reading_that_differs_passes_both_response_codes() throws {
        // Day 112 measures PR (-32.5% from baseline); the investigator reads SD.
        let query = try #require(assessmentCheck { $0.investigatorRecist = .stableDisease }.softFindings.first { $0.field == "investigatorRecist" })
        #expect(query.rule?.code == "response.investigatorRecistDiffers")
        #expect(query.rule?.arguments == ["read": "SD", "computed": "PR"])
        #expect(query.message == "the investigator reads RECIST 1.1 SD but the measurements give PR; correct the measurements or the reading")
    }

    @Test func an_edit_check_finding_that_reports_a_disagreement_keeps_its_code() throws {
        let found = findings { $0.assessments[1].form.investigatorRecist = .stableDisease }
        let finding = try #require(found.first { $0.check == .investigatorReadingDisagrees })
        #expect(finding.rule?.code == "response.investigatorRecistDiffers")
        #expect(finding.fieldError.rule?.arguments == ["read": "SD", "computed": "PR"])
        #expect(finding.message == "the investigator reads RECIST 1.1 SD but the measurements give PR; correct the measurements or the reading")
    }

    @Test func an_edit_check_finding_names_its_values_and_keeps_the_english_sentence() throws {
        let found = findings { $0.implantations[0].form.date = F.day(-2) }
        let finding = try #require(found.first { $0.check == .dateBeforeRandomization })
        #expect(finding.rule?.code == "editCheck.dateBeforeRandomization")
        #expect(finding.rule?.arguments == ["date": F.day(-2).iso8601, "randomized": F.randomized.iso8601])
        #expect(finding.message == "\(F.day(-2).iso8601) is before randomization on \(F.randomized.iso8601)")
        #expect(finding.fieldError.rule == finding.rule)
    }

    @Test func a_therapy_line_numbered_out_of_start_order_names_line_position_and_date() throws {
        let second = SystemicTherapyLineForm(lineNumber: 3, regimen: "docetaxel", agents: ["docetaxel"], therapyClass: .chemotherapy,
                                             startDate: F.day(95), startReason: .other)
        let found = findings { $0.therapyLines.append(RecordedForm(id: "T2", form: second)) }
        let finding = try #require(found.first { $0.check == .therapyLineNumbering })
        #expect(finding.rule?.code == "editCheck.therapyLineNumbering")
        #expect(finding.rule?.arguments == ["line": "3", "position": "2", "start": F.day(95).iso8601])
        #expect(finding.message == "line 3 is the 2. line to start (on \(F.day(95).iso8601)); number lines in order of start")
    }

    @Test func an_evaluator_error_moved_onto_the_form_keeps_the_evaluators_code() throws {
        // A reading of a lesion the baseline does not have: the RECIST evaluator's own rule, on this form's path.
        let result = assessmentCheck { $0.targets.append(.init(id: "X9", mm: 10)) }
        let moved = try #require(result.errors.first { $0.field.hasPrefix("targets") })
        let request = RecistEvaluationRequest(baseline: F.baseline.recistBaseline,
                                              followUps: [{ var form = F.secondAssessment; form.targets.append(.init(id: "X9", mm: 10)); return form.recistFollowUp }()])
        var inner: FieldError?
        do { _ = try request.validated() } catch let failure as ValidationFailure { inner = failure.errors.first { $0.field.hasPrefix("followUps[0].targets") } }
        let original = try #require(inner)
        #expect(moved.field == String(original.field.dropFirst("followUps[0].".count)))
        #expect(moved.message == original.message)
        // The evaluator's rules carry codes too, so a moved error that dropped its code would show here.
        #expect(moved.rule != nil)
        #expect(moved.rule == original.rule)
    }
}
