import Foundation
import Testing
@testable import TrialCore

/// RECIST 1.1 table 4 (targets at baseline) and table 5 (non-targets only), row by row.
struct RecistOverallResponseTests {
    struct Row: Sendable, CustomTestStringConvertible {
        let target: RecistResponse
        let nonTarget: RecistResponse
        let newLesions: NewLesionFinding
        let overall: RecistResponse
        var testDescription: String { "\(target) + \(nonTarget) + new \(newLesions.rawValue) = \(overall)" }
    }

    static let withTargets: [Row] = [
        Row(target: .completeResponse, nonTarget: .completeResponse, newLesions: .noneSeen, overall: .completeResponse),
        Row(target: .completeResponse, nonTarget: .noDisease, newLesions: .noneSeen, overall: .completeResponse),
        Row(target: .completeResponse, nonTarget: .nonCRNonPD, newLesions: .noneSeen, overall: .partialResponse),
        Row(target: .completeResponse, nonTarget: .notEvaluable, newLesions: .noneSeen, overall: .partialResponse),
        Row(target: .partialResponse, nonTarget: .nonCRNonPD, newLesions: .noneSeen, overall: .partialResponse),
        Row(target: .partialResponse, nonTarget: .notEvaluable, newLesions: .noneSeen, overall: .partialResponse),
        Row(target: .partialResponse, nonTarget: .completeResponse, newLesions: .noneSeen, overall: .partialResponse),
        Row(target: .stableDisease, nonTarget: .nonCRNonPD, newLesions: .noneSeen, overall: .stableDisease),
        Row(target: .stableDisease, nonTarget: .notEvaluable, newLesions: .noneSeen, overall: .stableDisease),
        Row(target: .notEvaluable, nonTarget: .nonCRNonPD, newLesions: .noneSeen, overall: .notEvaluable),
        Row(target: .notEvaluable, nonTarget: .completeResponse, newLesions: .noneSeen, overall: .notEvaluable),
        Row(target: .progressiveDisease, nonTarget: .completeResponse, newLesions: .noneSeen, overall: .progressiveDisease),
        Row(target: .completeResponse, nonTarget: .progressiveDisease, newLesions: .noneSeen, overall: .progressiveDisease),
        Row(target: .completeResponse, nonTarget: .completeResponse, newLesions: .unequivocal, overall: .progressiveDisease),
        Row(target: .notEvaluable, nonTarget: .notEvaluable, newLesions: .unequivocal, overall: .progressiveDisease),
        // An equivocal new lesion is not PD at this time point.
        Row(target: .completeResponse, nonTarget: .completeResponse, newLesions: .equivocal, overall: .completeResponse),
        Row(target: .stableDisease, nonTarget: .nonCRNonPD, newLesions: .equivocal, overall: .stableDisease),
    ]

    static let nonTargetsOnly: [Row] = [
        Row(target: .noDisease, nonTarget: .completeResponse, newLesions: .noneSeen, overall: .completeResponse),
        Row(target: .noDisease, nonTarget: .nonCRNonPD, newLesions: .noneSeen, overall: .nonCRNonPD),
        Row(target: .noDisease, nonTarget: .notEvaluable, newLesions: .noneSeen, overall: .notEvaluable),
        Row(target: .noDisease, nonTarget: .progressiveDisease, newLesions: .noneSeen, overall: .progressiveDisease),
        Row(target: .noDisease, nonTarget: .completeResponse, newLesions: .unequivocal, overall: .progressiveDisease),
    ]

    @Test(arguments: withTargets + nonTargetsOnly)
    func overall_response_follows_the_RECIST_tables(row: Row) {
        #expect(RecistTimepointRules.overallResponse(target: row.target, nonTarget: row.nonTarget, newLesions: row.newLesions) == row.overall)
    }

    @Test func non_target_response_rules() {
        #expect(RecistTimepointRules.nonTargetResponse(statuses: [], followsOverallCompleteResponse: false) == .noDisease)
        #expect(RecistTimepointRules.nonTargetResponse(statuses: [.absent, .absent], followsOverallCompleteResponse: false) == .completeResponse)
        #expect(RecistTimepointRules.nonTargetResponse(statuses: [.absent, .present], followsOverallCompleteResponse: false) == .nonCRNonPD)
        #expect(RecistTimepointRules.nonTargetResponse(statuses: [.absent, .notAssessed], followsOverallCompleteResponse: false) == .notEvaluable)
        #expect(RecistTimepointRules.nonTargetResponse(statuses: [.notAssessed, .unequivocalProgression], followsOverallCompleteResponse: false) == .progressiveDisease)
        // After an overall CR, a non-target lesion present again is a reappearance: PD.
        #expect(RecistTimepointRules.nonTargetResponse(statuses: [.absent, .present], followsOverallCompleteResponse: true) == .progressiveDisease)
        #expect(RecistTimepointRules.nonTargetResponse(statuses: [.absent, .absent], followsOverallCompleteResponse: true) == .completeResponse)
    }

    @Test func responses_are_spelled_as_on_the_case_report_form() throws {
        #expect(RecistResponse.allCases.map(\.rawValue) == ["CR", "PR", "SD", "NonCR/NonPD", "PD", "NE", "ND"])
        let data = try JSONEncoder().encode([RecistResponse.nonCRNonPD])
        #expect(String(decoding: data, as: UTF8.self) == #"["NonCR\/NonPD"]"# || String(decoding: data, as: UTF8.self) == #"["NonCR/NonPD"]"#)
    }
}
