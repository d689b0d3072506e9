import Foundation
import Testing
@testable import TrialCore

private typealias F = ResponseFixtures
private typealias P = PercistFixtures

/// Every way a PERCIST record is rejected, each naming the JSON path of the field.
struct PercistValidationTests {
    static func validRequest() -> PercistEvaluationRequest {
        PercistEvaluationRequest(
            baseline: P.baseline([P.lesion("L1", "6.00"), P.lesion("L2", "4.00")]),
            followUps: [P.followUp(0, [P.lesion("L1", "4.00")]), P.followUp(1, [P.lesion("L1", "3.00")])])
    }

    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let field: String
        let messageContains: String
        let change: @Sendable (inout PercistEvaluationRequest) -> Void
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "no reference region", field: "baseline.liverMean", messageContains: "or bloodPoolMean and bloodPoolSD") {
            $0.baseline.liverMean = nil
            $0.baseline.liverSD = nil
        },
        Case(name: "liver SD missing", field: "baseline.liverSD", messageContains: "is required") {
            $0.baseline.liverSD = nil
        },
        Case(name: "both reference regions", field: "baseline.bloodPoolMean", messageContains: "not both") {
            $0.baseline.bloodPoolMean = 2
            $0.baseline.bloodPoolSD = 1
        },
        Case(name: "follow-up uses another reference region", field: "followUps[0].bloodPoolMean", messageContains: "baseline used the liver reference") {
            $0.followUps[0].liverMean = nil
            $0.followUps[0].liverSD = nil
            $0.followUps[0].bloodPoolMean = 2
            $0.followUps[0].bloodPoolSD = 1
        },
        Case(name: "follow-up without its reference", field: "followUps[1].liverMean", messageContains: "is required") {
            $0.followUps[1].liverMean = nil
        },
        Case(name: "liver mean of 0", field: "baseline.liverMean", messageContains: "more than 0") {
            $0.baseline.liverMean = 0
        },
        Case(name: "negative SULpeak", field: "followUps[0].lesions[0].sulPeak", messageContains: "must not be negative") {
            $0.followUps[0].lesions[0].sulPeak = -1
        },
        Case(name: "SULpeak beyond 2 decimals", field: "baseline.lesions[1].sulPeak", messageContains: "2 decimal places") {
            $0.baseline.lesions[1].sulPeak = F.decimal("4.005")
        },
        Case(name: "implausible SUL", field: "baseline.liverSD", messageContains: "at most 100") {
            $0.baseline.liverSD = 250
        },
        Case(name: "duplicate lesion in a scan", field: "baseline.lesions[1].id", messageContains: "already used") {
            $0.baseline.lesions[1].id = "L1"
        },
        Case(name: "empty lesion id", field: "followUps[0].lesions[0].id", messageContains: "must not be empty") {
            $0.followUps[0].lesions[0].id = ""
        },
        Case(name: "no baseline lesion", field: "baseline.lesions", messageContains: "measurable target lesion") {
            $0.baseline.lesions = []
        },
        Case(name: "baseline not measurable", field: "baseline.lesions", messageContains: "below the measurability threshold") {
            $0.baseline.lesions = [P.lesion("L1", "2.00")]
        },
        Case(name: "follow-up-only reading at baseline", field: "baseline.newLesions", messageContains: "follow-up scans only") {
            $0.baseline.newLesions = false
        },
        Case(name: "new lesions not stated", field: "followUps[1].newLesions", messageContains: "is required") {
            $0.followUps[1].newLesions = nil
        },
        Case(name: "follow-up without lesions or resolution", field: "followUps[0].lesions", messageContains: "completeResolution true") {
            $0.followUps[0].lesions = []
        },
        Case(name: "complete resolution with uptake above the liver", field: "followUps[0].completeResolution", messageContains: "below the liver mean") {
            $0.followUps[0].completeResolution = true
        },
        Case(name: "follow-up before baseline", field: "followUps[0].date", messageContains: "after baseline.date") {
            $0.followUps[0].date = F.day(-1)
        },
        Case(name: "follow-ups out of order", field: "followUps[1].date", messageContains: "after followUps[0].date") {
            $0.followUps[1].date = F.scanDay(0)
        },
    ]

    @Test(arguments: cases)
    func rejected_input_names_the_field_and_the_rule(_ testCase: Case) {
        var request = Self.validRequest()
        #expect(P.errors(request).isEmpty)
        testCase.change(&request)
        let errors = P.errors(request)
        let match = errors.first { $0.field == testCase.field }
        #expect(match != nil, "expected an error on \(testCase.field), got \(errors)")
        #expect(match?.message.contains(testCase.messageContains) == true, "\(match?.message ?? "-")")
    }

    @Test func the_issue_input_shape_decodes_and_evaluates() throws {
        let json = """
            {"baseline":{"date":"2026-01-05","liverMean":2.15,"liverSD":0.3,"lesions":[{"id":"L1","sulPeak":6.5}]},
             "followUps":[{"date":"2026-03-02","liverMean":2.1,"liverSD":0.28,"lesions":[{"id":"L1","sulPeak":4.55}],
               "completeResolution":false,"newLesions":false,"nonTargetProgression":false}]}
            """
        let evaluation = try PercistEvaluation(evaluating: F.decodeJSON(PercistEvaluationRequest.self, json))
        #expect(evaluation.timepoints[0].changePct == -30)
        #expect(evaluation.timepoints[0].response == .partialMetabolicResponse)
    }
}
