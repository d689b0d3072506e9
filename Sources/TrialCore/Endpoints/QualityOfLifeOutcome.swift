import Foundation

/// One QLQ-C30 scale (or the summary score) of one participant at one post-baseline timepoint: the
/// baseline and follow-up scores, the change, and the responder category (docs/endpoints.md,
/// "Quality of life").
public struct QualityOfLifeOutcome: Sendable, Hashable, Codable {
    /// Scale abbreviation (`QL2`, `PF2`, ..., `FI`) or `SUMSC` for the summary score.
    public var scale: String
    /// Functional scales, global health and the summary score: a higher score is better.
    public var higherIsBetter: Bool
    /// The post-baseline timepoint's visit code (e.g. `QOL6`).
    public var timepoint: String
    public var baselineDate: CalendarDate?
    public var followUpDate: CalendarDate?
    public var baseline: Double?
    public var value: Double?
    /// value - baseline; nil when either is missing.
    public var change: Double?
    /// Improved, stable or worsened by the study's responder threshold; nil when the change is missing.
    public var category: QlqC30ChangeCategory?

    /// The scale identifiers in report order: the fifteen scales, then the summary score.
    public static var scaleCodes: [String] { QlqC30Scale.allCases.map(\.abbreviation) + [QlqC30Scores.summaryScoreKey] }

    /// Every scale and the summary score at each post-baseline quality-of-life timepoint of the study.
    ///
    /// Baseline is the study's first quality-of-life timepoint; each later timepoint is compared with it.
    /// A missing questionnaire or an unscoreable scale leaves the score (and so the change) missing; no
    /// value is imputed. The threshold is `study.qualityOfLife.responderThresholdPoints`; "improved" is a
    /// higher score on functional scales, global health and the summary score and a lower one on symptom
    /// scales (`QlqC30Change`).
    public static func derive(
        _ casebook: Casebook, study: StudyDefinition, dataCutoff: CalendarDate? = nil
    ) -> [QualityOfLifeOutcome] {
        let book = dataCutoff.map { casebook.asOf(dataCutoff: $0) } ?? casebook
        let timepoints = study.qualityOfLife.timepoints
        guard let baselineCode = timepoints.first else { return [] }
        let threshold = study.qualityOfLife.responderThresholdPoints
        let baselineForm = book.qualityOfLife.first { $0.form.timepoint == baselineCode }?.form
        let baselineScores = baselineForm?.scores
        var outcomes: [QualityOfLifeOutcome] = []
        for code in timepoints.dropFirst() {
            let followForm = book.qualityOfLife.first { $0.form.timepoint == code }?.form
            let followScores = followForm?.scores
            for scale in QlqC30Scale.allCases {
                outcomes.append(outcome(
                    scale: scale.abbreviation, higherIsBetter: scale.higherIsBetter, timepoint: code,
                    baselineDate: baselineForm?.date, followUpDate: followForm?.date,
                    baseline: baselineScores?[scale], value: followScores?[scale], threshold: threshold))
            }
            outcomes.append(outcome(
                scale: QlqC30Scores.summaryScoreKey, higherIsBetter: true, timepoint: code,
                baselineDate: baselineForm?.date, followUpDate: followForm?.date,
                baseline: baselineScores?.summaryScore, value: followScores?.summaryScore, threshold: threshold))
        }
        return outcomes
    }

    static func outcome(
        scale: String, higherIsBetter: Bool, timepoint: String, baselineDate: CalendarDate?, followUpDate: CalendarDate?,
        baseline: Double?, value: Double?, threshold: Double
    ) -> QualityOfLifeOutcome {
        var change: Double?
        var category: QlqC30ChangeCategory?
        if let baseline, let value {
            change = value - baseline
            category = QlqC30Change.classify(baseline: baseline, followUp: value, higherIsBetter: higherIsBetter,
                                             threshold: threshold)
        }
        return QualityOfLifeOutcome(
            scale: scale, higherIsBetter: higherIsBetter, timepoint: timepoint, baselineDate: baselineDate,
            followUpDate: followUpDate, baseline: baseline, value: value, change: change, category: category)
    }
}
