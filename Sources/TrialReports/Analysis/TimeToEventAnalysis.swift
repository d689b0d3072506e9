import Foundation
import TrialCore
import TrialStats

/// A hazard ratio of the experimental arm against control, from a Cox model.
public struct HazardRatio: Sendable, Equatable, Codable {
    public var estimate: Double
    public var lower: Double
    public var upper: Double
    /// Wald test p-value of the arm coefficient.
    public var p: Double
    public var stratified: Bool
    public var converged: Bool
    public var events: Int
    public var n: Int

    /// Cox model with one covariate, 1 for the experimental arm and 0 for control (so the ratio is
    /// experimental over control), Efron ties, stratified by `strata` when given; nil when the model
    /// cannot be fitted (no event, one arm only) or gives no finite estimate.
    static func fit(times: [Double], events: [Int], experimental: [Bool], strata: [String]?) -> HazardRatio? {
        model(times: times, events: events, experimental: experimental, strata: strata)?.hazardRatio
    }

    /// The fitted model with its data (for the proportional-hazards test of the same fit) and the ratio.
    static func model(times: [Double], events: [Int], experimental: [Bool], strata: [String]?)
        -> (hazardRatio: HazardRatio, model: CoxProportionalHazards, data: CoxData)? {
        guard events.contains(1), experimental.contains(true), experimental.contains(false) else { return nil }
        guard let data = try? CoxData(times: times, events: events,
                                      covariates: [.numeric(name: "experimental", values: experimental.map { $0 ? 1 : 0 })],
                                      strata: strata) else { return nil }
        let model = CoxProportionalHazards.fit(data)
        guard let term = model.terms.first, let hr = term.hr, let lower = term.lower, let upper = term.upper, let p = term.p,
              hr.isFinite, lower.isFinite, upper.isFinite else { return nil }
        let ratio = HazardRatio(estimate: hr, lower: lower, upper: upper, p: p, stratified: strata != nil,
                                converged: model.converged, events: model.events, n: model.n)
        return (ratio, model, data)
    }
}

/// The Kaplan-Meier summary of one arm.
public struct ArmSurvival: Sendable, Equatable, Codable {
    public var arm: String
    public var n: Int
    public var events: Int
    /// Median time in days with its 95% CI (log transform, as R's survfit).
    public var median: SurvivalQuantile
    /// Survival at the landmark days (6 and 12 months; 24 for OS) with 95% CI.
    public var landmarks: [SurvivalEstimateAtTime]
    /// The whole curve, for the figure.
    public var curve: KaplanMeier
}

/// Every number of one time-to-event endpoint in the ITT population: Kaplan-Meier by arm, the
/// stratified log-rank test, the stratified Cox hazard ratio and its PH test, and the RMST difference.
public struct TimeToEventAnalysis: Sendable, Equatable, Codable {
    /// ADTTE PARAMCD.
    public var parameter: String
    public var horizonDays: Int
    public var arms: [ArmSurvival]
    /// Log-rank test stratified by the randomization strata.
    public var stratifiedLogRank: LogRankTest?
    /// Cox hazard ratio (experimental / control) stratified by the randomization strata.
    public var hazardRatio: HazardRatio?
    /// cox.zph global test of the stratified Cox model (Kaplan-Meier time transform).
    public var proportionalHazardsTest: ProportionalHazardsTest.GlobalTest?
    /// Restricted mean survival time difference (experimental - control) up to `rmstTauDays`.
    public var restrictedMeanDifference: RestrictedMeanDifference?
    public var rmstTauDays: Double

    /// Landmark days of the rates: 6 months (183 days) and 12 months (365 days), and 24 months (730)
    /// when the horizon reaches it.
    static func landmarkDays(horizon: Int) -> [Double] {
        horizon >= 730 ? [183, 365, 730] : [183, 365]
    }

    static func analyse(_ records: [TimeToEventRecord], parameter: TimeToEventRecord.Parameter, horizon: Int,
                        experimentalArm: String, controlArm: String) -> TimeToEventAnalysis {
        let rows = records.filter { $0.parameter == parameter && $0.intentionToTreat }
        let times = rows.map(\.analysisDays)
        let events = rows.map(\.event)
        let groups = rows.map(\.randomizedArm)
        let strata = rows.map(\.stratum)
        let landmarks = landmarkDays(horizon: horizon)
        let arms = [experimentalArm, controlArm].compactMap { arm -> ArmSurvival? in
            let members = rows.filter { $0.randomizedArm == arm }
            guard !members.isEmpty,
                  let curve = try? KaplanMeier.fit(times: members.map(\.analysisDays), events: members.map(\.event)) else { return nil }
            return ArmSurvival(arm: arm, n: curve.n, events: curve.events, median: curve.median,
                               landmarks: curve.survival(at: landmarks), curve: curve)
        }
        let bothArms = Set(groups).isSuperset(of: [experimentalArm, controlArm])
        let logRank = bothArms ? try? LogRankTest.test(times: times, events: events, groups: groups,
                                                       levels: [controlArm, experimentalArm], strata: strata) : nil
        let cox = HazardRatio.model(times: times, events: events, experimental: groups.map { $0 == experimentalArm }, strata: strata)
        let hazardRatio = cox?.hazardRatio
        let phTest = cox.flatMap { $0.model.proportionalHazardsTest($0.data)?.global }
        let tau = Double(min(horizon, 365))
        let rmst = bothArms ? try? RestrictedMeanDifference.compare(times: times, events: events, groups: groups,
                                                                    levels: [controlArm, experimentalArm], tau: tau) : nil
        return TimeToEventAnalysis(parameter: parameter.rawValue, horizonDays: horizon, arms: arms,
                                   stratifiedLogRank: logRank, hazardRatio: hazardRatio,
                                   proportionalHazardsTest: phTest, restrictedMeanDifference: rmst, rmstTauDays: tau)
    }
}

/// Cumulative incidence of one group: the event of interest and the competing event.
public struct CumulativeIncidenceGroup: Sendable, Equatable, Codable {
    public var group: String
    public var n: Int
    public var events: Int
    public var competingEvents: Int
    /// Aalen-Johansen estimate of the event of interest (cause 1) and of the competing event (cause 2).
    public var eventCurve: CumulativeIncidenceCurve
    public var competingCurve: CumulativeIncidenceCurve?
    /// Cumulative incidence of the event of interest at the landmark days, with standard errors.
    public var landmarks: [CumulativeIncidencePoint]
}

/// Competing-risks summary: cumulative incidence per group and Gray's test where two or more groups exist.
public struct CompetingRiskAnalysis: Sendable, Equatable, Codable {
    /// What the groups are: `arm`, `organ` or `all`.
    public var groupedBy: String
    public var groups: [CumulativeIncidenceGroup]
    public var grayTest: GrayTestResult?

    /// `status`: 0 censored, 1 event of interest, 2 competing event.
    static func analyse(times: [Double], status: [Int], groups: [String], groupedBy: String, order: [String]? = nil,
                        landmarks: [Double]) -> CompetingRiskAnalysis {
        guard !times.isEmpty,
              let curves = try? CumulativeIncidence.estimate(time: times, status: status, group: groups, causes: 2) else {
            return CompetingRiskAnalysis(groupedBy: groupedBy, groups: [], grayTest: nil)
        }
        let levels = order ?? Array(Set(groups)).sorted()
        let summaries = levels.compactMap { level -> CumulativeIncidenceGroup? in
            guard let event = curves.first(where: { $0.group == level && $0.cause == 1 }) else { return nil }
            let members = groups.indices.filter { groups[$0] == level }
            return CumulativeIncidenceGroup(
                group: level, n: members.count, events: members.filter { status[$0] == 1 }.count,
                competingEvents: members.filter { status[$0] == 2 }.count, eventCurve: event,
                competingCurve: curves.first { $0.group == level && $0.cause == 2 },
                landmarks: landmarks.map { event.value(at: $0) })
        }
        let gray = Set(groups).count >= 2 && status.contains(1)
            ? try? GrayTest.test(time: times, status: status, group: groups, cause: 1) : nil
        return CompetingRiskAnalysis(groupedBy: groupedBy, groups: summaries, grayTest: gray)
    }
}

/// Local control of 125I-treated lesions: in-field progression with death as the competing event,
/// per lesion (overall and by organ, Gray's test between organs) and per participant.
public struct LocalControlAnalysis: Sendable, Equatable, Codable {
    public var treatedLesions: Int
    public var treatedParticipants: Int
    public var perLesion: CompetingRiskAnalysis
    public var perLesionByOrgan: CompetingRiskAnalysis
    public var perParticipant: CompetingRiskAnalysis
}
