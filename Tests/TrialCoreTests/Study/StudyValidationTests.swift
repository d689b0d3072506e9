import Foundation
import Testing
import TrialCore
import TrialTestFixtures

/// Rules of `StudyDefinition.validate()` that the YAML tests do not reach: category and
/// decimal factors, minimization, schedule shapes, and the JSON round trip.
@Suite("Study definition validation")
struct StudyValidationTests {
    func problems(_ change: (inout StudyDefinition) -> Void) -> [String] {
        var study = StudyFixture.study
        change(&study)
        return study.validate().map { "\($0.field) \($0.rule.rawValue)" }
    }

    @Test func the_fixture_study_is_valid() {
        #expect(StudyFixture.study.validate().isEmpty)
    }

    @Test func category_labels_cover_every_word_and_only_listed_words() {
        let sexIndex = StudyFixture.study.screeningFields.firstIndex { $0.name == "sex" }!
        let partial = problems { study in
            study.screeningFields[sexIndex].categoryLabels = ["female": LocalizedText(en: "Female", zhHans: "女")]
        }
        #expect(partial == ["screeningFields[\(sexIndex)].categoryLabels.male missingField"])
        let unknown = problems { study in
            study.screeningFields[sexIndex].categoryLabels = ["female": LocalizedText(en: "Female", zhHans: "女"),
                                                              "male": LocalizedText(en: "Male", zhHans: "男"),
                                                              "unknown": LocalizedText(en: "Unknown", zhHans: "未知")]
        }
        #expect(unknown == ["screeningFields[\(sexIndex)].categoryLabels.unknown invalidValue"])
        var field = StudyFixture.study.screeningFields[sexIndex]
        field.categoryLabels = ["female": LocalizedText(en: "Female", zhHans: "女"), "male": LocalizedText(en: "Male", zhHans: "男")]
        #expect(field.label(ofCategory: "male").zhHans == "男")
        #expect(StudyFixture.study.screeningFields[sexIndex].label(ofCategory: "male").en == "male", "no labels: the word itself")
    }

    @Test func category_level_naming_a_word_the_field_cannot_hold_is_never_produced() {
        let found = problems { study in
            study.stratification = [StratificationFactor(
                code: "sex", label: StudyFixture.text("Sex"), sourceField: "sex",
                levels: [StratificationLevel(code: "F", values: ["female"]),
                         StratificationLevel(code: "M", values: ["male", "unknown"])])]
        }
        #expect(found == ["stratification[0].levels[1].values[1] levelNeverProduced"])
    }

    @Test func category_levels_sharing_a_word_overlap_and_missing_words_leave_a_gap() {
        var study = StudyFixture.study
        study.screeningFields[1].categories = ["female", "male", "other"]
        study.stratification = [StratificationFactor(
            code: "sex", label: StudyFixture.text("Sex"), sourceField: "sex",
            levels: [StratificationLevel(code: "F", values: ["female"]),
                     StratificationLevel(code: "M", values: ["male", "female"])])]
        let found = study.validate()
        #expect(found.map { "\($0.field) \($0.rule.rawValue)" } == [
            "stratification[0].levels[1].values[1] overlappingLevels",
            "stratification[0].levels eligibleValuesWithoutLevel",
        ])
        #expect(found.last?.message == "no level holds these sex values: other; a patient with such a value could not be randomized")
    }

    @Test func decimal_levels_that_both_exclude_a_boundary_leave_it_without_a_level() throws {
        let found = problems { study in
            study.stratification = [StratificationFactor(
                code: "platelets", label: StudyFixture.text("Platelets"), sourceField: "plateletCount",
                levels: [StratificationLevel(code: "low", range: NumericRule(lower: nil, upper: .init(100, inclusive: false))),
                         StratificationLevel(code: "high", range: NumericRule(lower: .init(100, inclusive: false), upper: nil))])]
        }
        #expect(found == ["stratification[0].levels eligibleValuesWithoutLevel"])
        var study = StudyFixture.study
        study.stratification = [StratificationFactor(
            code: "platelets", label: StudyFixture.text("Platelets"), sourceField: "plateletCount",
            levels: [StratificationLevel(code: "low", range: NumericRule(lower: nil, upper: .init(100, inclusive: false))),
                     StratificationLevel(code: "high", range: .atLeast(100))])]
        #expect(study.validate().isEmpty)
    }

    @Test func gap_message_names_the_uncovered_whole_numbers() throws {
        var study = StudyFixture.study
        study.stratification[0].levels[1].range = .between(9, 10)
        let problem = try #require(study.validate().first)
        #expect(problem.rule == .eligibleValuesWithoutLevel)
        #expect(problem.message.hasPrefix("no level holds these eligible metastaticLesionCount values: 8;"))
        study.stratification[0].levels[1].range = .between(9, 9)
        #expect(study.validate().first?.message.hasPrefix("no level holds these eligible metastaticLesionCount values: 8; 10;") == true)
    }

    @Test func level_without_eligibility_bound_must_cover_every_possible_value() {
        let found = problems { study in
            study.eligibility.removeAll { $0.sourceField == "metastaticLesionCount" }
        }
        #expect(found == ["stratification[0].levels eligibleValuesWithoutLevel"])
        var study = StudyFixture.study
        study.eligibility.removeAll { $0.sourceField == "metastaticLesionCount" }
        #expect(study.validate().first?.message.hasPrefix(
            "no level holds these eligible metastaticLesionCount values: 0 to 5; >= 11;") == true)
    }

    @Test func factor_with_one_level_does_not_stratify() {
        let found = problems { study in study.stratification[0].levels.removeLast() }
        #expect(found.contains("stratification[0].levels tooFewLevels"))
    }

    @Test func criteria_that_together_admit_no_value_are_never_met() {
        let found = problems { study in
            study.eligibility.append(EligibilityCriterion(
                id: "I20", kind: .inclusion, text: StudyFixture.text("At least 12 lesions"),
                answer: .value(.atLeast(12)), sourceField: "metastaticLesionCount"))
        }
        #expect(found.contains("eligibility[7].qualifyingRule criterionNeverMet"))
    }

    @Test func value_criterion_cannot_read_a_category_field() {
        let found = problems { study in study.eligibility[0].sourceField = "sex" }
        #expect(found == ["eligibility[0].sourceField fieldKindMismatch"])
    }

    @Test func minimization_needs_stratification_factors_and_a_coin_from_one_half_to_one() {
        let found = problems { study in
            study.stratification = []
            study.randomization = .minimization(MinimizationSettings(biasedCoinProbability: 0.4))
        }
        #expect(found == ["randomization minimizationWithoutFactors", "randomization.biasedCoinProbability invalidProbability"])
        let fair = problems { study in study.randomization = .minimization(MinimizationSettings(biasedCoinProbability: 0.5)) }
        #expect(fair.isEmpty)
    }

    @Test func minimization_needs_a_factor_with_weight_above_zero() {
        let found = problems { study in
            study.randomization = .minimization(MinimizationSettings(factorWeights: ["lesionCount": 0]))
        }
        #expect(found == ["randomization.factorWeights nonPositiveWeight"])
    }

    @Test func minimization_over_the_default_factor_is_valid() {
        let found = problems { study in
            study.randomization = .minimization(MinimizationSettings(factorWeights: ["lesionCount": 2]))
        }
        #expect(found.isEmpty)
    }

    @Test func block_sizes_follow_a_2_to_1_ratio() {
        let found = problems { study in
            study.allocationRatio = AllocationRatio(["I125": 2, "SYS": 1])
            study.randomization = .permutedBlocks(PermutedBlockSettings(blockSizes: [3, 4, 6, 6, 1002]))
        }
        #expect(found == ["randomization.blockSizes[1] blockSizeNotMultipleOfRatio",
                          "randomization.blockSizes[3] invalidBlockSize",
                          "randomization.blockSizes[4] invalidBlockSize"])
    }

    @Test func ratio_written_2_to_2_is_1_to_1_for_block_sizes() {
        let found = problems { study in
            study.allocationRatio = AllocationRatio(["I125": 2, "SYS": 2])
            study.randomization = .permutedBlocks(PermutedBlockSettings(blockSizes: [2]))
        }
        #expect(found.isEmpty)
    }

    @Test func study_builds_the_randomization_design_it_names() throws {
        let study = StudyFixture.study
        let blocks = try #require(try study.permutedBlockDesign())
        #expect(blocks.arms == [ArmRatio(arm: "I125", weight: 1), ArmRatio(arm: "SYS", weight: 1)])
        #expect(blocks.blockSizes == [4, 6])
        #expect(try study.minimizationDesign() == nil)

        var minimized = study
        minimized.randomization = .minimization(MinimizationSettings(imbalanceMeasure: .variance))
        let design = try #require(try minimized.minimizationDesign())
        #expect(design.factors == [MinimizationFactor(name: "lesionCount", levels: ["6-7", "8-10"], weight: 1)])
        #expect(design.measure == .variance)
        #expect(design.preferredProbability == 0.8)
        #expect(try minimized.permutedBlockDesign() == nil)
    }

    @Test func trial_needs_two_arms() {
        let found = problems { study in
            study.arms.removeLast()
            study.allocationRatio = AllocationRatio(["I125": 1])
        }
        #expect(found == ["arms tooFewArms"])
    }

    @Test func visit_needs_day_or_repeat_but_not_both_and_non_negative_windows() {
        let found = problems { study in
            study.visits[3].repeat = VisitRepeat(firstDay: 1, everyDays: 0, lastDay: 10)
            study.visits[0].day = nil
            study.visits[1].windowMinusDays = -1
        }
        #expect(found == ["visits[0] missingField", "visits[1].windowMinusDays invalidWindow", "visits[3].repeat invalidRepeat"])
    }

    @Test func visit_codes_cannot_hold_a_dash_because_series_occurrences_are_named_code_dash_n() {
        let found = problems { study in
            study.visits.append(VisitDefinition(code: "IMG-2", label: StudyFixture.text("Extra"), day: 400,
                                                windowMinusDays: 0, windowPlusDays: 0, forms: [.endOfStudy]))
        }
        #expect(found == ["visits[5].code invalidCode"])
    }

    @Test func visits_of_different_arms_may_share_a_window() {
        let found = problems { study in
            study.visits.append(VisitDefinition(code: "SYS1", label: StudyFixture.text("Systemic start"), day: 7,
                                                windowMinusDays: 7, windowPlusDays: 7, forms: [.adverseEvents], arms: ["SYS"]))
        }
        #expect(found.isEmpty)
    }

    @Test func study_team_choices_are_listed_with_their_reasons() {
        #expect(StudyFixture.study.studyTeamChoices == [
            StudyTeamChoice(field: "randomization", subject: "randomization", reason: "open label"),
        ])
    }

    @Test func expanded_imaging_series_runs_every_56_days_to_day_365() {
        let imaging = StudyFixture.study.scheduledVisits.filter { $0.definitionCode == "IMG" }
        #expect(imaging.map(\.targetDay) == [56, 112, 168, 224, 280, 336])
        #expect(imaging.map(\.code) == ["IMG-1", "IMG-2", "IMG-3", "IMG-4", "IMG-5", "IMG-6"])
        #expect(imaging.allSatisfy { $0.latestDay - $0.earliestDay == 14 })
        let followUp = StudyFixture.study.scheduledVisits.filter { $0.definitionCode == "FU" }
        #expect(followUp.map(\.targetDay) == [91, 182, 273, 364, 455, 546, 637, 728])
    }

    @Test func repeat_includes_its_last_day_when_the_interval_lands_on_it() {
        #expect(VisitRepeat(firstDay: 56, everyDays: 56, lastDay: 336).targetDays.last == 336)
        #expect(VisitRepeat(firstDay: 56, everyDays: 56, lastDay: 335).targetDays.last == 280)
        #expect(VisitRepeat(firstDay: 10, everyDays: 5, lastDay: 9).targetDays.isEmpty)
    }

    @Test func visit_window_in_calendar_dates_counts_from_randomization() throws {
        let visit = try #require(StudyFixture.study.scheduledVisits.first { $0.code == "IMG-1" })
        let randomized = try #require(CalendarDate(iso8601: "2026-03-02"))
        let window = visit.window(from: randomized)
        #expect([window.earliest, window.target, window.latest].map(\.iso8601) == ["2026-04-20", "2026-04-27", "2026-05-04"])
        #expect(visit.windowContains(day: 49) && visit.windowContains(day: 63))
        #expect(!visit.windowContains(day: 48) && !visit.windowContains(day: 64))
    }

    @Test func study_definition_round_trips_through_json() throws {
        let study = StudyFixture.study
        let data = try JSONEncoder().encode(study)
        #expect(try JSONDecoder().decode(StudyDefinition.self, from: data) == study)
    }

    @Test func validated_throws_field_errors_for_the_api() {
        var study = StudyFixture.study
        study.targetEnrollment = 0
        #expect(throws: ValidationFailure.self) { try study.validated() }
    }
}
