import Testing
@testable import TrialCore

private typealias F = EndpointFixture

@Suite struct TimeToNextTreatmentTests {
    @Test(arguments: [EndpointTherapyStart.Reason.progression, .clinicalDecision])
    func a_line_for_progression_or_clinical_decision_is_the_event(_ reason: EndpointTherapyStart.Reason) throws {
        let result = try TimeToNextTreatment.derive(for: F.participant(aliveDay: 300, therapies: [F.therapy(150, reason)]))
        #expect(result.rule == .newTherapyLine && result.isEvent && result.censoringCode == 0)
        #expect(result.days == 150 && result.dateSource == .newTherapyStart(index: 0))
        #expect(result.competingRiskCode == 1)
        #expect(result.eventDescription == "START OF NEW LINE OF SYSTEMIC THERAPY")
    }

    @Test(arguments: [EndpointTherapyStart.Reason.toxicity, .maintenance, .other])
    func a_switch_for_toxicity_maintenance_or_other_is_not_a_new_line(_ reason: EndpointTherapyStart.Reason) throws {
        let result = try TimeToNextTreatment.derive(for: F.participant(aliveDay: 300, therapies: [F.therapy(150, reason)]))
        #expect(result.rule == .noNewLineAtLastContact && !result.isEvent)
        #expect(result.censoringCode == 1 && result.days == 300 && result.dateSource == .lastKnownAlive)
        #expect(result.competingRiskCode == 0)
        #expect(result.censoringDateDescription == "LAST KNOWN ALIVE DATE")
    }

    @Test func the_first_new_line_counts_whatever_the_input_order() throws {
        let participant = F.participant(aliveDay: 300, therapies: [
            F.therapy(200, .clinicalDecision), F.therapy(40, .toxicity), F.therapy(120, .progression),
        ])
        let result = try TimeToNextTreatment.derive(for: participant)
        #expect(result.days == 120 && result.dateSource == .newTherapyStart(index: 2))
    }

    @Test(arguments: [EndpointTherapyStart.Reason.progression, .clinicalDecision])
    func a_line_started_on_the_randomization_day_is_the_randomized_treatment_not_the_event(_ reason: EndpointTherapyStart.Reason) throws {
        let dayZero = try TimeToNextTreatment.derive(for: F.participant(aliveDay: 300, therapies: [F.therapy(0, reason)]))
        #expect(dayZero.rule == .noNewLineAtLastContact && !dayZero.isEvent && dayZero.days == 300)
        #expect(dayZero.reason.contains("randomization day"))
        let dayOne = try TimeToNextTreatment.derive(for: F.participant(aliveDay: 300, therapies: [F.therapy(1, reason)]))
        #expect(dayOne.rule == .newTherapyLine && dayOne.isEvent && dayOne.days == 1)
    }

    @Test func after_a_day_0_line_the_next_line_is_the_event() throws {
        let result = try TimeToNextTreatment.derive(for: F.participant(aliveDay: 300, therapies: [
            F.therapy(0, .clinicalDecision), F.therapy(90, .progression),
        ]))
        #expect(result.rule == .newTherapyLine && result.days == 90 && result.dateSource == .newTherapyStart(index: 1))
    }

    @Test func the_pfs_sensitivity_analysis_does_not_censor_at_a_day_0_line() throws {
        let settings = EndpointSettings(censorPFSAtNewTherapyLine: true)
        let participant = F.participant([F.assessment(56, .stableDisease), F.assessment(112, .progressiveDisease)], therapies: [F.therapy(0, .clinicalDecision)])
        let result = try ProgressionFreeSurvival.derive(for: participant, settings: settings)
        #expect(result.rule == .progression && result.days == 112)
    }

    @Test func death_before_a_new_line_is_censored_at_death_and_flagged_as_competing() throws {
        let result = try TimeToNextTreatment.derive(for: F.participant(deathDay: 200, therapies: [F.therapy(100, .maintenance)]))
        #expect(result.rule == .deathBeforeNewLine && !result.isEvent)
        #expect(result.censoringCode == 2 && result.days == 200 && result.dateSource == .death)
        #expect(result.competingRiskCode == 2)
        #expect(result.censoringDateDescription == "DATE OF DEATH")
    }

    @Test func a_new_line_started_on_the_day_of_death_is_the_event() throws {
        let result = try TimeToNextTreatment.derive(for: F.participant(deathDay: 200, therapies: [F.therapy(200, .progression)]))
        #expect(result.rule == .newTherapyLine && result.days == 200)
    }

    @Test func a_new_line_before_death_is_the_event() throws {
        let result = try TimeToNextTreatment.derive(for: F.participant(deathDay: 200, therapies: [F.therapy(100, .clinicalDecision)]))
        #expect(result.rule == .newTherapyLine && result.days == 100)
    }

    @Test func new_line_on_day_365_is_an_event_and_on_day_366_is_censored_at_365() throws {
        let onHorizon = try TimeToNextTreatment.derive(for: F.participant(therapies: [F.therapy(365, .progression)]))
        #expect(onHorizon.rule == .newTherapyLine && onHorizon.days == 365)
        let after = try TimeToNextTreatment.derive(for: F.participant(therapies: [F.therapy(366, .progression)]))
        #expect(after.rule == .administrativeHorizon && after.censoringCode == 3)
        #expect(after.days == 365 && after.date == F.day(365) && after.competingRiskCode == 0)
    }

    @Test func death_after_the_horizon_is_censored_at_the_horizon_not_competing() throws {
        let result = try TimeToNextTreatment.derive(for: F.participant(deathDay: 366))
        #expect(result.rule == .administrativeHorizon && result.days == 365 && result.competingRiskCode == 0)
    }

    @Test func the_horizon_is_a_setting() throws {
        let result = try TimeToNextTreatment.derive(
            for: F.participant(therapies: [F.therapy(200, .progression)]), settings: EndpointSettings(ttntHorizonDays: 180))
        #expect(result.rule == .administrativeHorizon && result.days == 180)
    }

    @Test func cnsr_and_competing_risk_codes_are_the_documented_table() {
        let table = TimeToNextTreatment.Rule.allCases.map { "\($0.rawValue):\($0.censoringCode):\($0.competingRiskCode)" }
        #expect(table == [
            "newTherapyLine:0:1", "noNewLineAtLastContact:1:0", "deathBeforeNewLine:2:2", "administrativeHorizon:3:0",
        ])
    }
}
