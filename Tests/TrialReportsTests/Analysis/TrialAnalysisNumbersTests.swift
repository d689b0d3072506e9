import Foundation
import Testing
import TrialCore
import TrialStats
@testable import TrialReports

/// The numbers of analysis.json are what TrialStats gives on the exported ADTTE rows.
@Suite struct TrialAnalysisNumbersTests {
    static let output = try! TrialReportOutput(SyntheticTrial().input())

    /// ADTTE rows of one parameter in the ITT population: time, event, arm, stratum.
    static func adtte(_ paramcd: String) -> (times: [Double], events: [Int], arms: [String], strata: [String]) {
        let dataset = output.datasets.dataset(named: "ADTTE")!
        func column(_ name: String) -> Int { dataset.variableIndex(named: name)! }
        var result: (times: [Double], events: [Int], arms: [String], strata: [String]) = ([], [], [], [])
        for row in dataset.rows where row[column("PARAMCD")] == .text(paramcd) && row[column("ITTFL")] == .text("Y") {
            guard case .number(let aval) = row[column("AVAL")], case .number(let cnsr) = row[column("CNSR")],
                  case .text(let arm) = row[column("TRT01P")], case .text(let stratum) = row[column("STRATUM")] else { continue }
            result.times.append(aval)
            result.events.append(cnsr == 0 ? 1 : 0)
            result.arms.append(arm)
            result.strata.append(stratum)
        }
        return result
    }

    @Test(arguments: ["PFS", "OS", "TTNT", "PFSNLC"])
    func kaplan_meier_log_rank_cox_and_rmst_equal_trialstats_on_the_dataset(paramcd: String) throws {
        let analysis = Self.output.analysis
        let result = [analysis.progressionFreeSurvival, analysis.overallSurvival, analysis.timeToNextTreatment,
                      analysis.progressionFreeSurvivalNewTherapyCensored].first { $0.parameter == paramcd }!
        let data = Self.adtte(paramcd)
        #expect(data.times.count == 120)
        for arm in result.arms {
            let members = data.arms.indices.filter { data.arms[$0] == arm.arm }
            let fit = try KaplanMeier.fit(times: members.map { data.times[$0] }, events: members.map { data.events[$0] })
            #expect(arm.curve == fit)
            #expect(arm.median == fit.median)
            #expect(arm.landmarks == fit.survival(at: TimeToEventAnalysis.landmarkDays(horizon: result.horizonDays)))
        }
        let logRank = try LogRankTest.test(times: data.times, events: data.events, groups: data.arms, levels: ["SYS", "I125"], strata: data.strata)
        #expect(result.stratifiedLogRank == logRank)
        let cox = CoxProportionalHazards.fit(try CoxData(
            times: data.times, events: data.events,
            covariates: [.numeric(name: "experimental", values: data.arms.map { $0 == "I125" ? 1 : 0 })], strata: data.strata))
        let hazardRatio = try #require(result.hazardRatio)
        #expect(hazardRatio.estimate == cox.terms[0].hr && hazardRatio.lower == cox.terms[0].lower && hazardRatio.p == cox.terms[0].p)
        let rmst = try RestrictedMeanDifference.compare(times: data.times, events: data.events, groups: data.arms, levels: ["SYS", "I125"], tau: 365)
        #expect(result.restrictedMeanDifference == rmst)
    }

    @Test func the_synthetic_trial_shows_events_in_both_arms_and_a_finite_primary_hazard_ratio() throws {
        let pfs = Self.output.analysis.progressionFreeSurvival
        #expect(pfs.arms.map(\.arm) == ["I125", "SYS"])
        #expect(pfs.arms.allSatisfy { $0.events > 10 })
        let hr = try #require(pfs.hazardRatio)
        #expect(hr.stratified && hr.converged && hr.lower < hr.estimate && hr.estimate < hr.upper)
        #expect(pfs.proportionalHazardsTest != nil)
    }

    @Test func ttnt_competing_risk_uses_death_before_a_new_line_as_cause_two() throws {
        let dataset = Self.output.datasets.dataset(named: "ADTTE")!
        func column(_ name: String) -> Int { dataset.variableIndex(named: name)! }
        var times: [Double] = [], status: [Int] = [], groups: [String] = []
        for row in dataset.rows where row[column("PARAMCD")] == .text("TTNT") {
            guard case .number(let aval) = row[column("AVAL")], case .number(let code) = row[column("CRSTAT")],
                  case .text(let arm) = row[column("TRT01P")] else { continue }
            times.append(aval); status.append(Int(code)); groups.append(arm)
        }
        let curves = try CumulativeIncidence.estimate(time: times, status: status, group: groups, causes: 2)
        let analysis = Self.output.analysis.timeToNextTreatmentCompetingRisk
        for group in analysis.groups {
            #expect(group.eventCurve == curves.first { $0.group == group.group && $0.cause == 1 })
        }
        #expect(analysis.grayTest == (try GrayTest.test(time: times, status: status, group: groups, cause: 1)))
    }

    @Test func population_sizes_and_consort_counts_add_up() {
        let analysis = Self.output.analysis
        #expect(analysis.populations.intentionToTreat.reduce(0, +) == 120)
        #expect(analysis.populations.safety.reduce(0, +) + analysis.populations.notTreated == 120)
        #expect(analysis.populations.perProtocol.reduce(0, +) < 120)
        let consort = analysis.consort
        #expect(consort.randomized == 120 && consort.assessedForEligibility == 135)
        let ineligible = consort.excluded.first { $0.reason == "ineligible" }?.count
        #expect(ineligible == 10)
        #expect(consort.excluded.first { $0.reason == "declined" }?.count == 4)
        #expect(consort.arms.map(\.allocated).reduce(0, +) == 120)
        #expect(consort.arms[0].didNotReceiveAllocatedIntervention.first { $0.reason == "noImplantation" } != nil)
    }

    @Test func safety_counts_each_participant_once_at_the_worst_grade() {
        let safety = Self.output.analysis.safety
        for arm in safety.arms {
            #expect(arm.byWorstGrade.reduce(0, +) == arm.anyEvent)
            #expect(arm.byWorstGrade[2...].reduce(0, +) == arm.grade3OrWorse)
        }
        // Pneumothorax is procedure-related and only the implanted participants had the procedure.
        let pneumothorax = safety.procedureRelatedTerms.first { $0.term == "Pneumothorax" }
        #expect(pneumothorax.map { $0.anyGrade[0] > 0 && $0.anyGrade[1] == 0 } == true)
    }

    @Test func qlq_c30_ancova_is_the_linear_model_on_arm_and_baseline() throws {
        let dataset = Self.output.datasets.dataset(named: "ADQS")!
        func column(_ name: String) -> Int { dataset.variableIndex(named: name)! }
        var values: [Double] = [], baselines: [Double] = [], experimental: [Double] = []
        for row in dataset.rows where row[column("PARAMCD")] == .text("QL2") && row[column("AVISIT")] == .text("QOL6") {
            guard case .number(let value) = row[column("AVAL")], case .number(let base) = row[column("BASE")],
                  case .text(let arm) = row[column("TRT01P")] else { continue }
            values.append(value); baselines.append(base); experimental.append(arm == "I125" ? 1 : 0)
        }
        let model = try LinearModel.fit(response: values, predictors: [("experimental", experimental), ("baseline", baselines)])
        let scale = try #require(Self.output.analysis.qualityOfLife.scales.first { $0.scale == "QL2" })
        let term = try #require(model.terms.first { $0.name == "experimental" })
        #expect(scale.ancova?.estimate == term.estimate && scale.ancova?.p == term.p)
        #expect(scale.arms.map(\.n).reduce(0, +) == values.count)
    }
}
