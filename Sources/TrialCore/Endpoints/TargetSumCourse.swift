import Foundation

/// A participant's sum of target-lesion diameters over time against the baseline sum (RECIST 1.1), for the
/// waterfall and spider plots: each post-baseline assessment with every target measured, its percentage change
/// from baseline, the best (most negative) change and the RECIST 1.1 best overall response.
public struct TargetSumCourse: Hashable, Sendable, Codable {
    /// One assessment whose target lesions were all measured.
    public struct Point: Hashable, Sendable, Codable {
        public var assessmentId: String
        public var date: CalendarDate
        /// Days from randomization.
        public var day: Int
        public var sum: Millimetres
        /// (sum - baseline sum) / baseline sum x 100, unrounded.
        public var percentChange: Double

        public init(assessmentId: String, date: CalendarDate, day: Int, sum: Millimetres, percentChange: Double) {
            self.assessmentId = assessmentId
            self.date = date
            self.day = day
            self.sum = sum
            self.percentChange = percentChange
        }
    }

    public var participantId: String
    public var baselineSum: Millimetres
    /// In date order; empty when no post-baseline assessment measured every target.
    public var points: [Point]
    /// RECIST 1.1 best overall response over the post-baseline assessments (confirmation not required).
    public var bestOverallResponse: RecistResponse

    public init(participantId: String, baselineSum: Millimetres, points: [Point], bestOverallResponse: RecistResponse) {
        self.participantId = participantId
        self.baselineSum = baselineSum
        self.points = points
        self.bestOverallResponse = bestOverallResponse
    }

    /// The best (smallest) percentage change from baseline: the waterfall bar; nil without a measured point.
    public var bestPercentChange: Double? { points.map(\.percentChange).min() }

    /// RECIST 1.1 lines drawn on the waterfall: a decrease of 30% is a partial response, an increase of 20% progression.
    public static let partialResponseLinePercent = -30.0
    public static let progressionLinePercent = 20.0
}

extension TargetSumCourse {
    /// The course read from a casebook: the RECIST 1.1 evaluation of every assessment on or after randomization
    /// against the baseline target lesions (sums as the evaluator counts them, a too-small lesion as 5 mm).
    ///
    /// - Returns: nil when the participant is not randomized, has no baseline or no baseline target lesion.
    /// - Throws: `ValidationFailure` when the assessments break the RECIST 1.1 input rules.
    public static func of(_ casebook: Casebook, recistSettings: RecistSettings = RecistSettings()) throws -> TargetSumCourse? {
        guard let baseline = casebook.baseline?.form, let randomized = casebook.randomizationDate else { return nil }
        let assessments = AssessmentResponses.sorted(casebook.assessments.filter { $0.form.date >= randomized })
        let evaluation = try RecistEvaluation(
            evaluating: RecistEvaluationRequest(baseline: baseline.recistBaseline, followUps: assessments.map(\.form.recistFollowUp)),
            settings: baseline.recistSettings(recistSettings))
        guard let baselineSum = evaluation.baselineSum, baselineSum > .zero else { return nil }
        let points = zip(assessments, evaluation.timepoints).compactMap { entry, result -> Point? in
            guard let sum = result.sum else { return nil }
            let change = Double(sum.tenths - baselineSum.tenths) / Double(baselineSum.tenths) * 100
            return Point(assessmentId: entry.id, date: entry.form.date, day: randomized.days(until: entry.form.date), sum: sum, percentChange: change)
        }
        let best = evaluation.timepoints.isEmpty ? RecistResponse.notEvaluable : evaluation.bestOverallResponse
        return TargetSumCourse(participantId: casebook.participantId, baselineSum: baselineSum, points: points, bestOverallResponse: best)
    }
}
