import Foundation

/// One follow-up scan's PERCIST 1.0 result.
public struct PercistTimepointResult: Hashable, Sendable, Codable {
    public var date: CalendarDate
    /// SULpeak of the hottest lesion at this scan; null when no lesion was recorded (complete resolution).
    public var peak: Decimal?
    /// Change of `peak` from the baseline peak, in percent rounded to one decimal.
    public var changePct: Decimal?
    /// Change of `peak` from the baseline peak, in SUL units (exact).
    public var changeAbs: Decimal?
    public var response: PercistResponse

    public init(date: CalendarDate, peak: Decimal?, changePct: Decimal?, changeAbs: Decimal?, response: PercistResponse) {
        self.date = date
        self.peak = peak
        self.changePct = changePct
        self.changeAbs = changeAbs
        self.response = response
    }

    enum CodingKeys: String, CodingKey { case date, peak, changePct, changeAbs, response }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(date, forKey: .date)
        try container.encode(peak, forKey: .peak)
        try container.encode(changePct, forKey: .changePct)
        try container.encode(changeAbs, forKey: .changeAbs)
        try container.encode(response, forKey: .response)
    }
}

/// A participant's PERCIST 1.0 course: the measurability threshold, the baseline target's SULpeak,
/// each follow-up's metabolic response, and the date of first progression (the first PMD scan).
///
/// At each follow-up, against the baseline scan (the target is the hottest lesion of each scan):
/// - PMD: a new FDG-avid lesion, unequivocal progression of non-target lesions, or SULpeak up by more
///   than 30% and by at least 0.8 SUL units;
/// - CMR: the reader's complete resolution (all uptake below the reference mean), no new lesion;
/// - PMR: SULpeak down by at least 30% and by at least 0.8 SUL units;
/// - SMD: none of these.
public struct PercistEvaluation: Hashable, Sendable, Codable {
    public var measurableThreshold: Decimal
    public var baselinePeak: Decimal
    public var timepoints: [PercistTimepointResult]
    public var progressionDate: CalendarDate?

    public init(measurableThreshold: Decimal, baselinePeak: Decimal, timepoints: [PercistTimepointResult], progressionDate: CalendarDate?) {
        self.measurableThreshold = measurableThreshold
        self.baselinePeak = baselinePeak
        self.timepoints = timepoints
        self.progressionDate = progressionDate
    }

    /// Validates the request (throwing `ValidationFailure` with every problem) and evaluates it.
    public init(evaluating request: PercistEvaluationRequest, settings: PercistSettings = PercistSettings()) throws {
        self.init(record: try request.validated(settings: settings))
    }

    /// Evaluates a validated record (whose baseline has a measurable target lesion).
    public init(record: PercistAssessmentRecord) {
        let settings = record.settings
        let baselinePeak = record.baseline.hottestLesion?.sulPeak ?? 0
        let timepoints = record.followUps.map { scan in
            let peak = scan.hottestLesion?.sulPeak
            return PercistTimepointResult(
                date: scan.date,
                peak: peak,
                changePct: peak.flatMap { ResponsePercentChange.rounded(from: baselinePeak, to: $0) },
                changeAbs: peak.map { $0 - baselinePeak },
                response: PercistEvaluation.response(at: scan, baselinePeak: baselinePeak, thresholds: settings.thresholds))
        }
        self.measurableThreshold = settings.measurabilityThreshold(record.baseline.reference)
        self.baselinePeak = baselinePeak
        self.timepoints = timepoints
        self.progressionDate = timepoints.first { $0.response == .progressiveMetabolicDisease }?.date
    }

    /// PERCIST 1.0 response of one follow-up scan against the baseline target's SULpeak.
    public static func response(at scan: PercistScanReadings, baselinePeak: Decimal, thresholds: PercistChangeThresholds) -> PercistResponse {
        let peak = scan.hottestLesion?.sulPeak
        if scan.newLesions || scan.nonTargetProgression {
            return .progressiveMetabolicDisease
        }
        if let peak, thresholds.isMetabolicProgression(reference: baselinePeak, followUp: peak) {
            return .progressiveMetabolicDisease
        }
        if scan.completeResolution {
            return .completeMetabolicResponse
        }
        if let peak, thresholds.isMetabolicResponse(reference: baselinePeak, followUp: peak) {
            return .partialMetabolicResponse
        }
        return .stableMetabolicDisease
    }

    enum CodingKeys: String, CodingKey { case measurableThreshold, baselinePeak, timepoints, progressionDate }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(measurableThreshold, forKey: .measurableThreshold)
        try container.encode(baselinePeak, forKey: .baselinePeak)
        try container.encode(timepoints, forKey: .timepoints)
        try container.encode(progressionDate, forKey: .progressionDate)
    }
}
