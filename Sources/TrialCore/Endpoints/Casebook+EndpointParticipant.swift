import Foundation

extension Casebook {
    /// The endpoint input of this participant, read from the recorded forms (docs/endpoints.md,
    /// "From the casebook"):
    ///
    /// - responses are computed by TrialCore from the measurements (`AssessmentResponses.endpointResponses`:
    ///   a confirmed equivocal new lesion is PD from the scan where it was first seen),
    ///   never taken from the investigator's reading, and the governing criterion follows the baseline
    ///   modality (RECIST 1.1 for CT, PERCIST 1.0 for PET/CT); a PET/CT participant's assessment without
    ///   PET readings has no PERCIST response and is not listed;
    /// - a baseline tumour assessment exists when the baseline form is recorded;
    /// - the last date known alive is the latest of the follow-up forms' last-known-alive dates and of
    ///   every dated contact after randomization (assessment, implantation, therapy start, questionnaire,
    ///   adverse event onset), never after death;
    /// - treated lesions are read by the local-control evaluator (`TreatedLesionLocalControl`).
    ///
    /// With `dataCutoff`, nothing dated after it counts (`asOf(dataCutoff:)`).
    /// - Throws: `ValidationFailure` when the participant is not randomized, or the baseline or an
    ///   assessment breaks the response criteria's input rules (fields as `AssessmentResponses` names them).
    public func endpointParticipant(
        dataCutoff: CalendarDate? = nil,
        recistSettings: RecistSettings = RecistSettings(), percistSettings: PercistSettings = PercistSettings(),
        inFieldSettings: InFieldProgressionSettings = InFieldProgressionSettings()
    ) throws -> EndpointParticipant {
        let casebook = dataCutoff.map { asOf(dataCutoff: $0) } ?? self
        guard let randomized = casebook.randomizationDate else {
            throw ValidationFailure([FieldError(
                field: "randomizationDate",
                message: "participant \(participantId) is not randomized; endpoints count from randomization")])
        }
        if let dataCutoff, randomized > dataCutoff {
            throw ValidationFailure([FieldError(
                field: "randomizationDate",
                message: "\(randomized) is after the data cut-off \(dataCutoff); the participant is not part of this analysis")])
        }
        let postBaseline = casebook.assessments.filter { $0.form.date >= randomized }
        var assessments: [EndpointAssessment] = []
        if let baseline = casebook.baseline?.form {
            let computed = try AssessmentResponses.endpointResponses(
                baseline: baseline, assessments: postBaseline,
                recistSettings: recistSettings, percistSettings: percistSettings)
            assessments = computed.compactMap { timepoint in
                timepoint.governingEndpointResponse.map { EndpointAssessment(date: timepoint.date, response: $0) }
            }
        }

        let death = casebook.deathDate
        var lesions: [TreatedLesionFollowUp] = []
        for record in casebook.treatedLesionRecords where record.implantationDate >= randomized {
            let control = try TreatedLesionLocalControl(evaluating: record, settings: inFieldSettings)
            lesions.append(TreatedLesionFollowUp(
                id: record.id, implantationDate: record.implantationDate,
                imaging: control.scans.map { .init(date: $0.date, inFieldProgression: $0.inFieldProgression) }))
        }

        var contacts: [CalendarDate] = [randomized]
        contacts += assessments.map(\.date)
        contacts += casebook.implantations.map(\.form.date)
        contacts += casebook.therapyLines.map(\.form.startDate)
        contacts += casebook.qualityOfLife.map(\.form.date)
        contacts += casebook.adverseEvents.map(\.form.onsetDate)
        contacts += casebook.followUps.map(\.form.lastKnownAliveDate)
        contacts += lesions.flatMap { $0.imaging.map(\.date) }
        var lastKnownAlive = contacts.filter { $0 >= randomized }.max() ?? randomized
        if let death { lastKnownAlive = min(lastKnownAlive, death) }

        return EndpointParticipant(
            id: participantId, randomizationDate: randomized, hasBaselineAssessment: casebook.baseline != nil,
            assessments: assessments, deathDate: death, lastKnownAliveDate: lastKnownAlive,
            newTherapyStarts: casebook.endpointTherapyStarts, treatedLesions: lesions)
    }
}

extension ComputedTimepointResponse {
    /// The response of the criterion that governs this participant, spelled as endpoint derivation
    /// reads it; nil when that criterion has no result for this assessment.
    public var governingEndpointResponse: EndpointAssessment.Response? {
        switch criterion {
        case .recist11: return recist.flatMap { EndpointAssessment.Response(rawValue: $0.overall.rawValue) }
        case .percist10: return percist.flatMap { EndpointAssessment.Response(rawValue: $0.response.rawValue) }
        }
    }
}

extension ParticipantEndpoints {
    /// Every time-to-event endpoint of a participant, straight from the casebook
    /// (`Casebook.endpointParticipant(dataCutoff:)`, then PFS, OS, TTNT and local control).
    public static func derive(
        from casebook: Casebook, settings: EndpointSettings = EndpointSettings(), dataCutoff: CalendarDate? = nil
    ) throws -> ParticipantEndpoints {
        try derive(for: casebook.endpointParticipant(dataCutoff: dataCutoff), settings: settings)
    }
}

extension EndpointSettings {
    /// The study's horizons and imaging rhythm (`StudyDefinition.endpointDefaults`), each falling back
    /// to this trial's protocol value when the study does not state it.
    public init(study: StudyDefinition) {
        let defaults = study.endpointDefaults
        let protocolValues = EndpointSettings()
        self.init(
            assessmentIntervalDays: defaults.imagingIntervalDays ?? protocolValues.assessmentIntervalDays,
            assessmentWindowDays: defaults.imagingWindowDays ?? protocolValues.assessmentWindowDays,
            pfsHorizonDays: defaults.pfsHorizonDays ?? protocolValues.pfsHorizonDays,
            osHorizonDays: defaults.osHorizonDays ?? protocolValues.osHorizonDays,
            ttntHorizonDays: defaults.ttntHorizonDays ?? protocolValues.ttntHorizonDays,
            localControlHorizonDays: defaults.localControlHorizonDays ?? protocolValues.localControlHorizonDays)
    }
}
