import Foundation

/// One PET/CT scan after validation.
public struct PercistScanReadings: Hashable, Sendable {
    public var date: CalendarDate
    public var reference: PercistReferenceRegion
    public var lesions: [PercistEvaluationRequest.LesionUptake]
    public var completeResolution: Bool
    public var newLesions: Bool
    public var nonTargetProgression: Bool

    public init(
        date: CalendarDate, reference: PercistReferenceRegion, lesions: [PercistEvaluationRequest.LesionUptake],
        completeResolution: Bool = false, newLesions: Bool = false, nonTargetProgression: Bool = false
    ) {
        self.date = date
        self.reference = reference
        self.lesions = lesions
        self.completeResolution = completeResolution
        self.newLesions = newLesions
        self.nonTargetProgression = nonTargetProgression
    }

    /// PERCIST 1.0's target at this scan: the single hottest lesion, which at follow-up may be a
    /// different lesion than at baseline; nil when no lesion was recorded (complete resolution).
    public var hottestLesion: PercistEvaluationRequest.LesionUptake? {
        lesions.max { $0.sulPeak < $1.sulPeak }
    }
}

/// A participant's validated PERCIST 1.0 record and the settings it is evaluated with.
public struct PercistAssessmentRecord: Hashable, Sendable {
    public var baseline: PercistScanReadings
    public var followUps: [PercistScanReadings]
    public var settings: PercistSettings

    public init(baseline: PercistScanReadings, followUps: [PercistScanReadings], settings: PercistSettings) {
        self.baseline = baseline
        self.followUps = followUps
        self.settings = settings
    }
}
