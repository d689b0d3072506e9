import Foundation
import Testing
@testable import TrialStats

struct CoxReferenceTests {
    static func data(_ reference: SurvivalReference.CoxCase) throws -> CoxData {
        let table = try SurvivalReference.table(reference.file)
        let used = [reference.time, reference.event] + reference.covariates + (reference.strata.map { [$0] } ?? [])
        let rows = try table.completeRows(in: used)
        let covariates = try reference.covariates.map { name -> CoxCovariate in
            reference.factors.contains(name)
                ? .factor(name: name, labels: try table.strings(name, rows: rows))
                : .numeric(name: name, values: try table.numbers(name, rows: rows))
        }
        return try CoxData(times: table.times(reference.time, rows: rows),
                           events: table.eventCodes(reference.event, rows: rows, maximum: 1),
                           covariates: covariates, strata: reference.strata.map { try table.strings($0, rows: rows) })
    }

    @Test(arguments: SurvivalReference.shared.cox.filter(\.converged))
    func coefficients_tests_concordance_and_zph_match_R_coxph(_ reference: SurvivalReference.CoxCase) throws {
        let data = try Self.data(reference)
        let fit = CoxProportionalHazards.fit(data, ties: try #require(CoxProportionalHazards.Ties(rawValue: reference.ties)))
        let name = reference.name
        #expect(fit.converged)
        #expect(fit.n == reference.n)
        #expect(fit.events == reference.events)
        #expect(fit.terms.map(\.name) == reference.names)
        // Iterative fits may differ by 1e-6, but this fit follows coxph's Newton path step for step
        // (same start, step halving and stopping rule), so R's figures are met to 1e-9 (about 1e-14 seen).
        let tolerance = 1e-9
        for (index, term) in fit.terms.enumerated() {
            expectClose(term.coef, reference.coef[index], relative: tolerance, "\(name) coef \(term.name)")
            expectClose(term.se, reference.se[index], relative: tolerance, "\(name) se \(term.name)")
            expectClose(term.lower, reference.lower[index], relative: tolerance, "\(name) lower \(term.name)")
            expectClose(term.upper, reference.upper[index], relative: tolerance, "\(name) upper \(term.name)")
            expectClose(term.z, reference.z[index], relative: tolerance, "\(name) z \(term.name)")
            expectClose(term.p, reference.p[index], relative: tolerance, "\(name) p \(term.name)")
        }
        expectClose(fit.logLik.initial, reference.logLik[0], "\(name) loglik initial")
        expectClose(fit.logLik.final, reference.logLik[1], relative: tolerance, "\(name) loglik final")
        expectClose(fit.lrTest.chisq, reference.lrTest[0], relative: tolerance, "\(name) LR")
        #expect(Double(fit.lrTest.df) == reference.lrTest[1])
        expectClose(fit.lrTest.p, reference.lrTest[2], relative: tolerance, "\(name) LR p")
        expectClose(fit.waldTest?.chisq, reference.waldTest[0], relative: tolerance, "\(name) Wald")
        expectClose(fit.waldTest?.p, reference.waldTest[2], relative: tolerance, "\(name) Wald p")
        expectClose(fit.scoreTest?.chisq, reference.scoreTest[0], "\(name) score")
        expectClose(fit.scoreTest?.p, reference.scoreTest[2], "\(name) score p")
        let concordance = fit.concordance(data)
        expectClose(concordance.estimate, reference.concordance[0], relative: tolerance, "\(name) C")
        expectClose(concordance.se, reference.concordance[1], relative: tolerance, "\(name) se(C)")
        let zph = try #require(fit.proportionalHazardsTest(data))
        let expected = try #require(reference.zph)
        let all = zph.terms.map { ($0.name, $0.chisq, Double($0.df), $0.p) } + [("GLOBAL", zph.global.chisq, Double(zph.global.df), zph.global.p)]
        #expect(all.map(\.0) == expected.names)
        for (index, row) in all.enumerated() {
            expectClose(row.1, expected.chisq[index], relative: tolerance, "\(name) zph chisq \(row.0)")
            #expect(row.2 == expected.df[index])
            expectClose(row.3, expected.p[index], relative: tolerance, "\(name) zph p \(row.0)")
        }
    }

    @Test func separation_is_reported_as_non_convergence_not_a_number() throws {
        let reference = try #require(SurvivalReference.shared.cox.first { !$0.converged })
        let fit = CoxProportionalHazards.fit(try Self.data(reference))
        #expect(!fit.converged)
        #expect(!fit.warnings.isEmpty)
        let arm = try #require(fit.terms.first { $0.name == "arm" })
        #expect(arm.coef == nil && arm.se == nil && arm.hr == nil && arm.p == nil)
        #expect(fit.waldTest == nil)
    }
}
