import Foundation
import Testing
@testable import TrialStats

struct LogRankReferenceTests {
    @Test(arguments: SurvivalReference.shared.logrank)
    func chisq_observed_and_expected_match_R_survdiff(_ reference: SurvivalReference.LogRankCase) throws {
        let table = try SurvivalReference.table(reference.file)
        let used = [reference.time, reference.event, reference.group] + (reference.strata.map { [$0] } ?? [])
        let rows = try table.completeRows(in: used)
        let test = try LogRankTest.test(
            times: table.times(reference.time, rows: rows),
            events: table.eventCodes(reference.event, rows: rows, maximum: 1),
            groups: table.strings(reference.group, rows: rows),
            strata: reference.strata.map { try table.strings($0, rows: rows) }, rho: reference.rho)
        expectClose(test.chisq, reference.chisq, "\(reference.name) chisq")
        #expect(test.df == reference.df)
        expectClose(test.p, reference.p, "\(reference.name) p")
        #expect(test.groups.map(\.group) == reference.groups)
        #expect(test.groups.map(\.n) == reference.n)
        for (index, group) in test.groups.enumerated() {
            expectClose(group.observed, reference.observed[index], "\(reference.name) O[\(group.group)]")
            expectClose(group.expected, reference.expected[index], "\(reference.name) E[\(group.group)]")
        }
    }
}
