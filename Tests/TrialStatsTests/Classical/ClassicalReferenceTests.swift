import Foundation
import Testing
@testable import TrialStats

/// Classical tests against R (Tests/Reference/classical/classical.R).
@Suite struct ClassicalReferenceTests {
    static let reference = ClassicalReference.shared

    @Test func reference_values_are_present() {
        #expect(Self.reference.cases("fisher").count == 8)
        #expect(Self.reference.cases("chisq").count >= 16)
        #expect(ClassicalReference.samples.count == 4)
        #expect(ClassicalReference.ancova.count == 2)
    }

    /// p matches fisher.test to 1e-12; odds ratio and limits match the exact conditional equations to 1e-9
    /// and fisher.test's own (uniroot, tolerance ~1e-4 in the odds ratio scale it solves on) to 1e-3 / 1e-2.
    @Test(arguments: reference.cases("fisher"))
    func fisher_matches_R_fisher_test(_ name: String) throws {
        let r = Self.reference
        let cell = { (q: String) in Int(r.number("fisher", name, q)) }
        let result = try FisherExactTest.test(a: cell("a"), b: cell("b"), c: cell("c"), d: cell("d"))
        #expect(ReferenceValuesFile.relativeError(result.p, r.number("fisher", name, "p")) <= 1e-12)
        #expect(ReferenceValuesFile.relativeError(result.oddsRatio, r.number("fisher", name, "oddsRatio")) <= 1e-9)
        #expect(ReferenceValuesFile.relativeError(result.lower, r.number("fisher", name, "lower")) <= 1e-9)
        #expect(ReferenceValuesFile.relativeError(result.upper, r.number("fisher", name, "upper")) <= 1e-9)
        #expect(ReferenceValuesFile.relativeError(result.oddsRatio, r.number("fisher", name, "rOddsRatio")) <= 1e-3)
        #expect(ReferenceValuesFile.relativeError(result.lower, r.number("fisher", name, "rLower")) <= 1e-2)
        #expect(ReferenceValuesFile.relativeError(result.upper, r.number("fisher", name, "rUpper")) <= 1e-2)
    }

    @Test(arguments: reference.cases("chisq"))
    func chi_square_matches_R_chisq_test(_ name: String) throws {
        let r = Self.reference
        let table = r.text("chisq", name, "table").split(separator: ";").map { row in
            row.split(separator: " ").map { Double($0)! }
        }
        let shaped = table.count == 1 ? [Array(table[0][0..<2]), Array(table[0][2..<4])] : table
        let result = try ChiSquareTest.test(shaped, continuityCorrection: !name.hasSuffix("_plain"))
        #expect(ReferenceValuesFile.relativeError(result.statistic, r.number("chisq", name, "statistic")) <= 1e-12)
        #expect(Double(result.degreesOfFreedom) == r.number("chisq", name, "df"))
        #expect(ReferenceValuesFile.relativeError(result.p, r.number("chisq", name, "p")) <= 1e-12)
    }

    @Test(arguments: reference.cases("ttest"))
    func t_test_matches_R_t_test(_ name: String) throws {
        let r = Self.reference
        let sampleName = String(name.split(separator: "_").dropLast().joined(separator: "_"))
        let data = try #require(ClassicalReference.samples[sampleName])
        let result = try TwoSampleTTest.test(data.x, data.y, equalVariances: name.hasSuffix("_student"))
        for (quantity, value) in [("statistic", result.statistic), ("df", result.degreesOfFreedom), ("p", result.p),
                                  ("lower", result.lower), ("upper", result.upper),
                                  ("standardError", result.standardError)] {
            let error = ReferenceValuesFile.relativeError(value, r.number("ttest", name, quantity))
            #expect(error <= 1e-12, "\(quantity): \(value) vs R \(r.number("ttest", name, quantity))")
        }
    }

    @Test(arguments: reference.cases("wilcoxon"))
    func wilcoxon_matches_R_wilcox_test_normal_approximation(_ name: String) throws {
        let r = Self.reference
        let data = try #require(ClassicalReference.samples[name])
        let result = try WilcoxonRankSumTest.test(data.x, data.y)
        #expect(result.w == r.number("wilcoxon", name, "w"))
        #expect(ReferenceValuesFile.relativeError(result.p, r.number("wilcoxon", name, "p")) <= 1e-12)
    }

    @Test(arguments: reference.cases("ancova"))
    func ancova_matches_R_lm(_ name: String) throws {
        let r = Self.reference
        let data = try #require(ClassicalReference.ancova[name])
        let result = try Ancova.fit(outcome: data.change, arm: data.arm, baseline: data.baseline)
        #expect(result.terms.count == 3)
        for term in result.terms {
            for (quantity, value) in [("estimate", term.estimate), ("se", term.standardError), ("t", term.t),
                                      ("p", term.p)] {
                let expected = r.number("ancova", name, "\(term.name)|\(quantity)")
                #expect(ReferenceValuesFile.relativeError(value, expected) <= 1e-9, "\(term.name) \(quantity): \(value) vs R \(expected)")
            }
        }
        #expect(ReferenceValuesFile.relativeError(result.residualStandardError, r.number("ancova", name, "sigma")) <= 1e-9)
        #expect(ReferenceValuesFile.relativeError(result.rSquared, r.number("ancova", name, "rSquared")) <= 1e-9)
    }

    @Test(arguments: reference.cases("proportion"))
    func proportion_intervals_match_R_binom_test_and_prop_test(_ name: String) throws {
        let r = Self.reference
        let x = Int(r.number("proportion", name, "x")), n = Int(r.number("proportion", name, "n"))
        let exact = try ProportionIntervals.clopperPearson(successes: x, trials: n)
        let wilson = try ProportionIntervals.wilson(successes: x, trials: n)
        #expect(ReferenceValuesFile.relativeError(exact.lower, r.number("proportion", name, "clopperLower")) <= 1e-12)
        #expect(ReferenceValuesFile.relativeError(exact.upper, r.number("proportion", name, "clopperUpper")) <= 1e-12)
        #expect(ReferenceValuesFile.relativeError(wilson.lower, r.number("proportion", name, "wilsonLower")) <= 1e-12)
        #expect(ReferenceValuesFile.relativeError(wilson.upper, r.number("proportion", name, "wilsonUpper")) <= 1e-12)
    }
}
