import Foundation
import Testing
@testable import TrialCore

private typealias F = EndpointFixture

@Suite struct EndpointValidationTests {
    private func fields(_ participant: EndpointParticipant, prefix: String = "") -> [String] {
        participant.consistencyErrors(fieldPrefix: prefix).map(\.field)
    }

    private func record(
        assessments: [EndpointParticipantRecord.Assessment] = [], deathDate: String? = nil,
        lastKnownAliveDate: String? = "2026-09-01", newTherapyStarts: [EndpointParticipantRecord.TherapyStart] = [],
        randomizationDate: String = "2026-01-05"
    ) -> EndpointParticipantRecord {
        EndpointParticipantRecord(
            id: "960-0001", randomizationDate: randomizationDate, baselineAssessment: true, assessments: assessments,
            deathDate: deathDate, lastKnownAliveDate: lastKnownAliveDate, newTherapyStarts: newTherapyStarts)
    }

    private func errors(_ record: EndpointParticipantRecord, prefix: String = "") -> [FieldError] {
        do {
            _ = try record.participant(fieldPrefix: prefix)
            return []
        } catch {
            return error.errors
        }
    }

    @Test func a_consistent_participant_has_no_errors() {
        let participant = F.participant(
            [F.assessment(0, .stableDisease), F.assessment(56, .progressiveDisease)], deathDay: 100, aliveDay: 100,
            therapies: [F.therapy(60, .progression)], lesions: [F.lesion("L1", implantedOn: 3, imaging: [(56, false)])])
        #expect(participant.consistencyErrors().isEmpty)
    }

    @Test func assessment_before_randomization_is_rejected_and_one_on_the_day_is_accepted() {
        #expect(fields(F.participant([F.assessment(-1, .stableDisease)], aliveDay: 10)) == ["assessments[0].date"])
        #expect(fields(F.participant([F.assessment(0, .stableDisease)], aliveDay: 10)).isEmpty)
    }

    @Test func death_before_randomization_is_rejected() {
        #expect(fields(F.participant(deathDay: -1)) == ["deathDate"])
        #expect(fields(F.participant(deathDay: 0)).isEmpty)
    }

    @Test func assessment_after_death_is_rejected() {
        #expect(fields(F.participant([F.assessment(101, .stableDisease)], deathDay: 100)) == ["assessments[0].date"])
    }

    @Test func last_known_alive_before_a_recorded_assessment_is_rejected() {
        let participant = F.participant([F.assessment(56, .stableDisease), F.assessment(112, .stableDisease)], aliveDay: 111)
        let found = participant.consistencyErrors()
        #expect(found.map(\.field) == ["lastKnownAliveDate"])
        #expect(found.first?.message.contains("assessments[1].date") == true)
        #expect(fields(F.participant([F.assessment(112, .stableDisease)], aliveDay: 112)).isEmpty)
    }

    @Test func last_known_alive_after_death_is_rejected() {
        #expect(fields(F.participant(deathDay: 100, aliveDay: 101)) == ["lastKnownAliveDate"])
        #expect(fields(F.participant(deathDay: 100, aliveDay: 100)).isEmpty)
    }

    @Test func last_known_alive_is_required_only_without_a_death() {
        var alive = F.participant(aliveDay: 10)
        alive.lastKnownAliveDate = nil
        let found = alive.consistencyErrors()
        #expect(found.map(\.field) == ["lastKnownAliveDate"])
        #expect(found.first?.message.contains("required") == true)
        #expect(fields(F.participant(deathDay: 50)).isEmpty)
    }

    @Test func therapy_start_before_randomization_or_after_death_is_rejected() {
        #expect(fields(F.participant(aliveDay: 10, therapies: [F.therapy(-1, .progression)])) == ["newTherapyStarts[0].date"])
        #expect(fields(F.participant(deathDay: 50, therapies: [F.therapy(51, .progression)])) == ["newTherapyStarts[0].date"])
    }

    @Test func last_known_alive_before_a_therapy_start_is_rejected() {
        #expect(fields(F.participant(aliveDay: 40, therapies: [F.therapy(41, .toxicity)])) == ["lastKnownAliveDate"])
    }

    @Test func treated_lesion_dates_must_follow_randomization_and_implantation_and_precede_death() {
        let participant = F.participant(deathDay: 100, lesions: [
            F.lesion("L1", implantedOn: -1, imaging: []),
            F.lesion("L2", implantedOn: 10, imaging: [(5, false), (101, true)]),
            F.lesion("L2", implantedOn: 10, imaging: []),
        ])
        #expect(fields(participant) == [
            "treatedLesions[0].implantationDate", "treatedLesions[1].imaging[0].date",
            "treatedLesions[1].imaging[1].date", "treatedLesions[2].id",
        ])
    }

    @Test func every_error_is_reported_at_once_under_the_array_prefix() {
        let participant = F.participant([F.assessment(-5, .stableDisease), F.assessment(300, .stableDisease)], deathDay: 200, aliveDay: 250)
        #expect(fields(participant, prefix: "[2]") == [
            "[2].assessments[0].date", "[2].assessments[1].date", "[2].lastKnownAliveDate", "[2].lastKnownAliveDate",
        ])
    }

    @Test func empty_participant_id_is_rejected() {
        var participant = F.participant(aliveDay: 10)
        participant.id = "  "
        #expect(fields(participant) == ["id"])
    }

    @Test(arguments: ["2026-1-05", "05/01/2026", "2026-02-30", "2026-01-05T00:00:00Z", ""])
    func dates_not_written_yyyy_mm_dd_are_rejected_with_their_path(_ text: String) {
        let found = errors(record(assessments: [.init(date: text, response: "SD")]), prefix: "[1]")
        #expect(found.map(\.field) == ["[1].assessments[0].date"])
        #expect(found.first?.message.contains("YYYY-MM-DD") == true)
        #expect(errors(record(randomizationDate: text)).map(\.field).contains("randomizationDate"))
    }

    @Test(arguments: ["pd", "Progressive", "iUPD", "NonCR/non-PD", "SMD "])
    func unknown_response_spelling_lists_the_allowed_ones(_ spelling: String) {
        let found = errors(record(assessments: [.init(date: "2026-03-01", response: spelling)]))
        #expect(found.map(\.field) == ["assessments[0].response"])
        let message = found.first?.message ?? ""
        for allowed in ["CR", "PR", "SD", "PD", "NE", "NonCR/NonPD", "ND", "CMR", "PMR", "SMD", "PMD"] {
            #expect(message.contains(allowed), "\(allowed) missing from \(message)")
        }
    }

    @Test func every_documented_response_spelling_is_accepted() throws {
        let spellings = ["CR", "PR", "SD", "PD", "NE", "NonCR/NonPD", "ND", "CMR", "PMR", "SMD", "PMD"]
        let participant = try record(assessments: spellings.map { .init(date: "2026-03-01", response: $0) }).participant()
        #expect(participant.assessments.map(\.response.rawValue) == spellings)
    }

    @Test func unknown_therapy_reason_is_rejected_with_the_allowed_ones() {
        let found = errors(record(newTherapyStarts: [.init(date: "2026-03-01", reason: "switch")]))
        #expect(found.map(\.field) == ["newTherapyStarts[0].reason"])
        #expect(found.first?.message.contains("progression, clinicalDecision, toxicity, maintenance, other") == true)
    }

    @Test func format_errors_are_collected_before_consistency_is_checked() {
        let found = errors(record(
            assessments: [.init(date: "2026-13-01", response: "XX")], deathDate: "yesterday",
            newTherapyStarts: [.init(date: "2026-02-01", reason: "cure")]))
        #expect(found.map(\.field) == [
            "deathDate", "assessments[0].date", "assessments[0].response", "newTherapyStarts[0].reason",
        ])
    }

    @Test func a_well_formed_record_becomes_the_typed_participant() throws {
        let participant = try record(
            assessments: [.init(date: "2026-03-02", response: "PMD")], deathDate: nil,
            newTherapyStarts: [.init(date: "2026-03-10", reason: "clinicalDecision")]).participant()
        #expect(participant.randomizationDate == F.randomized)
        #expect(participant.assessments == [EndpointAssessment(date: F.day(56), response: .progressiveMetabolicDisease)])
        #expect(participant.newTherapyStarts == [EndpointTherapyStart(date: F.day(64), reason: .clinicalDecision)])
        #expect(participant.lastKnownAliveDate == CalendarDate(iso8601: "2026-09-01"))
    }

    @Test func a_record_with_consistency_errors_reports_them_with_paths() {
        let found = errors(record(assessments: [.init(date: "2026-01-01", response: "SD")]), prefix: "[0]")
        #expect(found.map(\.field) == ["[0].assessments[0].date"])
    }

    @Test func json_without_optional_arrays_decodes_as_empty() throws {
        let json = #"{"id":"960-0002","randomizationDate":"2026-01-05","baselineAssessment":false,"deathDate":null,"lastKnownAliveDate":"2026-02-01"}"#
        let decoded = try JSONDecoder().decode(EndpointParticipantRecord.self, from: Data(json.utf8))
        #expect(decoded.assessments.isEmpty && decoded.newTherapyStarts.isEmpty && decoded.treatedLesions.isEmpty)
        #expect(decoded.deathDate == nil && !decoded.baselineAssessment)
    }

    @Test func settings_outside_their_range_are_rejected() {
        let bad = EndpointSettings(assessmentIntervalDays: 0, assessmentWindowDays: -1, pfsHorizonDays: 0, osHorizonDays: 0,
                                   ttntHorizonDays: 0, localControlHorizonDays: 0)
        #expect(bad.validationErrors().map(\.field) == [
            "assessmentIntervalDays", "assessmentWindowDays", "pfsHorizonDays", "osHorizonDays", "ttntHorizonDays",
            "localControlHorizonDays",
        ])
        #expect(EndpointSettings().validationErrors().isEmpty)
        #expect(throws: ValidationFailure.self) { try ParticipantEndpoints.derive(for: F.participant(aliveDay: 10), settings: bad) }
    }

    @Test func each_endpoint_rejects_its_unusable_setting() {
        let participant = F.participant(aliveDay: 10, lesions: [F.lesion("L1", implantedOn: 2, imaging: [])])
        #expect(throws: ValidationFailure.self) {
            try ProgressionFreeSurvival.derive(for: participant, settings: EndpointSettings(assessmentIntervalDays: 0))
        }
        #expect(throws: ValidationFailure.self) {
            try OverallSurvival.derive(for: participant, settings: EndpointSettings(osHorizonDays: 0))
        }
        #expect(throws: ValidationFailure.self) {
            try TimeToNextTreatment.derive(for: participant, settings: EndpointSettings(ttntHorizonDays: -5))
        }
        #expect(throws: ValidationFailure.self) {
            try LocalControl.deriveParticipant(for: participant, settings: EndpointSettings(localControlHorizonDays: 0))
        }
    }

    @Test func default_settings_are_the_protocol_values() {
        let settings = EndpointSettings()
        #expect(settings.assessmentIntervalDays == 56 && settings.assessmentWindowDays == 7)
        #expect(settings.missedAssessmentsGapDays == 119)
        #expect(settings.pfsHorizonDays == 365 && settings.osHorizonDays == 730)
        #expect(settings.ttntHorizonDays == 365 && settings.localControlHorizonDays == 365)
        #expect(!settings.censorPFSAtNewTherapyLine && !settings.dayZeroEventsAsHalfDay)
    }
}
