import Foundation
import Testing
@testable import TrialStats

struct RestrictedMeanReferenceTests {
    @Test(arguments: SurvivalReference.shared.rmst)
    func difference_se_interval_and_p_match_R(_ reference: SurvivalReference.RMSTCase) throws {
        let table = try SurvivalReference.table(reference.file)
        let rows = try table.completeRows(in: [reference.time, reference.event, reference.group])
        let labels = try table.strings(reference.group, rows: rows)
        let result = try RestrictedMeanDifference.compare(
            times: table.times(reference.time, rows: rows),
            events: table.eventCodes(reference.event, rows: rows, maximum: 1),
            groups: labels, levels: FactorLevels.sorted(labels), tau: reference.tau)
        #expect(result.groups.map(\.group) == reference.groups)
        for (index, arm) in result.groups.enumerated() {
            expectClose(arm.estimate, reference.estimates[index], "\(reference.name) rmst \(arm.group)")
            expectClose(arm.se, reference.ses[index], "\(reference.name) se \(arm.group)")
        }
        expectClose(result.estimate, reference.difference, "\(reference.name) difference")
        expectClose(result.se, reference.se, "\(reference.name) se")
        expectClose(result.lower, reference.lower, "\(reference.name) lower")
        expectClose(result.upper, reference.upper, "\(reference.name) upper")
        expectClose(result.p, reference.p, "\(reference.name) p")
    }
}
