import PropertyBased
import Testing
@testable import TrialCore

private typealias F = EndpointFixture

/// Random but consistent participants: every contact between randomization and death, the last date
/// known alive at or after the last contact.
private let participants = zip(
    Gen.bool(0.9),
    zip(Gen.int(in: 0...520), Gen<EndpointAssessment.Response>.case).array(of: 0...8),
    Gen.int(in: 0...900).optional(valueRate: 0.4),
    Gen.int(in: 0...120),
    zip(Gen.int(in: 0...520), Gen<EndpointTherapyStart.Reason>.case).array(of: 0...3),
    zip(Gen.int(in: 0...60), zip(Gen.int(in: 0...420), Gen.bool(0.3)).array(of: 0...5)).array(of: 0...3)
).map { baseline, rawAssessments, deathDay, extraAliveDays, rawTherapies, rawLesions -> EndpointParticipant in
    let alive = { (day: Int) in deathDay.map { day <= $0 } ?? true }
    let assessments = rawAssessments.filter { alive($0.0) }.map { F.assessment($0.0, $0.1) }
    let therapies = rawTherapies.filter { alive($0.0) }.map { F.therapy($0.0, $0.1) }
    let lesions = rawLesions.enumerated().filter { alive($0.element.0) }.map { index, lesion in
        F.lesion("L\(index)", implantedOn: lesion.0,
                 imaging: lesion.1.map { (lesion.0 + $0.0, $0.1) }.filter { alive($0.0) })
    }
    var participant = F.participant(baseline: baseline, assessments, deathDay: deathDay, therapies: therapies, lesions: lesions)
    if deathDay == nil, let last = participant.lastKnownAliveDate {
        participant.lastKnownAliveDate = last.adding(days: extraAliveDays)
    }
    return participant
}

private let settingsGenerator = zip(
    Gen.int(in: 14...90), Gen.int(in: 0...14), Gen.int(in: 30...800), Gen.int(in: 30...800), Gen.int(in: 30...800)
).map { interval, window, pfs, os, ttnt in
    EndpointSettings(assessmentIntervalDays: interval, assessmentWindowDays: window, pfsHorizonDays: pfs,
                     osHorizonDays: os, ttntHorizonDays: ttnt, localControlHorizonDays: pfs)
}

/// The invariants every derived value keeps, whatever the rule.
private func expectWithinHorizon<Rule>(_ result: TimeToEventResult<Rule>, horizon: Int, _ label: String) {
    #expect(result.days >= 0, "\(label): negative days \(result.days)")
    #expect(result.days <= horizon, "\(label): \(result.days) days beyond the \(horizon)-day horizon")
    #expect(result.date == result.originDate.adding(days: result.days), "\(label): date and days disagree")
    #expect(result.isEvent == (result.censoringCode == 0), "\(label): CNSR \(result.censoringCode) vs event \(result.isEvent)")
    #expect((result.censoringDateDescription == nil) == result.isEvent, "\(label): CNSDTDSC only for censored records")
    if result.isEvent {
        #expect(result.date <= result.originDate.adding(days: horizon), "\(label): event after the horizon")
    }
    #expect(!result.reason.isEmpty, "\(label): no reason given")
}

@Suite struct EndpointPropertyTests {
    @Test func generated_participants_are_consistent() async {
        await propertyCheck(count: 200, input: participants) { participant in
            #expect(participant.consistencyErrors().isEmpty)
        }
    }

    @Test func days_are_never_negative_nor_beyond_the_horizon() async throws {
        await propertyCheck(count: 300, input: participants, settingsGenerator) { participant, settings in
            let endpoints = try ParticipantEndpoints.derive(for: participant, settings: settings)
            expectWithinHorizon(endpoints.progressionFreeSurvival, horizon: settings.pfsHorizonDays, "PFS")
            expectWithinHorizon(endpoints.overallSurvival, horizon: settings.osHorizonDays, "OS")
            expectWithinHorizon(endpoints.timeToNextTreatment, horizon: settings.ttntHorizonDays, "TTNT")
            for lesion in endpoints.localControlByLesion {
                expectWithinHorizon(lesion.result, horizon: settings.localControlHorizonDays, "LC \(lesion.lesionID)")
            }
            if let summary = endpoints.localControl {
                expectWithinHorizon(summary, horizon: settings.localControlHorizonDays, "LC participant")
            }
            #expect((endpoints.localControl == nil) == participant.treatedLesions.isEmpty)
        }
    }

    @Test func pfs_never_reaches_past_the_recorded_data() async throws {
        await propertyCheck(count: 300, input: participants) { participant in
            let pfs = try ProgressionFreeSurvival.derive(for: participant)
            let lastRecorded = ([participant.randomizationDate] + participant.assessments.map(\.date)
                + [participant.deathDate].compactMap { $0 }).max()!
            #expect(pfs.date <= lastRecorded)
            if let death = participant.deathDate { #expect(pfs.date <= death) }
            if !participant.hasBaselineAssessment { #expect(pfs.days == 0 || pfs.rule == .deathWithoutAdequateAssessment) }
        }
    }

    @Test func pfs_never_ends_after_os_when_its_horizon_is_not_longer() async throws {
        await propertyCheck(count: 300, input: participants) { participant in
            let pfs = try ProgressionFreeSurvival.derive(for: participant)
            let os = try OverallSurvival.derive(for: participant)
            #expect(pfs.days <= os.days)
            if pfs.rule == .death || pfs.rule == .deathWithoutAdequateAssessment {
                #expect(os.isEvent && os.date == pfs.date)
            }
        }
    }

    @Test func sensitivity_analysis_never_lengthens_pfs() async throws {
        await propertyCheck(count: 300, input: participants) { participant in
            let primary = try ProgressionFreeSurvival.derive(for: participant)
            let sensitivity = try ProgressionFreeSurvival.derive(
                for: participant, settings: EndpointSettings(censorPFSAtNewTherapyLine: true))
            #expect(sensitivity.days <= primary.days)
            if participant.newTherapyStarts.allSatisfy({ !$0.reason.startsNewLine }) {
                #expect(sensitivity == primary)
            }
        }
    }

    @Test func input_order_does_not_change_any_endpoint_value() async throws {
        await propertyCheck(count: 200, input: participants) { participant in
            var reversed = participant
            reversed.assessments.reverse()
            reversed.newTherapyStarts.reverse()
            let a = try ParticipantEndpoints.derive(for: participant)
            let b = try ParticipantEndpoints.derive(for: reversed)
            #expect(a.progressionFreeSurvival.days == b.progressionFreeSurvival.days)
            #expect(a.progressionFreeSurvival.rule == b.progressionFreeSurvival.rule)
            #expect(a.timeToNextTreatment.days == b.timeToNextTreatment.days)
            #expect(a.timeToNextTreatment.rule == b.timeToNextTreatment.rule)
        }
    }

    @Test func competing_risk_codes_agree_with_the_rule() async throws {
        await propertyCheck(count: 200, input: participants) { participant in
            let ttnt = try TimeToNextTreatment.derive(for: participant)
            #expect((ttnt.competingRiskCode == 2) == (ttnt.rule == .deathBeforeNewLine))
            #expect((ttnt.competingRiskCode == 1) == ttnt.isEvent)
            for lesion in try LocalControl.deriveLesions(for: participant) {
                #expect((lesion.result.competingRiskCode == 2) == (lesion.result.rule == .deathWithoutLocalFailure))
                #expect((lesion.result.competingRiskCode == 1) == lesion.result.isEvent)
            }
        }
    }
}
