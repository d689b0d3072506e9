import Foundation

/// Classifies the change of QLQ-C30 scores from baseline (Osoba et al., J Clin Oncol 1998: 10 points or more is
/// clinically meaningful; the threshold is a parameter).
public enum QlqC30Change {
    /// The usual minimal clinically important difference, in points on the 0-100 scale.
    public static let defaultThreshold = 10.0

    /// Scores are multiples of fractions such as 100/9, so a difference meant to be exactly 10 may come out a hair
    /// below it in floating point; differences within this tolerance of the threshold count as reaching it.
    static let tolerance = 1e-9

    /// Classifies a change; a difference whose size reaches the threshold is meaningful.
    /// - Parameter higherIsBetter: true for functional scales, global health and the summary score.
    public static func classify(
        baseline: Double, followUp: Double, higherIsBetter: Bool, threshold: Double = defaultThreshold
    ) -> QlqC30ChangeCategory {
        let difference = followUp - baseline
        let benefit = higherIsBetter ? difference : -difference
        if benefit >= threshold - tolerance { return .improved }
        if benefit <= -(threshold - tolerance) { return .worsened }
        return .stable
    }

    /// Classifies the change of one scale; nil when either score is missing.
    public static func classify(
        _ scale: QlqC30Scale, baseline: QlqC30Scores, followUp: QlqC30Scores, threshold: Double = defaultThreshold
    ) -> QlqC30ChangeCategory? {
        guard let before = baseline[scale], let after = followUp[scale] else { return nil }
        return classify(baseline: before, followUp: after, higherIsBetter: scale.higherIsBetter, threshold: threshold)
    }

    /// Classifies the change of the summary score (higher is better); nil when either summary score is missing.
    public static func classifySummaryScore(
        baseline: QlqC30Scores, followUp: QlqC30Scores, threshold: Double = defaultThreshold
    ) -> QlqC30ChangeCategory? {
        guard let before = baseline.summaryScore, let after = followUp.summaryScore else { return nil }
        return classify(baseline: before, followUp: after, higherIsBetter: true, threshold: threshold)
    }

    /// Every scale that can be compared, with its category.
    public static func classifyAll(
        baseline: QlqC30Scores, followUp: QlqC30Scores, threshold: Double = defaultThreshold
    ) -> [QlqC30Scale: QlqC30ChangeCategory] {
        var result: [QlqC30Scale: QlqC30ChangeCategory] = [:]
        for scale in QlqC30Scale.allCases {
            result[scale] = classify(scale, baseline: baseline, followUp: followUp, threshold: threshold)
        }
        return result
    }
}
