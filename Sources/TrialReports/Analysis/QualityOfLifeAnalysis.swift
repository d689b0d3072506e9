import Foundation
import TrialCore
import TrialStats

/// QLQ-C30 change from baseline to each post-baseline timepoint by arm (ITT, participants with both
/// scores), the ANCOVA arm effect adjusted for baseline, and responder rates.
public struct QualityOfLifeAnalysis: Sendable, Equatable, Codable {
    public struct ArmSummary: Sendable, Equatable, Codable {
        public var arm: String
        /// Participants with both the baseline and the follow-up score.
        public var n: Int
        public var meanBaseline: Double?
        public var meanValue: Double?
        public var meanChange: Double?
        public var sdChange: Double?
        public var improved: Int
        public var stable: Int
        public var worsened: Int
        /// Improved participants with the Clopper-Pearson 95% interval.
        public var improvedRate: ProportionInterval?
    }

    /// The arm effect (experimental - control) on the follow-up score adjusted for baseline:
    /// the linear model value ~ experimental + baseline.
    public struct ArmEffect: Sendable, Equatable, Codable {
        public var estimate: Double
        public var standardError: Double
        public var lower: Double
        public var upper: Double
        public var p: Double
        public var degreesOfFreedom: Int
    }

    public struct Scale: Sendable, Equatable, Codable {
        public var scale: String
        public var higherIsBetter: Bool
        public var timepoint: String
        public var arms: [ArmSummary]
        public var ancova: ArmEffect?
        /// Fisher's exact test of the proportion improved between the arms.
        public var improvedComparison: FisherExactResult?
    }

    public var baselineTimepoint: String
    public var responderThresholdPoints: Double
    public var scales: [Scale]

    static func analyse(_ data: TrialAnalysisData) -> QualityOfLifeAnalysis {
        let itt = data.participants.filter { $0.populations.intentionToTreat }
        let timepoints = Array(data.study.qualityOfLife.timepoints.dropFirst())
        var scales: [Scale] = []
        for timepoint in timepoints {
            for code in QualityOfLifeOutcome.scaleCodes {
                let outcomes = itt.compactMap { participant -> (arm: String, outcome: QualityOfLifeOutcome)? in
                    guard let outcome = participant.qualityOfLife.first(where: { $0.timepoint == timepoint && $0.scale == code }),
                          outcome.change != nil else { return nil }
                    return (participant.armCode, outcome)
                }
                let arms = data.arms.map { arm -> ArmSummary in
                    let members = outcomes.filter { $0.arm == arm }.map(\.outcome)
                    let changes = members.compactMap(\.change)
                    let improved = members.filter { $0.category == .improved }.count
                    return ArmSummary(
                        arm: arm, n: members.count, meanBaseline: Descriptive.mean(members.compactMap(\.baseline)),
                        meanValue: Descriptive.mean(members.compactMap(\.value)), meanChange: Descriptive.mean(changes),
                        sdChange: Descriptive.standardDeviation(changes), improved: improved,
                        stable: members.filter { $0.category == .stable }.count,
                        worsened: members.filter { $0.category == .worsened }.count,
                        improvedRate: members.isEmpty ? nil : try? ProportionIntervals.clopperPearson(successes: improved, trials: members.count))
                }
                var effect: ArmEffect?
                if arms.allSatisfy({ $0.n > 0 }),
                   let model = try? LinearModel.fit(
                       response: outcomes.map { $0.outcome.value ?? .nan },
                       predictors: [("experimental", outcomes.map { $0.arm == data.experimentalArm ? 1 : 0 }),
                                    ("baseline", outcomes.map { $0.outcome.baseline ?? .nan })]),
                   let term = model.terms.first(where: { $0.name == "experimental" }),
                   term.standardError.isFinite, model.residualDegreesOfFreedom > 0 {
                    let t = StudentT.quantile(0.975, degreesOfFreedom: Double(model.residualDegreesOfFreedom))
                    effect = ArmEffect(estimate: term.estimate, standardError: term.standardError,
                                       lower: term.estimate - t * term.standardError, upper: term.estimate + t * term.standardError,
                                       p: term.p, degreesOfFreedom: model.residualDegreesOfFreedom)
                }
                var fisher: FisherExactResult?
                if arms.count == 2, arms.allSatisfy({ $0.n > 0 }) {
                    fisher = try? FisherExactTest.test(a: arms[0].improved, b: arms[0].n - arms[0].improved,
                                                       c: arms[1].improved, d: arms[1].n - arms[1].improved)
                }
                scales.append(Scale(scale: code, higherIsBetter: QlqC30Scale(rawValue: code)?.higherIsBetter ?? true,
                                    timepoint: timepoint, arms: arms, ancova: effect, improvedComparison: fisher))
            }
        }
        return QualityOfLifeAnalysis(baselineTimepoint: data.study.qualityOfLife.timepoints.first ?? "",
                                     responderThresholdPoints: data.study.qualityOfLife.responderThresholdPoints,
                                     scales: scales)
    }
}

/// Means and standard deviations of the descriptive tables.
enum Descriptive {
    static func mean(_ values: [Double]) -> Double? {
        values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
    }

    /// Sample standard deviation (n - 1); nil below two values.
    static func standardDeviation(_ values: [Double]) -> Double? {
        guard values.count >= 2, let mean = mean(values) else { return nil }
        return (values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count - 1)).squareRoot()
    }

    /// Median (mean of the two middle values for an even count).
    static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}
