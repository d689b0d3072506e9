import Foundation
import Testing
@testable import TrialStats

@Suite struct GroupSequentialRuleTests {
    @Test func one_stage_design_is_the_fixed_test() throws {
        let design = try GroupSequentialDesign(alpha: 0.025, informationFractions: [1], boundary: .obrienFleming)
        #expect(abs(design.criticalValues[0] - 1.959963984540054) < 1e-9)
        #expect(abs(design.cumulativeAlphaSpent[0] - 0.025) < 1e-12)
    }

    @Test func spending_functions_spend_the_whole_level_at_full_information() {
        let functions: [AlphaSpendingFunction] = [.obrienFlemingLike, .pocockLike, .kimDeMets(gamma: 2),
                                                  .hwangShihDeCani(gamma: -4), .hwangShihDeCani(gamma: 0)]
        for f in functions {
            #expect(f.spent(alpha: 0.025, sided: 1, at: 1) == 0.025)
            #expect(f.spent(alpha: 0.025, sided: 1, at: 0.5) < 0.025)
            #expect(f.spent(alpha: 0.025, sided: 1, at: 0.3) < f.spent(alpha: 0.025, sided: 1, at: 0.6))
        }
    }

    @Test func cumulative_alpha_spent_follows_the_spending_function() throws {
        let t = [0.25, 0.6, 1.0]
        let design = try GroupSequentialDesign(alpha: 0.025, informationFractions: t,
                                               boundary: .alphaSpending(.kimDeMets(gamma: 2)))
        for k in t.indices {
            #expect(abs(design.cumulativeAlphaSpent[k] - 0.025 * t[k] * t[k]) < 1e-10)
        }
    }

    @Test func pocock_bounds_are_constant_and_obrien_fleming_bounds_fall() throws {
        let p = try GroupSequentialDesign(alpha: 0.025, informationFractions: [0.5, 1], boundary: .pocock)
        #expect(p.criticalValues[0] == p.criticalValues[1])
        let of = try GroupSequentialDesign(alpha: 0.025, informationFractions: [0.5, 1], boundary: .obrienFleming)
        #expect(abs(of.criticalValues[0] - of.criticalValues[1] * 2.0.squareRoot()) < 1e-12)
    }

    @Test func bad_inputs_name_the_field_and_the_rule() {
        #expect(throws: DesignError(field: "informationFractions", rule: "must end with 1")) {
            try GroupSequentialDesign(alpha: 0.025, informationFractions: [0.5, 0.9], boundary: .pocock)
        }
        #expect(throws: DesignError(field: "informationFractions", rule: "must increase strictly")) {
            try GroupSequentialDesign(alpha: 0.025, informationFractions: [0.5, 0.5, 1], boundary: .pocock)
        }
        #expect(throws: DesignError(field: "alpha", rule: "must be > 0 and < 1")) {
            try GroupSequentialDesign(alpha: 0, informationFractions: [1], boundary: .pocock)
        }
        #expect(throws: DesignError(field: "gamma", rule: "is required when type is asKD")) {
            try GroupSequentialBoundary(code: "asKD", gamma: nil)
        }
        #expect(throws: DesignError(field: "type", rule: "must be one of OF, P, asOF, asP, asKD, asHSD")) {
            try GroupSequentialBoundary(code: "WT", gamma: nil)
        }
    }
}
