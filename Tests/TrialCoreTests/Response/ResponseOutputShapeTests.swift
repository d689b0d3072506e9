import Foundation
import Testing
@testable import TrialCore

private typealias F = ResponseFixtures

/// The JSON written by `recist evaluate` and `percist evaluate`: exactly the keys of the documented
/// shape, null where there is no value, responses spelled as on the case report form.
@Test func recist_output_has_exactly_the_documented_keys_with_nulls() throws {
    let request = F.request(
        targets: [F.target("T1", "liver", "14"), F.target("T2", "lung", "20")],
        followUps: [["9.8", "14"], [nil, "14"]])
    let json = try F.encodeJSON(try RecistEvaluation(evaluating: request))
    #expect(Set(json.keys) == ["baselineSum", "timepoints", "bestOverallResponse", "progressionDate"])
    #expect(json["baselineSum"] as? NSNumber == 34)
    #expect(json["progressionDate"] is NSNull)
    #expect(json["bestOverallResponse"] as? String == "PR")
    let timepoints = try #require(json["timepoints"] as? [[String: Any]])
    #expect(Set(timepoints[0].keys) == ["date", "sum", "nadir", "changeFromBaselinePct", "changeFromNadirPct", "target", "nonTarget", "overall"])
    #expect(timepoints[0]["date"] as? String == "2026-03-02")
    #expect((timepoints[0]["sum"] as? NSNumber)?.decimalValue == F.decimal("23.8"))
    #expect(timepoints[0]["changeFromBaselinePct"] as? NSNumber == -30)
    #expect(timepoints[0]["nonTarget"] as? String == "ND")
    #expect(Set(timepoints[1].keys) == Set(timepoints[0].keys))
    #expect(timepoints[1]["sum"] is NSNull)
    #expect(timepoints[1]["changeFromBaselinePct"] is NSNull)
    #expect(timepoints[1]["target"] as? String == "NE")
}

@Test func recist_json_numbers_are_written_exactly() throws {
    let evaluation = try F.singleTarget("14", ["9.8"])
    let text = String(decoding: try JSONEncoder().encode(evaluation), as: UTF8.self)
    #expect(text.contains(#""sum":9.8"#))
    #expect(text.contains(#""changeFromBaselinePct":-30"#))
}

@Test func percist_output_has_exactly_the_documented_keys_with_nulls() throws {
    let request = PercistEvaluationRequest(
        baseline: PercistFixtures.baseline([PercistFixtures.lesion("L1", "6.00")]),
        followUps: [PercistFixtures.followUp(0, [], completeResolution: true)])
    let json = try F.encodeJSON(try PercistEvaluation(evaluating: request))
    #expect(Set(json.keys) == ["measurableThreshold", "baselinePeak", "timepoints", "progressionDate"])
    #expect((json["measurableThreshold"] as? NSNumber)?.decimalValue == F.decimal("3.5"))
    #expect(json["progressionDate"] is NSNull)
    let timepoints = try #require(json["timepoints"] as? [[String: Any]])
    #expect(Set(timepoints[0].keys) == ["date", "peak", "changePct", "changeAbs", "response"])
    #expect(timepoints[0]["peak"] is NSNull)
    #expect(timepoints[0]["response"] as? String == "CMR")
}
