import Foundation
import Testing
import TrialCore
import TrialTestFixtures

@Suite("Eligibility evaluation")
struct EligibilityEvaluationTests {
    let study = StudyFixture.study

    @Test func patient_meeting_every_criterion_is_eligible() {
        let evaluation = study.evaluateEligibility(answers: StudyFixture.eligibleAnswers, recorded: StudyFixture.eligibleRecord)
        #expect(study.evaluateEligibility(answers: study.qualifyingAnswers(), recorded: StudyFixture.eligibleRecord).verdict == .eligible,
                "the qualifying answers qualify")
        #expect(study.qualifyingAnswers().keys.allSatisfy { id in study.eligibility.first { $0.id == id }?.sourceField == nil },
                "criteria read from a screening field are not answered")
        #expect(evaluation.verdict == .eligible)
        #expect(evaluation.isEligible)
        #expect(evaluation.outcomes.allSatisfy { $0.status == .met })
        #expect(evaluation.reasons.isEmpty)
    }

    @Test func failed_criterion_is_named_with_id_and_text() throws {
        var record = StudyFixture.eligibleRecord
        record["ecog"] = .number(3)
        let evaluation = study.evaluateEligibility(answers: StudyFixture.eligibleAnswers, recorded: record)
        #expect(evaluation.verdict == .ineligible)
        let failed = try #require(evaluation.failedCriteria.first)
        #expect(evaluation.failedCriteria.count == 1)
        #expect(failed.id == "I04")
        #expect(failed.text.en == "ECOG 0-2")
        #expect(failed.reason == "recorded ecog 3 does not satisfy <= 2")
        #expect(evaluation.reasons == [FieldError(field: "answers.I04", message: "recorded ecog 3 does not satisfy <= 2")])
    }

    @Test func exclusion_answered_yes_fails_because_only_no_qualifies() {
        var answers = StudyFixture.eligibleAnswers
        answers["E03"] = .yes
        let evaluation = study.evaluateEligibility(answers: answers, recorded: StudyFixture.eligibleRecord)
        #expect(evaluation.verdict == .ineligible)
        #expect(evaluation.failedCriteria.map(\.id) == ["E03"])
        #expect(evaluation.failedCriteria.first?.reason == "answered yes; only no qualifies")
    }

    @Test func unanswered_criteria_leave_the_patient_not_eligible_until_answered() {
        var record = StudyFixture.eligibleRecord
        record["inr"] = nil
        let evaluation = study.evaluateEligibility(answers: ["I02": .yes], recorded: record)
        #expect(evaluation.verdict == .incomplete)
        #expect(!evaluation.isEligible)
        #expect(evaluation.unansweredCriteria.map(\.id) == ["I11", "E03"])
        #expect(evaluation.failedCriteria.isEmpty)
    }

    @Test func a_failure_makes_the_patient_ineligible_even_with_criteria_unanswered() {
        var record = StudyFixture.eligibleRecord
        record["metastaticLesionCount"] = .number(11)
        let evaluation = study.evaluateEligibility(answers: [:], recorded: record)
        #expect(evaluation.verdict == .ineligible)
        #expect(evaluation.failedCriteria.map(\.id) == ["I03"])
        #expect(evaluation.unansweredCriteria.map(\.id) == ["I02", "E03"])
    }

    @Test(arguments: [(5.0, false), (6.0, true), (10.0, true), (11.0, false)])
    func lesion_count_qualifies_above_five_up_to_ten(count: Double, qualifies: Bool) {
        var record = StudyFixture.eligibleRecord
        record["metastaticLesionCount"] = .number(count)
        let evaluation = study.evaluateEligibility(answers: StudyFixture.eligibleAnswers, recorded: record)
        #expect(evaluation.isEligible == qualifies)
    }

    @Test(arguments: [(49.9, false), (50.0, true)])
    func platelets_qualify_from_50(count: Double, qualifies: Bool) {
        var record = StudyFixture.eligibleRecord
        record["plateletCount"] = .number(count)
        #expect(study.evaluateEligibility(answers: StudyFixture.eligibleAnswers, recorded: record).isEligible == qualifies)
    }

    @Test(arguments: [(1.5, true), (1.51, false)])
    func inr_qualifies_up_to_1_5(inr: Double, qualifies: Bool) {
        var record = StudyFixture.eligibleRecord
        record["inr"] = .number(inr)
        #expect(study.evaluateEligibility(answers: StudyFixture.eligibleAnswers, recorded: record).isEligible == qualifies)
    }

    @Test func value_criterion_can_be_answered_directly_when_nothing_is_recorded() {
        var record = StudyFixture.eligibleRecord
        record["age"] = nil
        var answers = StudyFixture.eligibleAnswers
        answers["I01"] = .value(17)
        let evaluation = study.evaluateEligibility(answers: answers, recorded: record)
        #expect(evaluation.failedCriteria.map(\.id) == ["I01"])
        #expect(evaluation.failedCriteria.first?.reason == "answered 17 years does not satisfy >= 18")
    }

    @Test func answer_that_contradicts_the_screening_record_is_flagged() {
        var answers = StudyFixture.eligibleAnswers
        answers["I01"] = .value(70)
        let evaluation = study.evaluateEligibility(answers: answers, recorded: StudyFixture.eligibleRecord)
        #expect(evaluation.verdict == .incomplete)
        #expect(evaluation.invalidAnswers.map(\.id) == ["I01"])
        #expect(evaluation.invalidAnswers.first?.reason
                == "the answer 70 differs from the recorded age 64; correct one of them")
    }

    @Test func fractional_lesion_count_is_not_a_valid_record() {
        var record = StudyFixture.eligibleRecord
        record["metastaticLesionCount"] = .number(6.5)
        let evaluation = study.evaluateEligibility(answers: StudyFixture.eligibleAnswers, recorded: record)
        #expect(evaluation.invalidAnswers.map(\.id) == ["I03"])
        #expect(evaluation.invalidAnswers.first?.reason == "metastaticLesionCount must be a whole number")
    }

    @Test func recorded_value_outside_the_field_range_is_invalid_not_a_failure() {
        var record = StudyFixture.eligibleRecord
        record["ecog"] = .number(7)
        let evaluation = study.evaluateEligibility(answers: StudyFixture.eligibleAnswers, recorded: record)
        #expect(evaluation.verdict == .incomplete)
        #expect(evaluation.invalidAnswers.first?.reason == "ecog 7 is outside between 0 and 5")
    }

    @Test func evaluation_encodes_for_the_api_with_each_outcome() throws {
        var record = StudyFixture.eligibleRecord
        record["ecog"] = .number(3)
        let evaluation = study.evaluateEligibility(answers: StudyFixture.eligibleAnswers, recorded: record)
        let data = try JSONEncoder().encode(evaluation)
        let decoded = try JSONDecoder().decode(EligibilityEvaluation.self, from: data)
        #expect(decoded == evaluation)
        let json = String(decoding: data, as: UTF8.self)
        #expect(json.contains(#""verdict":"ineligible""#))
        #expect(json.contains(#""status":"notMet""#))
    }

    @Test func yes_no_criterion_answered_with_a_number_is_invalid() {
        var answers = StudyFixture.eligibleAnswers
        answers["I02"] = .value(1)
        let evaluation = study.evaluateEligibility(answers: answers, recorded: StudyFixture.eligibleRecord)
        #expect(evaluation.verdict == .incomplete)
        #expect(evaluation.invalidAnswers.map(\.id) == ["I02"])
    }

    @Test func answers_for_unknown_criteria_are_reported() {
        var answers = StudyFixture.eligibleAnswers
        answers["I99"] = .yes
        let evaluation = study.evaluateEligibility(answers: answers, recorded: StudyFixture.eligibleRecord)
        #expect(evaluation.isEligible)
        #expect(evaluation.unknownAnswerIds == ["I99"])
        #expect(evaluation.reasons == [FieldError(field: "answers.I99", message: "is not a criterion of this study")])
    }

    @Test func answers_decode_from_json_words_booleans_and_numbers() throws {
        let json = #"{"I01": 20, "I02": "yes", "E03": false}"#
        let answers = try JSONDecoder().decode([String: CriterionAnswer].self, from: Data(json.utf8))
        #expect(answers == ["I01": .value(20), "I02": .yes, "E03": .no])
    }
}
