import PropertyBased
import Testing
@testable import TrialCore

/// The interval sweep that finds eligible values without a level, checked against counting
/// whole numbers one by one.
@Suite("Stratification level coverage")
struct ValueCoverageTests {
    let wholeNumbers = ValueCoverage(wholeNumbers: true)

    @Test func adjacent_whole_number_levels_leave_no_gap() {
        #expect(wholeNumbers.uncovered(.between(6, 10), by: [.between(6, 7), .between(8, 10)]).isEmpty)
    }

    @Test func missing_whole_number_between_levels_is_the_gap() {
        #expect(wholeNumbers.uncovered(.between(6, 10), by: [.between(6, 7), .between(9, 10)]) == [.between(8, 8)])
    }

    @Test func unbounded_domain_reports_open_ended_gaps() {
        let gaps = wholeNumbers.uncovered(.atLeast(0), by: [.between(6, 7), .between(8, 10)])
        #expect(gaps.map(\.description) == ["between 0 and 5", ">= 11"])
    }

    @Test func decimal_gap_keeps_open_and_closed_ends() {
        let decimals = ValueCoverage(wholeNumbers: false)
        let low = NumericRule(lower: nil, upper: .init(100, inclusive: false))
        let high = NumericRule(lower: .init(100, inclusive: false), upper: nil)
        #expect(decimals.uncovered(.atLeast(50), by: [low, high]) == [.between(100, 100)])
        #expect(decimals.uncovered(.atLeast(50), by: [low, .atLeast(100)]).isEmpty)
    }

    @Test func whole_number_gaps_match_counting_value_by_value() async {
        let end = Gen.int(in: 0...20)
        await propertyCheck(input: end, end, zip(end, end).array(of: 1...4)) { d1, d2, levels in
            let domain = NumericRule.between(Double(min(d1, d2)), Double(max(d1, d2)))
            let rules = levels.map { NumericRule.between(Double(min($0.0, $0.1)), Double(max($0.0, $0.1))) }
            let expected = (min(d1, d2)...max(d1, d2)).filter { n in !rules.contains { $0.contains(Double(n)) } }
            let found = wholeNumbers.uncovered(domain, by: rules).flatMap { gap -> [Int] in
                guard let range = gap.wholeNumbers, let low = range.lowest, let high = range.highest else { return [] }
                return Array(low...high)
            }
            #expect(found == expected)
        }
    }

    @Test func whole_number_overlap_matches_counting_value_by_value() async {
        let end = Gen.int(in: 0...12)
        await propertyCheck(input: end, end, end, end) { a1, a2, b1, b2 in
            let a = NumericRule.between(Double(min(a1, a2)), Double(max(a1, a2)))
            let b = NumericRule(lower: .init(Double(min(b1, b2)) - 0.5, inclusive: false),
                                upper: .init(Double(max(b1, b2)), inclusive: true))
            let shared = (0...12).contains { n in a.contains(Double(n)) && b.contains(Double(n)) }
            #expect(wholeNumbers.overlap(a, b) == shared)
        }
    }
}
