import Foundation
import Testing
@testable import TrialStats

/// Group-sequential boundaries against rpact's getDesignGroupSequential (Tests/Reference/design/boundaries.R).
@Suite struct GroupSequentialReferenceTests {
    struct Case: CustomStringConvertible, Sendable {
        let id: Int
        let type: String
        let alpha: Double
        let sided: Int
        let gamma: Double?
        let fractions: [Double]
        let criticalValues: [Double]
        let cumulativeAlphaSpent: [Double]
        let stageLevels: [Double]
        var description: String {
            "design \(id): \(type)\(gamma.map { "(\($0))" } ?? "") alpha \(alpha) sided \(sided) t \(fractions)"
        }
    }

    static let cases: [Case] = {
        guard let file = try? ReferenceValuesFile(area: "design", file: "boundaries.csv") else { return [] }
        var grouped: [Int: [[String]]] = [:]
        for row in file.rows { grouped[Int(file.number(row, "design")), default: []].append(row) }
        return grouped.keys.sorted().map { id in
            let rows = grouped[id]!.sorted { file.number($0, "stage") < file.number($1, "stage") }
            let first = rows[0]
            let gamma = file.number(first, "gamma")
            return Case(id: id, type: file.text(first, "type"), alpha: file.number(first, "alpha"),
                        sided: Int(file.number(first, "sided")), gamma: gamma.isNaN ? nil : gamma,
                        fractions: file.text(first, "informationFractions").split(separator: ";").map { Double($0)! },
                        criticalValues: rows.map { file.number($0, "criticalValue") },
                        cumulativeAlphaSpent: rows.map { file.number($0, "cumulativeAlphaSpent") },
                        stageLevels: rows.map { file.number($0, "stageLevel") })
        }
    }()

    @Test func reference_grid_covers_every_type_both_sides_and_two_to_five_stages() {
        #expect(Self.cases.count >= 150)
        #expect(Set(Self.cases.map(\.type)) == ["OF", "P", "asOF", "asP", "asKD", "asHSD"])
        #expect(Set(Self.cases.map(\.sided)) == [1, 2])
        #expect(Set(Self.cases.map(\.fractions.count)) == [2, 3, 4, 5])
    }

    /// rpact stops its bisection when the bracket is under 1e-8 on the z scale; the integrations agree
    /// far closer than that, so critical values agree to 1e-7 relative (observed: 4e-8). The stage levels
    /// 1 - Phi(c) carry that difference times c phi(c) / (1 - Phi(c)), and rpact rounds the last
    /// cumulative alpha spent down to 1e-8 (absolute): both agree to 1e-6 relative.
    @Test(arguments: cases)
    func boundaries_match_rpact(_ c: Case) throws {
        let design = try GroupSequentialDesign(alpha: c.alpha, sided: c.sided, informationFractions: c.fractions,
                                               boundary: GroupSequentialBoundary(code: c.type, gamma: c.gamma))
        for k in c.fractions.indices {
            #expect(ReferenceValuesFile.relativeError(design.criticalValues[k], c.criticalValues[k]) < 1e-7,
                    "stage \(k + 1) critical value \(design.criticalValues[k]) vs \(c.criticalValues[k])")
            #expect(ReferenceValuesFile.relativeError(design.cumulativeAlphaSpent[k], c.cumulativeAlphaSpent[k]) < 1e-6,
                    "stage \(k + 1) alpha spent \(design.cumulativeAlphaSpent[k]) vs \(c.cumulativeAlphaSpent[k])")
            #expect(ReferenceValuesFile.relativeError(design.stageLevels[k], c.stageLevels[k]) < 1e-6,
                    "stage \(k + 1) stage level \(design.stageLevels[k]) vs \(c.stageLevels[k])")
        }
    }
}
