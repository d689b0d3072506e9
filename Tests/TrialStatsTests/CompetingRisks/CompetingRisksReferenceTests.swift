import Foundation
import Testing
@testable import TrialStats

/// Aalen-Johansen, Gray's test and Fine-Gray against R's survival and cmprsk on mgus2, a synthetic
/// trial with weekly ties, and a small edge case where one group's incidences sum to 1.
@Suite struct CompetingRisksReferenceTests {
    @Test(arguments: CompetingRisksReference.dataSetNames)
    func cumulative_incidence_and_std_err_match_R_survfit_multistate(_ name: String) throws {
        let data = try CompetingRisksReference.dataSet(name)
        let curves = try CumulativeIncidence.estimate(time: data.time, status: data.status, group: data.group)
        let reference = try CompetingRisksReference.values("cif.csv")
        let rows = reference.rows.filter { reference.text($0, "dataset") == name }
        #expect(rows.count >= 12)
        for row in rows {
            let group = reference.text(row, "group")
            let cause = Int(reference.number(row, "cause"))
            let curve = try #require(curves.first { $0.group == group && $0.cause == cause })
            let point = curve.value(at: reference.number(row, "time"))
            let estimate = reference.number(row, "estimate"), stdErr = reference.number(row, "stdErr")
            #expect(CompetingRisksReference.close(point.estimate, estimate, relative: 1e-12),
                    "\(group) cause \(cause) at \(point.time): \(point.estimate) vs R \(estimate)")
            #expect(CompetingRisksReference.close(point.stdErr, stdErr, relative: 1e-11),
                    "\(group) cause \(cause) at \(point.time): se \(point.stdErr) vs R \(stdErr)")
        }
    }

    @Test(arguments: CompetingRisksReference.dataSetNames)
    func gray_test_matches_R_cuminc(_ name: String) throws {
        let data = try CompetingRisksReference.dataSet(name)
        let reference = try CompetingRisksReference.values("gray.csv")
        let rows = reference.rows.filter { reference.text($0, "dataset") == name }
        #expect(rows.count == 2)
        for row in rows {
            let cause = Int(reference.number(row, "cause"))
            let result = try GrayTest.test(time: data.time, status: data.status, group: data.group, cause: cause)
            let chisq = try #require(result.chisq)
            let p = try #require(result.p)
            #expect(CompetingRisksReference.close(chisq, reference.number(row, "chisq"), relative: 1e-11))
            #expect(Double(result.df) == reference.number(row, "df"))
            #expect(CompetingRisksReference.close(p, reference.number(row, "p"), relative: 1e-11))
        }
    }

    @Test(arguments: CompetingRisksReference.dataSetNames)
    func fine_gray_matches_R_crr(_ name: String) throws {
        let data = try CompetingRisksReference.dataSet(name)
        let reference = try CompetingRisksReference.values("crr.csv")
        let row = try #require(reference.rows.first { reference.text($0, "dataset") == name })
        let result = try FineGrayRegression.fit(time: data.time, status: data.status,
                                                covariates: [(name: "x", values: data.x)], cause: 1)
        #expect(result.converged)
        let term = try #require(result.terms.first)
        for (quantity, value) in [("coef", term.coef), ("se", term.se), ("hr", term.hr), ("lower", term.lower),
                                  ("upper", term.upper), ("z", term.z), ("p", term.p)] {
            let expected = reference.number(row, quantity)
            #expect(CompetingRisksReference.close(value, expected, relative: 1e-9),
                    "\(quantity): \(value) vs R \(expected)")
        }
    }

    /// Two covariates (the binary x and a continuous z: age in mgus2), exercising the matrix algebra.
    @Test(arguments: CompetingRisksReference.dataSetNames)
    func fine_gray_with_two_covariates_matches_R_crr(_ name: String) throws {
        let data = try CompetingRisksReference.dataSet(name)
        let file = try CompetingRisksReference.values("\(name).csv")
        let z = file.rows.map { file.number($0, "z") }
        let reference = try CompetingRisksReference.values("crr2.csv")
        let rows = reference.rows.filter { reference.text($0, "dataset") == name }
        let result = try FineGrayRegression.fit(time: data.time, status: data.status,
                                                covariates: [(name: "x", values: data.x), (name: "z", values: z)])
        #expect(result.converged && result.terms.count == 2 && rows.count == 2)
        for (term, row) in zip(result.terms, rows) {
            #expect(term.name == reference.text(row, "term"))
            for (quantity, value) in [("coef", term.coef), ("se", term.se), ("p", term.p)] {
                let expected = reference.number(row, quantity)
                // Iterative fit: with age in the model neither side can push the gradient below rounding, so
                // both stop within about 1e-9 of the optimum.
                #expect(CompetingRisksReference.close(value, expected, relative: 1e-7),
                        "\(term.name) \(quantity): \(value) vs R \(expected)")
            }
        }
    }
}
