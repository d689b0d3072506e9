import Testing
@testable import TrialCore

private typealias F = EndpointFixture

@Suite struct OverallSurvivalTests {
    @Test func death_on_day_730_is_an_event() throws {
        let result = try OverallSurvival.derive(for: F.participant(deathDay: 730))
        #expect(result.rule == .death && result.isEvent && result.censoringCode == 0)
        #expect(result.days == 730 && result.date == F.day(730) && result.dateSource == .death)
        #expect(result.eventDescription == "DEATH" && result.censoringDateDescription == nil)
    }

    @Test func death_on_day_731_is_censored_at_day_730() throws {
        let result = try OverallSurvival.derive(for: F.participant(deathDay: 731))
        #expect(result.rule == .administrativeHorizon && !result.isEvent)
        #expect(result.censoringCode == 2 && result.days == 730 && result.date == F.day(730))
        #expect(result.censoringDateDescription == "END OF ANALYSIS HORIZON")
    }

    @Test func alive_participant_is_censored_at_the_last_date_known_alive() throws {
        let result = try OverallSurvival.derive(for: F.participant([F.assessment(56, .stableDisease)], aliveDay: 400))
        #expect(result.rule == .aliveAtLastContact && result.censoringCode == 1)
        #expect(result.days == 400 && result.dateSource == .lastKnownAlive)
        #expect(result.censoringDateDescription == "LAST KNOWN ALIVE DATE")
        #expect(result.eventDescription == "ALIVE AT LAST CONTACT")
    }

    @Test func last_known_alive_after_day_730_is_capped() throws {
        let onHorizon = try OverallSurvival.derive(for: F.participant(aliveDay: 730))
        #expect(onHorizon.rule == .aliveAtLastContact && onHorizon.days == 730)
        let after = try OverallSurvival.derive(for: F.participant(aliveDay: 731))
        #expect(after.rule == .administrativeHorizon && after.days == 730)
    }

    @Test func death_counts_even_after_progression_and_a_new_line() throws {
        let participant = F.participant(
            [F.assessment(56, .progressiveDisease)], deathDay: 300, aliveDay: 290,
            therapies: [F.therapy(60, .progression)])
        let result = try OverallSurvival.derive(for: participant)
        #expect(result.rule == .death && result.days == 300)
    }

    @Test func death_on_the_day_of_randomization_is_half_a_day_only_when_asked() throws {
        let result = try OverallSurvival.derive(for: F.participant(deathDay: 0), settings: EndpointSettings(dayZeroEventsAsHalfDay: true))
        #expect(result.days == 0 && result.analysisDays == 0.5)
    }
}
