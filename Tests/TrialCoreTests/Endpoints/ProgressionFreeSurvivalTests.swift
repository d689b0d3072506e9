import Testing
@testable import TrialCore

private typealias F = EndpointFixture

@Suite struct ProgressionFreeSurvivalTests {
    private func pfs(
        _ participant: EndpointParticipant, _ settings: EndpointSettings = EndpointSettings()
    ) throws -> TimeToEventResult<ProgressionFreeSurvival.Rule> {
        try ProgressionFreeSurvival.derive(for: participant, settings: settings)
    }

    @Test func progression_is_the_event_on_the_date_of_the_assessment_showing_pd() throws {
        let result = try pfs(F.participant([F.assessment(56, .stableDisease), F.assessment(112, .progressiveDisease)]))
        #expect(result.rule == .progression)
        #expect(result.isEvent && result.censoringCode == 0)
        #expect(result.days == 112 && result.date == F.day(112))
        #expect(result.eventDescription == "DISEASE PROGRESSION")
        #expect(result.censoringDateDescription == nil)
        #expect(result.dateSource == .assessment(index: 1))
        #expect(result.originDate == F.randomized)
    }

    @Test func pmd_is_progression_under_percist() throws {
        let result = try pfs(F.participant([F.assessment(56, .partialMetabolicResponse), F.assessment(112, .progressiveMetabolicDisease)]))
        #expect(result.rule == .progression && result.days == 112)
        #expect(result.reason.contains("PMD (PERCIST 1.0)"))
    }

    @Test(arguments: [EndpointAssessment.Response.completeMetabolicResponse, .partialMetabolicResponse, .stableMetabolicDisease,
                      .completeResponse, .partialResponse, .stableDisease, .nonCRNonPD, .noDisease])
    func every_response_other_than_ne_and_progression_is_an_adequate_non_progression(_ response: EndpointAssessment.Response) throws {
        let result = try pfs(F.participant([F.assessment(56, response)], aliveDay: 200))
        #expect(result.rule == .noProgressionOrDeath)
        #expect(result.days == 56 && result.censoringCode == 4)
        #expect(result.censoringDateDescription == "LAST ADEQUATE TUMOR ASSESSMENT")
    }

    // "Two or more missed assessments": gap > 2 x 56 + 7 = 119 days from the last adequate assessment.
    @Test func progression_119_days_after_the_last_adequate_assessment_is_the_event() throws {
        let result = try pfs(F.participant([F.assessment(56, .stableDisease), F.assessment(175, .progressiveDisease)]))
        #expect(result.rule == .progression && result.days == 175)
    }

    @Test func progression_120_days_after_the_last_adequate_assessment_is_censored_there() throws {
        let result = try pfs(F.participant([F.assessment(56, .stableDisease), F.assessment(176, .progressiveDisease)]))
        #expect(result.rule == .eventAfterMissedAssessments)
        #expect(!result.isEvent && result.censoringCode == 3)
        #expect(result.days == 56 && result.dateSource == .assessment(index: 0))
        #expect(result.censoringDateDescription == "LAST ADEQUATE TUMOR ASSESSMENT")
    }

    @Test func death_119_days_after_the_last_adequate_assessment_is_the_event() throws {
        let result = try pfs(F.participant([F.assessment(56, .stableDisease)], deathDay: 175))
        #expect(result.rule == .death && result.days == 175 && result.dateSource == .death)
        #expect(result.eventDescription == "DEATH")
    }

    @Test func death_120_days_after_the_last_adequate_assessment_is_censored_there() throws {
        let result = try pfs(F.participant([F.assessment(56, .stableDisease)], deathDay: 176))
        #expect(result.rule == .eventAfterMissedAssessments && result.days == 56)
    }

    @Test func first_adequate_assessment_showing_pd_counts_the_gap_from_randomization() throws {
        let onTime = try pfs(F.participant([F.assessment(119, .progressiveDisease)]))
        #expect(onTime.rule == .progression && onTime.days == 119)
        let late = try pfs(F.participant([F.assessment(120, .progressiveDisease)]))
        #expect(late.rule == .eventAfterMissedAssessments && late.days == 0)
        #expect(late.dateSource == .randomization)
        #expect(late.censoringDateDescription == "RANDOMIZATION DATE")
    }

    @Test func progression_after_an_ne_is_the_event_when_the_gap_from_the_last_adequate_one_is_short() throws {
        let result = try pfs(F.participant([
            F.assessment(56, .stableDisease), F.assessment(112, .notEvaluable), F.assessment(168, .progressiveDisease),
        ]))
        #expect(result.rule == .progression && result.days == 168)
    }

    @Test func ne_assessments_do_not_close_the_gap_before_a_progression() throws {
        let result = try pfs(F.participant([
            F.assessment(56, .stableDisease), F.assessment(112, .notEvaluable), F.assessment(168, .notEvaluable),
            F.assessment(224, .progressiveDisease),
        ]))
        #expect(result.rule == .eventAfterMissedAssessments && result.days == 56)
    }

    @Test func without_event_censoring_uses_the_last_adequate_assessment_not_a_later_ne() throws {
        let result = try pfs(F.participant([
            F.assessment(56, .stableDisease), F.assessment(112, .partialResponse), F.assessment(168, .notEvaluable),
        ]))
        #expect(result.rule == .noProgressionOrDeath && result.days == 112)
        #expect(result.dateSource == .assessment(index: 1))
    }

    // Rule 1: no adequate post-baseline assessment.
    @Test(arguments: [[EndpointAssessment](), [F.assessment(56, .notEvaluable), F.assessment(112, .notEvaluable)]])
    func without_adequate_assessment_death_within_119_days_is_the_event(_ assessments: [EndpointAssessment]) throws {
        let result = try pfs(F.participant(assessments, deathDay: 119))
        #expect(result.rule == .deathWithoutAdequateAssessment && result.isEvent)
        #expect(result.days == 119 && result.date == F.day(119))
        #expect(result.eventDescription == "DEATH WITHOUT ADEQUATE TUMOR ASSESSMENT")
    }

    @Test(arguments: [[EndpointAssessment](), [F.assessment(56, .notEvaluable), F.assessment(112, .notEvaluable)]])
    func without_adequate_assessment_death_on_day_120_is_censored_at_randomization(_ assessments: [EndpointAssessment]) throws {
        let result = try pfs(F.participant(assessments, deathDay: 120))
        #expect(result.rule == .noAdequatePostBaselineAssessment)
        #expect(result.censoringCode == 2 && result.days == 0 && result.date == F.randomized)
        #expect(result.censoringDateDescription == "RANDOMIZATION DATE")
    }

    @Test func ne_only_assessments_without_death_are_censored_at_randomization() throws {
        let result = try pfs(F.participant([F.assessment(56, .notEvaluable)], aliveDay: 300))
        #expect(result.rule == .noAdequatePostBaselineAssessment && result.days == 0)
    }

    @Test func no_baseline_assessment_censors_at_randomization_even_after_a_recorded_pd() throws {
        let result = try pfs(F.participant(baseline: false, [F.assessment(56, .stableDisease), F.assessment(112, .progressiveDisease)]))
        #expect(result.rule == .noBaselineAssessment)
        #expect(result.censoringCode == 1 && result.days == 0)
    }

    @Test func no_baseline_assessment_with_death_within_119_days_is_the_event() throws {
        let within = try pfs(F.participant(baseline: false, deathDay: 119))
        #expect(within.rule == .deathWithoutAdequateAssessment && within.days == 119)
        let after = try pfs(F.participant(baseline: false, deathDay: 120))
        #expect(after.rule == .noBaselineAssessment && after.days == 0)
    }

    @Test func death_before_progression_is_the_event() throws {
        let result = try pfs(F.participant([F.assessment(56, .stableDisease)], deathDay: 100))
        #expect(result.rule == .death && result.days == 100)
    }

    @Test func progression_on_the_day_of_death_is_reported_as_progression() throws {
        let result = try pfs(F.participant([F.assessment(56, .stableDisease), F.assessment(112, .progressiveDisease)], deathDay: 112))
        #expect(result.rule == .progression && result.days == 112)
    }

    @Test func progression_before_death_is_the_event_not_the_death() throws {
        let result = try pfs(F.participant([F.assessment(56, .progressiveDisease)], deathDay: 90))
        #expect(result.rule == .progression && result.days == 56)
    }

    @Test func a_date_with_pd_and_another_response_is_a_progression() throws {
        let result = try pfs(F.participant([
            F.assessment(56, .stableDisease), F.assessment(112, .stableMetabolicDisease), F.assessment(112, .progressiveDisease),
        ]))
        #expect(result.rule == .progression && result.days == 112 && result.dateSource == .assessment(index: 2))
    }

    @Test func assessment_order_in_the_input_does_not_matter() throws {
        let ordered = [F.assessment(56, .stableDisease), F.assessment(112, .partialResponse), F.assessment(168, .progressiveDisease)]
        let a = try pfs(F.participant(ordered))
        let b = try pfs(F.participant(ordered.reversed()))
        #expect(a.rule == b.rule && a.days == b.days && a.days == 168)
    }

    // Rule 6: administrative censoring at 365 days.
    @Test func progression_on_day_365_is_an_event() throws {
        let result = try pfs(F.participant([F.assessment(300, .stableDisease), F.assessment(365, .progressiveDisease)]))
        #expect(result.rule == .progression && result.days == 365)
    }

    @Test func progression_on_day_366_is_censored_at_day_365() throws {
        let result = try pfs(F.participant([F.assessment(300, .stableDisease), F.assessment(366, .progressiveDisease)]))
        #expect(result.rule == .administrativeHorizon && !result.isEvent)
        #expect(result.censoringCode == 6 && result.days == 365 && result.date == F.day(365))
        #expect(result.dateSource == .horizon && result.censoringDateDescription == "END OF ANALYSIS HORIZON")
        #expect(result.reason.contains("day 366"))
    }

    @Test func censoring_after_day_365_is_moved_to_day_365() throws {
        let result = try pfs(F.participant([F.assessment(336, .stableDisease), F.assessment(392, .stableDisease)]))
        #expect(result.rule == .administrativeHorizon && result.days == 365)
    }

    @Test func missed_assessments_rule_comes_before_the_horizon() throws {
        // Rule 2 censors at day 250 before rule 6 looks at the day-400 progression.
        let result = try pfs(F.participant([F.assessment(250, .stableDisease), F.assessment(400, .progressiveDisease)]))
        #expect(result.rule == .eventAfterMissedAssessments && result.days == 250)
    }

    @Test func settings_change_the_missed_assessment_threshold() throws {
        let settings = EndpointSettings(assessmentIntervalDays: 42, assessmentWindowDays: 3)
        #expect(settings.missedAssessmentsGapDays == 87)
        let onTime = try pfs(F.participant([F.assessment(42, .stableDisease), F.assessment(129, .progressiveDisease)]), settings)
        #expect(onTime.rule == .progression)
        let late = try pfs(F.participant([F.assessment(42, .stableDisease), F.assessment(130, .progressiveDisease)]), settings)
        #expect(late.rule == .eventAfterMissedAssessments)
    }

    @Test func settings_change_the_horizon() throws {
        let settings = EndpointSettings(pfsHorizonDays: 180)
        let result = try pfs(F.participant([F.assessment(112, .stableDisease), F.assessment(181, .progressiveDisease)]), settings)
        #expect(result.rule == .administrativeHorizon && result.days == 180)
    }

    // Rule 5: the sensitivity analysis censors at a new line; the primary analysis does not.
    @Test func new_line_does_not_censor_the_primary_analysis() throws {
        let participant = F.participant(
            [F.assessment(56, .stableDisease), F.assessment(112, .stableDisease), F.assessment(168, .progressiveDisease)],
            therapies: [F.therapy(140, .clinicalDecision)])
        let result = try pfs(participant)
        #expect(result.rule == .progression && result.days == 168)
    }

    @Test func sensitivity_censors_at_the_last_adequate_assessment_before_a_new_line() throws {
        let participant = F.participant(
            [F.assessment(56, .stableDisease), F.assessment(112, .stableDisease), F.assessment(168, .progressiveDisease)],
            therapies: [F.therapy(140, .clinicalDecision)])
        let result = try pfs(participant, EndpointSettings(censorPFSAtNewTherapyLine: true))
        #expect(result.rule == .newTherapyLine)
        #expect(result.censoringCode == 5 && result.days == 112 && result.dateSource == .assessment(index: 1))
    }

    @Test func sensitivity_counts_an_assessment_on_the_start_day_as_before_the_new_line() throws {
        let participant = F.participant(
            [F.assessment(56, .stableDisease), F.assessment(112, .stableDisease), F.assessment(168, .progressiveDisease)],
            therapies: [F.therapy(112, .progression)])
        let result = try pfs(participant, EndpointSettings(censorPFSAtNewTherapyLine: true))
        #expect(result.rule == .newTherapyLine && result.days == 112)
    }

    @Test func sensitivity_keeps_a_progression_on_the_day_the_new_line_starts() throws {
        let participant = F.participant(
            [F.assessment(56, .stableDisease), F.assessment(112, .progressiveDisease)],
            therapies: [F.therapy(112, .progression)])
        let result = try pfs(participant, EndpointSettings(censorPFSAtNewTherapyLine: true))
        #expect(result.rule == .progression && result.days == 112)
    }

    @Test(arguments: [EndpointTherapyStart.Reason.toxicity, .maintenance, .other])
    func sensitivity_ignores_starts_that_are_not_new_lines(_ reason: EndpointTherapyStart.Reason) throws {
        let participant = F.participant(
            [F.assessment(56, .stableDisease), F.assessment(112, .progressiveDisease)],
            therapies: [F.therapy(70, reason)])
        let result = try pfs(participant, EndpointSettings(censorPFSAtNewTherapyLine: true))
        #expect(result.rule == .progression && result.days == 112)
    }

    @Test func sensitivity_with_no_adequate_assessment_before_the_new_line_censors_at_randomization() throws {
        let participant = F.participant(
            [F.assessment(56, .stableDisease), F.assessment(112, .progressiveDisease)],
            therapies: [F.therapy(30, .clinicalDecision)])
        let result = try pfs(participant, EndpointSettings(censorPFSAtNewTherapyLine: true))
        #expect(result.rule == .newTherapyLine && result.days == 0 && result.dateSource == .randomization)
    }

    @Test func sensitivity_leaves_censoring_alone_when_the_new_line_starts_after_the_last_assessment() throws {
        let participant = F.participant(
            [F.assessment(56, .stableDisease), F.assessment(112, .stableDisease)],
            aliveDay: 200, therapies: [F.therapy(150, .clinicalDecision)])
        let result = try pfs(participant, EndpointSettings(censorPFSAtNewTherapyLine: true))
        #expect(result.rule == .noProgressionOrDeath && result.days == 112)
    }

    @Test func day_zero_events_are_half_a_day_only_when_asked() throws {
        let participant = F.participant([F.assessment(0, .progressiveDisease)])
        let standard = try pfs(participant)
        #expect(standard.days == 0 && standard.analysisDays == 0 && standard.isEvent)
        let halfDay = try pfs(participant, EndpointSettings(dayZeroEventsAsHalfDay: true))
        #expect(halfDay.days == 0 && halfDay.analysisDays == 0.5)
        let censored = try pfs(F.participant([F.assessment(56, .notEvaluable)]), EndpointSettings(dayZeroEventsAsHalfDay: true))
        #expect(!censored.isEvent && censored.analysisDays == 0)
    }

    @Test func cnsr_codes_are_the_documented_table() {
        let codes = Dictionary(uniqueKeysWithValues: ProgressionFreeSurvival.Rule.allCases.map { ($0.rawValue, $0.censoringCode) })
        #expect(codes == [
            "progression": 0, "death": 0, "deathWithoutAdequateAssessment": 0,
            "noBaselineAssessment": 1, "noAdequatePostBaselineAssessment": 2, "eventAfterMissedAssessments": 3,
            "noProgressionOrDeath": 4, "newTherapyLine": 5, "administrativeHorizon": 6,
        ])
        let censoringCodes = ProgressionFreeSurvival.Rule.allCases.filter { !$0.isEvent }.map(\.censoringCode)
        #expect(Set(censoringCodes).count == censoringCodes.count)
    }

    @Test func inconsistent_input_is_rejected_not_derived() {
        let participant = F.participant([F.assessment(-3, .stableDisease)], aliveDay: 10)
        #expect(throws: ValidationFailure.self) { try ProgressionFreeSurvival.derive(for: participant) }
    }
}
