import Foundation
import Testing
@testable import TrialStats

@Suite struct SurvivalDesignRuleTests {
    let assumptions = try! SurvivalTrialAssumptions(hazardRatio: 0.6, control: .medianMonths(5), accrualMonths: 12,
                                                    dropoutRatePerYear: 0.05)

    @Test func schoenfeld_events_for_hr_0_6_at_80_percent_power() throws {
        // (1.959964 + 0.841621)^2 * 4 / log(0.6)^2 = 120.3157
        let events = try SurvivalSampleSize.eventsRequired(alpha: 0.025, sided: 1, power: 0.8, assumptions: assumptions,
                                                           method: .schoenfeld)
        #expect(abs(events - 120.31570437749926) < 1e-9)
    }

    @Test func power_at_the_required_events_is_the_target() throws {
        for method in EventCountMethod.allCases {
            let events = try SurvivalSampleSize.eventsRequired(alpha: 0.025, sided: 1, power: 0.9,
                                                               assumptions: assumptions, method: method)
            let power = try SurvivalSampleSize.power(events: events, alpha: 0.025, sided: 1, assumptions: assumptions,
                                                     method: method)
            #expect(abs(power - 0.9) < 1e-12)
        }
    }

    @Test func the_month_the_events_are_expected_inverts_the_expected_events() throws {
        let month = try #require(assumptions.month(whenExpectedEventsReach: 80, participants: 120))
        #expect(abs(assumptions.expectedEvents(participants: 120, atMonth: month) - 80) < 1e-9)
        // Before the end of accrual the formula for partial enrolment applies; it joins the other at a.
        let inside = assumptions.eventProbability(atMonth: 12 - 1e-9)
        let outside = assumptions.eventProbability(atMonth: 12)
        #expect(abs(inside - outside) < 1e-9)
        // More events than the participants will ever have are never expected.
        #expect(assumptions.month(whenExpectedEventsReach: 119, participants: 120) == nil)
    }

    @Test func dropout_rate_per_year_becomes_a_monthly_hazard() {
        #expect(abs(assumptions.dropoutHazard - -log(0.95) / 12) < 1e-15)
    }

    @Test func bad_inputs_name_the_field_and_the_rule() {
        #expect(throws: DesignError(field: "hazardRatio", rule: "must be > 0 and != 1")) {
            try SurvivalTrialAssumptions(hazardRatio: 1, control: .medianMonths(5), accrualMonths: 12)
        }
        #expect(throws: DesignError(field: "controlMedianMonths", rule: "must be > 0")) {
            try SurvivalTrialAssumptions(hazardRatio: 0.6, control: .medianMonths(0), accrualMonths: 12)
        }
        #expect(throws: DesignError(field: "dropoutRatePerYear", rule: "must be >= 0 and < 1")) {
            try SurvivalTrialAssumptions(hazardRatio: 0.6, control: .medianMonths(5), accrualMonths: 12,
                                         dropoutRatePerYear: 1)
        }
        #expect(throws: DesignError(field: "power", rule: "must be > alpha / sided and < 1")) {
            try SurvivalSampleSize.eventsRequired(alpha: 0.025, sided: 1, power: 1, assumptions: assumptions,
                                                  method: .schoenfeld)
        }
        #expect(throws: DesignError(field: "power", rule: "or sampleSize must be given, not both")) {
            try SurvivalDesign.make(alpha: 0.025, sided: 1, power: 0.8, sampleSize: 120, assumptions: assumptions,
                                    followUpMonths: 12, method: .schoenfeld)
        }
    }
}
