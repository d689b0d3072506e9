import Foundation

/// Scoring of the EORTC QLQ-C30 version 3.0 by the Scoring Manual (3rd edition, 2001), with the summary score of
/// Giesinger et al. (J Clin Epidemiol 2016;69:79-88).
public enum QlqC30Scoring {
    /// The raw score: mean of the scale's answered items, or nil when fewer than half of its items are answered.
    ///
    /// Scoring manual: a scale is scored from the answered items when at least half of them are answered
    /// (so PF2 needs 3 of 5, EF 2 of 4, two-item scales 1 of 2); a single-item scale is missing when its item is.
    public static func rawScore(_ scale: QlqC30Scale, answers: QlqC30Answers) -> Double? {
        let answered = scale.items.compactMap { answers[$0] }
        guard !answered.isEmpty, 2 * answered.count >= scale.items.count else { return nil }
        return Double(answered.reduce(0, +)) / Double(answered.count)
    }

    /// The linear transformation of a raw score to 0-100.
    /// Functional scales: (1 - (RS - 1) / range) x 100; symptom scales and global health: ((RS - 1) / range) x 100.
    public static func transform(rawScore: Double, scale: QlqC30Scale) -> Double {
        let fraction = (rawScore - 1) / Double(scale.itemRange)
        switch scale.kind {
        case .functional: return (1 - fraction) * 100
        case .symptom, .globalHealth: return fraction * 100
        }
    }

    /// The scale's 0-100 score, nil when the half-of-items rule leaves it missing.
    public static func score(_ scale: QlqC30Scale, answers: QlqC30Answers) -> Double? {
        rawScore(scale, answers: answers).map { transform(rawScore: $0, scale: scale) }
    }

    /// The summary score: mean of PF2, RF2, EF, CF, SF and of (100 - score) for FA, NV, PA, DY, SL, AP, CO, DI;
    /// nil unless all thirteen are available (QL2 and FI are not part of it).
    public static func summaryScore(_ scores: [QlqC30Scale: Double]) -> Double? {
        var total = 0.0
        for scale in QlqC30Scale.summaryScoreScales {
            guard let value = scores[scale] else { return nil }
            total += scale.kind == .symptom ? 100 - value : value
        }
        return total / Double(QlqC30Scale.summaryScoreScales.count)
    }

    /// All fifteen scale scores and the summary score of one questionnaire.
    public static func scores(_ answers: QlqC30Answers) -> QlqC30Scores {
        var scores: [QlqC30Scale: Double] = [:]
        for scale in QlqC30Scale.allCases {
            scores[scale] = score(scale, answers: answers)
        }
        return QlqC30Scores(scores: scores, summaryScore: summaryScore(scores))
    }
}
