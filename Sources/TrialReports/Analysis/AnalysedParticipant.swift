import Foundation
import TrialCore

/// One randomized participant with everything TrialCore derives for the analysis, at the data cut-off.
struct AnalysedParticipant: Sendable {
    let participant: AnalysisParticipant
    /// The casebook as of the data cut-off.
    let casebook: Casebook
    let populations: AnalysisPopulations
    let endpointInput: EndpointParticipant
    let endpoints: ParticipantEndpoints
    /// PFS sensitivity analysis (endpoint rule 5): censored at the last adequate assessment before a new line.
    let progressionFreeSurvivalNewTherapyCensored: TimeToEventResult<ProgressionFreeSurvival.Rule>
    let safety: ParticipantSafety
    let qualityOfLife: [QualityOfLifeOutcome]
    /// The sum of target diameters over time (waterfall and spider plots); nil without baseline targets.
    let targetSumCourse: TargetSumCourse?
    /// The course from randomization to the last contact (swimmer plot).
    let timeline: ParticipantTimeline
    /// How the first progression showed itself, when the PFS event is progression.
    let firstProgression: FirstProgressionPattern?

    var id: String { participant.studyId }
    var baseline: BaselineForm? { casebook.baseline?.form }
    var armCode: String { participant.armCode }

    /// Organ of each baseline lesion, for local control by organ.
    func organ(ofLesion id: String) -> String? { baseline?.lesion(id: id)?.organ }
}

/// The analysed participants of one input and the two arms compared.
struct TrialAnalysisData: Sendable {
    let input: TrialAnalysisInput
    let settings: EndpointSettings
    /// Randomized on or before the cut-off, in study ID order.
    let participants: [AnalysedParticipant]
    /// The arm with 125I implantation (experimental) and the arm without (control).
    let experimentalArm: String
    let controlArm: String

    var study: StudyDefinition { input.study }
    var cutoff: CalendarDate { input.dataCutoff }
    /// Arms in report order: experimental first, then control.
    var arms: [String] { [experimentalArm, controlArm] }

    func label(ofArm code: String, language: ReportLanguage) -> String {
        study.arm(code: code)?.label.text(forLanguage: language.rawValue) ?? code
    }

    /// Derives every participant randomized by the cut-off.
    /// - Throws: `ValidationFailure` with fields `participants[<study ID>].<field>` for every participant
    ///   whose data cannot be derived, or `arms` when the study does not have one arm with implantation and
    ///   one without.
    init(_ input: TrialAnalysisInput) throws {
        self.input = input
        let study = input.study
        let implantationArms = study.implantationArms
        guard study.arms.count == 2,
              let experimental = study.arms.first(where: { implantationArms.contains($0.code) }),
              let control = study.arms.first(where: { !implantationArms.contains($0.code) }) else {
            throw ValidationFailure(field: "study.arms",
                                    message: "the analysis compares two arms, one with 125I implantation and one without; the study has \(study.arms.map(\.code).joined(separator: ", "))")
        }
        experimentalArm = experimental.code
        controlArm = control.code
        let settings = EndpointSettings(study: study)
        self.settings = settings
        var sensitivitySettings = settings
        sensitivitySettings.censorPFSAtNewTherapyLine = true
        let dictionary = try? CtcaeDictionary.bundled()
        var errors: [FieldError] = []
        var analysed: [AnalysedParticipant] = []
        for participant in input.participants.sorted(by: { $0.studyId < $1.studyId })
        where participant.randomizationDate <= input.dataCutoff {
            var casebook = participant.casebook
            casebook.participantId = participant.studyId
            casebook.armCode = participant.armCode
            casebook.randomizationDate = participant.randomizationDate
            let cut = casebook.asOf(dataCutoff: input.dataCutoff)
            do {
                let populations = try AnalysisPopulations.classify(cut, study: study)
                let endpointInput = try cut.endpointParticipant()
                let endpoints = try ParticipantEndpoints.derive(for: endpointInput, settings: settings)
                let sensitivity = try ProgressionFreeSurvival.derive(for: endpointInput, settings: sensitivitySettings)
                let pfs = endpoints.progressionFreeSurvival
                let firstProgression = pfs.rule == .progression
                    ? try FirstProgressionPattern.classify(cut, progressionDate: pfs.date) : nil
                analysed.append(AnalysedParticipant(
                    participant: participant, casebook: cut, populations: populations, endpointInput: endpointInput,
                    endpoints: endpoints, progressionFreeSurvivalNewTherapyCensored: sensitivity, safety: ParticipantSafety.derive(cut, dictionary: dictionary),
                    qualityOfLife: QualityOfLifeOutcome.derive(cut, study: study), targetSumCourse: try TargetSumCourse.of(cut),
                    timeline: ParticipantTimeline.of(cut, endpointInput: endpointInput), firstProgression: firstProgression))
            } catch let failure as ValidationFailure {
                errors += failure.errors.map {
                    $0.moved(to: "participants[\(participant.studyId)].\($0.field)")
                }
            }
        }
        try ValidationFailure.throwIfAny(errors)
        participants = analysed
    }
}
