import Foundation

/// When the EORTC QLQ-C30 is collected and what counts as a responder.
public struct QualityOfLifeSchedule: Codable, Sendable, Hashable {
    /// e.g. `EORTC QLQ-C30 version 3.0`.
    public var instrument: String
    /// Codes of the visits (single visits or series) at which the questionnaire is due;
    /// each must have the `qlqC30` form.
    public var timepoints: [String]
    /// Change from baseline, in scale points, that makes a responder (10 is the usual threshold).
    public var responderThresholdPoints: Double
    public var studyTeamSetting: StudyTeamSetting?

    public init(instrument: String, timepoints: [String], responderThresholdPoints: Double,
                studyTeamSetting: StudyTeamSetting? = nil) {
        self.instrument = instrument
        self.timepoints = timepoints
        self.responderThresholdPoints = responderThresholdPoints
        self.studyTeamSetting = studyTeamSetting
    }
}
