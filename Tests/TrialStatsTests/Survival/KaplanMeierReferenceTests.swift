import Foundation
import Testing
@testable import TrialStats

struct KaplanMeierReferenceTests {
    @Test(arguments: SurvivalReference.shared.km)
    func curve_quantiles_landmarks_and_rmst_match_R_survfit(_ reference: SurvivalReference.KMCase) throws {
        let table = try SurvivalReference.table(reference.file)
        let used = [reference.time, reference.event] + (reference.group.map { [$0] } ?? [])
        let rows = try table.completeRows(in: used)
        let times = try table.times(reference.time, rows: rows)
        let events = try table.eventCodes(reference.event, rows: rows, maximum: 1)
        let labels = try reference.group.map { try table.strings($0, rows: rows) }
        let type = try #require(KaplanMeier.ConfidenceType(rawValue: reference.confType))
        for expected in reference.groups {
            let members = times.indices.filter { labels == nil || labels![$0] == expected.group }
            let fit = try KaplanMeier.fit(times: members.map { times[$0] }, events: members.map { events[$0] },
                                          confidenceType: type, confidenceLevel: reference.confLevel)
            let label = "\(reference.name) [\(expected.group ?? "all")]"
            try #require(fit.table.count == expected.table.time.count, "\(label): rows")
            for (index, row) in fit.table.enumerated() {
                #expect(row.time == expected.table.time[index])
                #expect(Double(row.nRisk) == expected.table.nRisk[index])
                #expect(Double(row.nEvent) == expected.table.nEvent[index])
                #expect(Double(row.nCensor) == expected.table.nCensor[index])
                expectClose(row.survival, expected.table.survival[index], "\(label) S(\(row.time))")
                expectClose(row.stdErr, expected.table.stdErr[index], "\(label) se(\(row.time))")
                expectClose(row.lower, expected.table.lower[index], "\(label) lower(\(row.time))")
                expectClose(row.upper, expected.table.upper[index], "\(label) upper(\(row.time))")
            }
            for (index, p) in expected.quantiles.p.enumerated() {
                let quantile = fit.quantile(p)
                expectClose(quantile.estimate, expected.quantiles.estimate[index], "\(label) q\(p)")
                expectClose(quantile.lower, expected.quantiles.lower[index], "\(label) q\(p) lower")
                expectClose(quantile.upper, expected.quantiles.upper[index], "\(label) q\(p) upper")
            }
            // R drops landmarks after the last follow-up time; those come back with survival nil.
            let landmarks = fit.survival(at: reference.at).filter { $0.survival != nil }
            try #require(landmarks.count == expected.at.time.count, "\(label): landmarks")
            for (index, landmark) in landmarks.enumerated() {
                expectClose(landmark.survival, expected.at.survival[index], "\(label) S at \(landmark.time)")
                expectClose(landmark.stdErr, expected.at.stdErr[index], "\(label) se at \(landmark.time)")
                expectClose(landmark.lower, expected.at.lower[index], "\(label) lower at \(landmark.time)")
                expectClose(landmark.upper, expected.at.upper[index], "\(label) upper at \(landmark.time)")
            }
            let rmst = fit.restrictedMean(tau: reference.tau)
            expectClose(rmst.estimate, expected.rmst.estimate, "\(label) rmst")
            expectClose(rmst.se, expected.rmst.se, "\(label) rmst se")
        }
    }
}
