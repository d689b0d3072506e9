import Foundation

/// Every time-to-event endpoint of one participant, derived with the same settings.
public struct ParticipantEndpoints: Sendable, Hashable {
    public let participantID: String
    public let progressionFreeSurvival: TimeToEventResult<ProgressionFreeSurvival.Rule>
    public let overallSurvival: TimeToEventResult<OverallSurvival.Rule>
    public let timeToNextTreatment: TimeToEventResult<TimeToNextTreatment.Rule>
    /// Per treated lesion; empty without implantation.
    public let localControlByLesion: [LocalControl.LesionResult]
    /// Time to the first local failure among the treated lesions; nil without implantation.
    public let localControl: TimeToEventResult<LocalControl.Rule>?

    /// Throws the unusable settings, or else the participant's consistency errors.
    public static func derive(
        for participant: EndpointParticipant, settings: EndpointSettings = EndpointSettings()
    ) throws(ValidationFailure) -> ParticipantEndpoints {
        return ParticipantEndpoints(
            participantID: participant.id,
            progressionFreeSurvival: try ProgressionFreeSurvival.derive(for: participant, settings: settings),
            overallSurvival: try OverallSurvival.derive(for: participant, settings: settings),
            timeToNextTreatment: try TimeToNextTreatment.derive(for: participant, settings: settings),
            localControlByLesion: try LocalControl.deriveLesions(for: participant, settings: settings),
            localControl: try LocalControl.deriveParticipant(for: participant, settings: settings))
    }
}
