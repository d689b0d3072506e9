import Testing
@testable import TrialCore

private typealias F = EndpointFixture

@Suite struct LocalControlTests {
    private func lesionResults(_ participant: EndpointParticipant, _ settings: EndpointSettings = EndpointSettings())
        throws -> [TimeToEventResult<LocalControl.Rule>] {
        try LocalControl.deriveLesions(for: participant, settings: settings).map(\.result)
    }

    @Test func in_field_progression_is_the_event_counted_from_implantation() throws {
        let participant = F.participant(lesions: [F.lesion("L1", implantedOn: 10, imaging: [(70, false), (130, true), (190, true)])])
        let result = try #require(try lesionResults(participant).first)
        #expect(result.rule == .localFailure && result.isEvent && result.competingRiskCode == 1)
        #expect(result.originDate == F.day(10) && result.days == 120 && result.date == F.day(130))
        #expect(result.dateSource == .imaging(lesionIndex: 0, imagingIndex: 1))
        #expect(result.eventDescription == "IN-FIELD PROGRESSION OF TREATED LESION")
    }

    @Test func death_without_local_failure_is_the_competing_event() throws {
        let participant = F.participant(deathDay: 200, lesions: [F.lesion("L1", implantedOn: 10, imaging: [(70, false)])])
        let result = try #require(try lesionResults(participant).first)
        #expect(result.rule == .deathWithoutLocalFailure && !result.isEvent)
        #expect(result.competingRiskCode == 2 && result.censoringCode == 2)
        #expect(result.days == 190 && result.dateSource == .death)
    }

    @Test func local_failure_seen_on_the_day_of_death_is_the_local_failure() throws {
        let participant = F.participant(deathDay: 130, lesions: [F.lesion("L1", implantedOn: 10, imaging: [(130, true)])])
        let result = try #require(try lesionResults(participant).first)
        #expect(result.rule == .localFailure && result.competingRiskCode == 1)
    }

    @Test func local_failure_before_death_stays_the_event() throws {
        let participant = F.participant(deathDay: 300, lesions: [F.lesion("L1", implantedOn: 10, imaging: [(130, true)])])
        let result = try #require(try lesionResults(participant).first)
        #expect(result.rule == .localFailure && result.days == 120)
    }

    @Test func alive_without_local_failure_is_censored_at_the_last_imaging() throws {
        let participant = F.participant(aliveDay: 400, lesions: [F.lesion("L1", implantedOn: 10, imaging: [(190, false), (70, false)])])
        let result = try #require(try lesionResults(participant).first)
        #expect(result.rule == .noLocalFailureAtLastImaging && result.competingRiskCode == 0 && result.censoringCode == 1)
        #expect(result.days == 180 && result.dateSource == .imaging(lesionIndex: 0, imagingIndex: 0))
        #expect(result.censoringDateDescription == "LAST IMAGING OF TREATED LESION")
    }

    @Test func no_imaging_after_implantation_is_censored_at_implantation() throws {
        let participant = F.participant(aliveDay: 100, lesions: [F.lesion("L1", implantedOn: 10, imaging: [])])
        let result = try #require(try lesionResults(participant).first)
        #expect(result.rule == .noLocalFailureAtLastImaging && result.days == 0)
        #expect(result.dateSource == .implantation(lesionIndex: 0) && result.censoringDateDescription == "IMPLANTATION DATE")
    }

    @Test func local_failure_on_day_365_is_an_event_and_on_day_366_is_censored_at_365() throws {
        let onHorizon = try lesionResults(F.participant(lesions: [F.lesion("L1", implantedOn: 10, imaging: [(375, true)])]))
        #expect(onHorizon.first?.rule == .localFailure && onHorizon.first?.days == 365)
        let after = try lesionResults(F.participant(lesions: [F.lesion("L1", implantedOn: 10, imaging: [(376, true)])]))
        #expect(after.first?.rule == .administrativeHorizon && after.first?.days == 365)
        #expect(after.first?.date == F.day(375) && after.first?.censoringCode == 3 && after.first?.competingRiskCode == 0)
    }

    @Test func death_after_the_horizon_is_not_a_competing_event() throws {
        let participant = F.participant(deathDay: 400, lesions: [F.lesion("L1", implantedOn: 10, imaging: [(70, false)])])
        let result = try #require(try lesionResults(participant).first)
        #expect(result.rule == .administrativeHorizon && result.competingRiskCode == 0 && result.days == 365)
    }

    @Test func each_lesion_counts_from_its_own_implantation() throws {
        let participant = F.participant(aliveDay: 300, lesions: [
            F.lesion("L1", implantedOn: 10, imaging: [(130, false)]),
            F.lesion("L2", implantedOn: 40, imaging: [(130, true)]),
        ])
        let results = try LocalControl.deriveLesions(for: participant)
        #expect(results.map(\.lesionID) == ["L1", "L2"])
        #expect(results.map(\.result.days) == [120, 90])
        #expect(results.map(\.result.rule) == [.noLocalFailureAtLastImaging, .localFailure])
    }

    @Test func participant_summary_is_the_first_local_failure_among_treated_lesions() throws {
        let participant = F.participant(aliveDay: 300, lesions: [
            F.lesion("L1", implantedOn: 10, imaging: [(130, false), (250, true)]),
            F.lesion("L2", implantedOn: 40, imaging: [(190, true)]),
            F.lesion("L3", implantedOn: 40, imaging: [(250, false)]),
        ])
        let summary = try #require(try LocalControl.deriveParticipant(for: participant))
        #expect(summary.rule == .localFailure && summary.originDate == F.day(10))
        #expect(summary.days == 180 && summary.dateSource == .imaging(lesionIndex: 1, imagingIndex: 0))
        #expect(summary.reason.contains("lesion L2"))
    }

    @Test func participant_summary_without_failure_is_censored_at_the_last_imaging_of_any_lesion() throws {
        let participant = F.participant(aliveDay: 300, lesions: [
            F.lesion("L1", implantedOn: 10, imaging: [(130, false)]),
            F.lesion("L2", implantedOn: 40, imaging: [(250, false)]),
        ])
        let summary = try #require(try LocalControl.deriveParticipant(for: participant))
        #expect(summary.rule == .noLocalFailureAtLastImaging && summary.days == 240)
    }

    @Test func participant_summary_with_death_before_any_failure_is_competing() throws {
        let participant = F.participant(deathDay: 200, lesions: [
            F.lesion("L1", implantedOn: 10, imaging: [(130, false)]),
            F.lesion("L2", implantedOn: 40, imaging: [(190, false)]),
        ])
        let summary = try #require(try LocalControl.deriveParticipant(for: participant))
        #expect(summary.rule == .deathWithoutLocalFailure && summary.competingRiskCode == 2 && summary.days == 190)
    }

    @Test func participant_without_treated_lesions_has_no_local_control() throws {
        #expect(try LocalControl.deriveParticipant(for: F.participant(aliveDay: 100)) == nil)
        #expect(try LocalControl.deriveLesions(for: F.participant(aliveDay: 100)).isEmpty)
    }

    @Test func competing_risk_codes_are_0_censored_1_local_failure_2_death() {
        let codes = Dictionary(uniqueKeysWithValues: LocalControl.Rule.allCases.map { ($0, $0.competingRiskCode) })
        #expect(codes == [.noLocalFailureAtLastImaging: 0, .administrativeHorizon: 0, .localFailure: 1, .deathWithoutLocalFailure: 2])
    }
}
