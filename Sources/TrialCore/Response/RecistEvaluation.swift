import Foundation

/// One follow-up's RECIST 1.1 result.
public struct RecistTimepointResult: Hashable, Sendable, Codable {
    public var date: CalendarDate
    /// Sum of diameters; null when a target lesion was not assessed or there are no targets.
    public var sum: Millimetres?
    /// The nadir this time point is compared with: the smallest complete sum before it, baseline
    /// included (so a new smallest sum shows here from the next time point on).
    public var nadir: Millimetres?
    /// Change of the sum from the baseline sum, in percent rounded to one decimal.
    public var changeFromBaselinePct: Decimal?
    /// Change of the sum from `nadir`, in percent rounded to one decimal; null when the nadir is 0.
    public var changeFromNadirPct: Decimal?
    public var target: RecistResponse
    public var nonTarget: RecistResponse
    public var overall: RecistResponse

    public init(
        date: CalendarDate, sum: Millimetres?, nadir: Millimetres?, changeFromBaselinePct: Decimal?,
        changeFromNadirPct: Decimal?, target: RecistResponse, nonTarget: RecistResponse, overall: RecistResponse
    ) {
        self.date = date
        self.sum = sum
        self.nadir = nadir
        self.changeFromBaselinePct = changeFromBaselinePct
        self.changeFromNadirPct = changeFromNadirPct
        self.target = target
        self.nonTarget = nonTarget
        self.overall = overall
    }

    enum CodingKeys: String, CodingKey {
        case date, sum, nadir, changeFromBaselinePct, changeFromNadirPct, target, nonTarget, overall
    }

    public func encode(to encoder: Encoder) throws {
        // Every key is written, with null where there is no value, so readers see one fixed shape.
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(date, forKey: .date)
        try container.encode(sum, forKey: .sum)
        try container.encode(nadir, forKey: .nadir)
        try container.encode(changeFromBaselinePct, forKey: .changeFromBaselinePct)
        try container.encode(changeFromNadirPct, forKey: .changeFromNadirPct)
        try container.encode(target, forKey: .target)
        try container.encode(nonTarget, forKey: .nonTarget)
        try container.encode(overall, forKey: .overall)
    }
}

/// A participant's RECIST 1.1 course: each time point's responses, the best overall response and the
/// date of first progression.
///
/// Rules beyond the single time point:
/// - The nadir is the smallest complete sum so far, baseline included; a time point with a target not
///   assessed has no sum and does not move the nadir.
/// - Equivocal new lesion: PD dates back to the scan where it was first seen once confirmed. A
///   confirmation is an `unequivocal` new-lesion reading that directly follows one or more `equivocal`
///   readings; PD then dates from the first scan of that unbroken run of equivocal readings, and those
///   time points' overall responses become PD. A `none` reading in between ends the run (the finding
///   resolved). Only a confirmation at the first progression moves its date: once PD is reached, later
///   scans never change the progression date.
/// - A lesion that disappeared and reappears is added back to the sum; it is PD by itself only when the
///   most recent overall response other than NE was CR (an NE time point in between does not erase
///   the CR).
/// - Time points after the first progression are still evaluated by the same rules, for information;
///   they do not enter the best overall response or the progression date.
public struct RecistEvaluation: Hashable, Sendable, Codable {
    public var baselineSum: Millimetres?
    public var timepoints: [RecistTimepointResult]
    public var bestOverallResponse: RecistResponse
    public var progressionDate: CalendarDate?
    /// The overall responses that a confirmed equivocal new lesion turned into PD (time point index → its
    /// own response, as read at its date). With them each time point's response as of its own date comes
    /// from one evaluation of the series, since every time point depends only on those before it.
    public var overallBeforeDatingBack: [Int: RecistResponse] = [:]

    public init(baselineSum: Millimetres?, timepoints: [RecistTimepointResult], bestOverallResponse: RecistResponse, progressionDate: CalendarDate?) {
        self.baselineSum = baselineSum
        self.timepoints = timepoints
        self.bestOverallResponse = bestOverallResponse
        self.progressionDate = progressionDate
    }

    /// Validates the request (throwing `ValidationFailure` with every problem) and evaluates it.
    public init(evaluating request: RecistEvaluationRequest, settings: RecistSettings = RecistSettings()) throws {
        self.init(record: try request.validated(settings: settings))
    }

    /// Evaluates a validated record.
    public init(record: RecistAssessmentRecord) {
        let settings = record.settings
        let baselineSum = record.baselineSum
        var nadir = baselineSum
        var hasResponded = false
        var lastEvaluableOverall: RecistResponse?
        var timepoints: [RecistTimepointResult] = []

        for readings in record.followUps {
            let followsCompleteResponse = lastEvaluableOverall == .completeResponse
            var target = RecistTimepointRules.TargetAssessment(response: .noDisease, sum: nil)
            if let baselineSum, let currentNadir = nadir {
                let history = RecistTimepointRules.TargetHistory(
                    baselineSum: baselineSum, nadir: currentNadir,
                    hasRespondedSinceLastProgression: hasResponded,
                    followsOverallCompleteResponse: followsCompleteResponse)
                target = RecistTimepointRules.targetAssessment(
                    lesions: record.targets, measurements: readings.targets, history: history, settings: settings)
            }
            let nonTarget = RecistTimepointRules.nonTargetResponse(
                statuses: readings.nonTargets, followsOverallCompleteResponse: followsCompleteResponse)
            let overall = RecistTimepointRules.overallResponse(
                target: target.response, nonTarget: nonTarget, newLesions: readings.newLesions)

            timepoints.append(RecistTimepointResult(
                date: readings.date,
                sum: target.sum,
                nadir: nadir,
                changeFromBaselinePct: target.sum.flatMap { sum in baselineSum.flatMap { ResponsePercentChange.rounded(from: $0, to: sum) } },
                changeFromNadirPct: target.sum.flatMap { sum in nadir.flatMap { ResponsePercentChange.rounded(from: $0, to: sum) } },
                target: target.response, nonTarget: nonTarget, overall: overall))

            if let sum = target.sum, let current = nadir { nadir = min(current, sum) }
            switch target.response {
            case .completeResponse, .partialResponse: hasResponded = true
            case .progressiveDisease: hasResponded = false
            default: break
            }
            if overall != .notEvaluable { lastEvaluableOverall = overall }
        }

        var progressionIndex = timepoints.firstIndex { $0.overall == .progressiveDisease }
        if let firstProgression = progressionIndex, record.followUps[firstProgression].newLesions == .unequivocal {
            var firstSeen = firstProgression
            while firstSeen > 0 && record.followUps[firstSeen - 1].newLesions == .equivocal {
                firstSeen -= 1
            }
            for index in firstSeen..<firstProgression {
                overallBeforeDatingBack[index] = timepoints[index].overall
                timepoints[index].overall = .progressiveDisease
            }
            progressionIndex = firstSeen
        }

        self.baselineSum = baselineSum
        self.timepoints = timepoints
        self.progressionDate = progressionIndex.map { timepoints[$0].date }
        self.bestOverallResponse = RecistBestOverallResponse.determine(
            overall: timepoints.map { ($0.date, $0.overall) }, baselineDate: record.baselineDate,
            progressionIndex: progressionIndex, minimumStableDiseaseDays: settings.minimumStableDiseaseDays)
    }

    enum CodingKeys: String, CodingKey { case baselineSum, timepoints, bestOverallResponse, progressionDate }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(baselineSum, forKey: .baselineSum)
        try container.encode(timepoints, forKey: .timepoints)
        try container.encode(bestOverallResponse, forKey: .bestOverallResponse)
        try container.encode(progressionDate, forKey: .progressionDate)
    }
}
