import Foundation
import PropertyBased
import Testing
@testable import TrialCore

private typealias F = ResponseFixtures

enum PercistFixtures {
    typealias Scan = PercistEvaluationRequest.Scan
    typealias Lesion = PercistEvaluationRequest.LesionUptake

    static func lesion(_ id: String, _ sul: String) -> Lesion {
        Lesion(id: id, sulPeak: F.decimal(sul))
    }

    static func baseline(_ lesions: [Lesion], liverMean: String = "2.00", liverSD: String = "0.25") -> Scan {
        Scan(date: F.baselineDate, liverMean: F.decimal(liverMean), liverSD: F.decimal(liverSD), lesions: lesions)
    }

    static func followUp(
        _ index: Int, _ lesions: [Lesion], newLesions: Bool = false, completeResolution: Bool? = nil,
        nonTargetProgression: Bool? = nil
    ) -> Scan {
        Scan(
            date: F.scanDay(index), liverMean: 2, liverSD: F.decimal("0.25"), lesions: lesions,
            completeResolution: completeResolution, newLesions: newLesions, nonTargetProgression: nonTargetProgression)
    }

    /// Baseline hottest lesion at `baseline`, one follow-up whose hottest lesion is at `followUp`.
    static func response(baseline: String, followUp: String) throws -> PercistTimepointResult {
        let request = PercistEvaluationRequest(
            baseline: Self.baseline([lesion("L1", baseline)], liverMean: "1.00", liverSD: "0.10"),
            followUps: [Self.followUp(0, [lesion("L1", followUp)])])
        return try PercistEvaluation(evaluating: request).timepoints[0]
    }

    static func errors(_ request: PercistEvaluationRequest) -> [FieldError] {
        do {
            _ = try request.validated()
            return []
        } catch let failure as ValidationFailure {
            return failure.errors
        } catch {
            return [FieldError(field: "(unexpected)", message: "\(error)")]
        }
    }
}

private typealias P = PercistFixtures

@Test func measurability_threshold_is_1_5_liver_mean_plus_2_sd() throws {
    let request = PercistEvaluationRequest(
        baseline: P.baseline([P.lesion("L1", "4.00")], liverMean: "2.15", liverSD: "0.30"), followUps: [])
    let evaluation = try PercistEvaluation(evaluating: request)
    #expect(evaluation.measurableThreshold == F.decimal("3.825"))
}

@Test func blood_pool_threshold_is_2_mean_plus_2_sd() throws {
    let request = PercistEvaluationRequest(
        baseline: .init(date: F.baselineDate, bloodPoolMean: F.decimal("1.60"), bloodPoolSD: F.decimal("0.20"), lesions: [P.lesion("L1", "3.60")]),
        followUps: [.init(date: F.scanDay(0), bloodPoolMean: F.decimal("1.50"), bloodPoolSD: F.decimal("0.20"), lesions: [P.lesion("L1", "2.40")], newLesions: false)])
    let evaluation = try PercistEvaluation(evaluating: request)
    #expect(evaluation.measurableThreshold == F.decimal("3.6"))
    #expect(evaluation.timepoints[0].response == .partialMetabolicResponse)
}

@Test func baseline_lesion_exactly_at_the_threshold_is_measurable_and_just_below_is_not() {
    // Threshold 1.5 x 2.00 + 2 x 0.25 = 3.50.
    let at = PercistEvaluationRequest(baseline: P.baseline([P.lesion("L1", "3.50")]), followUps: [])
    #expect(P.errors(at).isEmpty)
    let below = PercistEvaluationRequest(baseline: P.baseline([P.lesion("L1", "3.49"), P.lesion("L2", "1.20")]), followUps: [])
    let errors = P.errors(below)
    #expect(errors.map(\.field) == ["baseline.lesions"])
    #expect(errors.first?.message.contains("below the measurability threshold 3.5") == true)
}

@Test func partial_metabolic_response_needs_30_percent_and_0_8_sul_units() throws {
    // Exactly -30% and -0.90: PMR.
    #expect(try P.response(baseline: "3.00", followUp: "2.10").response == .partialMetabolicResponse)
    // -30.4% but only -0.79 SUL units: SMD.
    let short = try P.response(baseline: "2.60", followUp: "1.81")
    #expect(short.response == .stableMetabolicDisease)
    #expect(short.changeAbs == F.decimal("-0.79"))
    #expect(short.changePct == F.decimal("-30.4"))
    // -0.80 and -30.8%: PMR.
    #expect(try P.response(baseline: "2.60", followUp: "1.80").response == .partialMetabolicResponse)
    // -0.89 but only -29.7%: SMD.
    #expect(try P.response(baseline: "3.00", followUp: "2.11").response == .stableMetabolicDisease)
}

@Test func progressive_metabolic_disease_needs_more_than_30_percent_and_0_8_sul_units() throws {
    // Exactly +30% (+0.90) is not more than 30%: SMD.
    #expect(try P.response(baseline: "3.00", followUp: "3.90").response == .stableMetabolicDisease)
    // +30.3% and +0.91: PMD.
    #expect(try P.response(baseline: "3.00", followUp: "3.91").response == .progressiveMetabolicDisease)
    // +30.4% but +0.79: SMD.
    #expect(try P.response(baseline: "2.60", followUp: "3.39").response == .stableMetabolicDisease)
    // +30.8% and +0.80: PMD.
    #expect(try P.response(baseline: "2.60", followUp: "3.40").response == .progressiveMetabolicDisease)
}

@Test func the_target_is_the_hottest_lesion_of_each_scan_even_a_different_one() throws {
    let request = PercistEvaluationRequest(
        baseline: P.baseline([P.lesion("L1", "8.00"), P.lesion("L2", "5.00")]),
        followUps: [P.followUp(0, [P.lesion("L1", "3.00"), P.lesion("L2", "6.00")])])
    let evaluation = try PercistEvaluation(evaluating: request)
    #expect(evaluation.baselinePeak == 8)
    #expect(evaluation.timepoints[0].peak == 6)
    #expect(evaluation.timepoints[0].changeAbs == -2)
    #expect(evaluation.timepoints[0].changePct == -25)
    #expect(evaluation.timepoints[0].response == .stableMetabolicDisease)
}

@Test func a_new_FDG_avid_lesion_or_non_target_progression_is_PMD() throws {
    let request = PercistEvaluationRequest(
        baseline: P.baseline([P.lesion("L1", "8.00")]),
        followUps: [
            P.followUp(0, [P.lesion("L1", "4.00")]),
            P.followUp(1, [P.lesion("L1", "4.00")], nonTargetProgression: true),
            P.followUp(2, [P.lesion("L1", "2.00")], newLesions: true),
        ])
    let evaluation = try PercistEvaluation(evaluating: request)
    #expect(evaluation.timepoints.map(\.response) == [.partialMetabolicResponse, .progressiveMetabolicDisease, .progressiveMetabolicDisease])
    #expect(evaluation.progressionDate == F.scanDay(1))
}

@Test func complete_resolution_is_CMR_unless_a_new_lesion_appears() throws {
    let request = PercistEvaluationRequest(
        baseline: P.baseline([P.lesion("L1", "8.00")]),
        followUps: [
            P.followUp(0, [], completeResolution: true),
            P.followUp(1, [P.lesion("L1", "1.50")], completeResolution: true),
            P.followUp(2, [], newLesions: true, completeResolution: true),
        ])
    let evaluation = try PercistEvaluation(evaluating: request)
    #expect(evaluation.timepoints.map(\.response) == [.completeMetabolicResponse, .completeMetabolicResponse, .progressiveMetabolicDisease])
    #expect(evaluation.timepoints[0].peak == nil)
    #expect(evaluation.timepoints[0].changePct == nil)
    #expect(evaluation.timepoints[1].peak == F.decimal("1.5"))
}

@Test func progression_date_is_the_first_PMD_and_later_scans_keep_it() throws {
    let request = PercistEvaluationRequest(
        baseline: P.baseline([P.lesion("L1", "5.00")]),
        followUps: [
            P.followUp(0, [P.lesion("L1", "5.20")]),
            P.followUp(1, [P.lesion("L1", "7.00")]),
            P.followUp(2, [P.lesion("L1", "3.00")]),
        ])
    let evaluation = try PercistEvaluation(evaluating: request)
    #expect(evaluation.timepoints.map(\.response) == [.stableMetabolicDisease, .progressiveMetabolicDisease, .partialMetabolicResponse])
    #expect(evaluation.progressionDate == F.scanDay(1))
}

@Test func percist_thresholds_are_settings() throws {
    let request = PercistEvaluationRequest(
        baseline: P.baseline([P.lesion("L1", "4.00")]), followUps: [P.followUp(0, [P.lesion("L1", "3.00")])])
    let lenient = PercistSettings(thresholds: PercistChangeThresholds(responseDecreasePercent: 25, minimumAbsoluteChange: F.decimal("0.5")))
    #expect(try PercistEvaluation(evaluating: request).timepoints[0].response == .stableMetabolicDisease)
    #expect(try PercistEvaluation(evaluating: request, settings: lenient).timepoints[0].response == .partialMetabolicResponse)
}

@Test func percist_responses_never_contradict_their_thresholds() async {
    await propertyCheck(input: Gen.int(in: 350...2000), Gen.int(in: 0...3000)) { baseline, followUp in
        let request = PercistEvaluationRequest(
            baseline: P.baseline([P.Lesion(id: "L1", sulPeak: Decimal(baseline) / 100)]),
            followUps: [P.followUp(0, [P.Lesion(id: "L1", sulPeak: Decimal(followUp) / 100)])])
        let timepoint = try PercistEvaluation(evaluating: request).timepoints[0]
        let change = try #require(timepoint.changeAbs)
        switch timepoint.response {
        case .partialMetabolicResponse:
            #expect(change <= F.decimal("-0.8") && change * 100 <= -30 * Decimal(baseline) / 100)
        case .progressiveMetabolicDisease:
            #expect(change >= F.decimal("0.8") && change * 100 > 30 * Decimal(baseline) / 100)
        case .stableMetabolicDisease:
            #expect(!(change <= F.decimal("-0.8") && change * 100 <= -30 * Decimal(baseline) / 100))
            #expect(!(change >= F.decimal("0.8") && change * 100 > 30 * Decimal(baseline) / 100))
        case .completeMetabolicResponse:
            Issue.record("CMR without a complete-resolution reading")
        }
    }
}
