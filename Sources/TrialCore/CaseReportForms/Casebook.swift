import Foundation

/// Everything recorded for one participant: what validation of a single form reads as its
/// surroundings, and what the edit checks run over as a whole.
public struct Casebook: Hashable, Sendable, Codable {
    public var participantId: String
    /// The arm the participant was randomized to (arm code of the study definition).
    public var armCode: String?
    public var randomizationDate: CalendarDate?
    public var baseline: RecordedForm<BaselineForm>?
    public var implantations: [RecordedForm<ImplantationProcedureForm>]
    public var therapyLines: [RecordedForm<SystemicTherapyLineForm>]
    public var assessments: [RecordedForm<TumourAssessmentForm>]
    public var adverseEvents: [RecordedForm<AdverseEventRecord>]
    /// The QLQ-C30 questionnaires, with their computed scores.
    public var qualityOfLife: [RecordedForm<QualityOfLifeQuestionnaire>]
    public var followUps: [RecordedForm<FollowUpForm>]
    public var death: RecordedForm<DeathForm>?
    public var endOfStudy: RecordedForm<EndOfStudyForm>?
    public var deviations: [RecordedForm<ProtocolDeviationForm>]

    public init(
        participantId: String, armCode: String? = nil, randomizationDate: CalendarDate? = nil,
        baseline: RecordedForm<BaselineForm>? = nil, implantations: [RecordedForm<ImplantationProcedureForm>] = [],
        therapyLines: [RecordedForm<SystemicTherapyLineForm>] = [], assessments: [RecordedForm<TumourAssessmentForm>] = [],
        adverseEvents: [RecordedForm<AdverseEventRecord>] = [], qualityOfLife: [RecordedForm<QualityOfLifeQuestionnaire>] = [],
        followUps: [RecordedForm<FollowUpForm>] = [], death: RecordedForm<DeathForm>? = nil,
        endOfStudy: RecordedForm<EndOfStudyForm>? = nil, deviations: [RecordedForm<ProtocolDeviationForm>] = []
    ) {
        self.participantId = participantId
        self.armCode = armCode
        self.randomizationDate = randomizationDate
        self.baseline = baseline
        self.implantations = implantations
        self.therapyLines = therapyLines
        self.assessments = assessments
        self.adverseEvents = adverseEvents
        self.qualityOfLife = qualityOfLife
        self.followUps = followUps
        self.death = death
        self.endOfStudy = endOfStudy
        self.deviations = deviations
    }

    public var deathDate: CalendarDate? { death?.form.date }

    /// When each QLQ-C30 questionnaire was filled in.
    public var qualityOfLifeDates: [RecordedForm<CalendarDate>] {
        qualityOfLife.map { RecordedForm(id: $0.id, form: $0.form.date) }
    }

    /// Assessments in date order.
    public var assessmentsByDate: [RecordedForm<TumourAssessmentForm>] {
        assessments.sorted { ($0.form.date, $0.id) < ($1.form.date, $1.id) }
    }

    /// Each lesion treated with 125I and the date of its first implantation.
    public var treatedLesionFirstImplantation: [String: CalendarDate] {
        var first: [String: CalendarDate] = [:]
        for procedure in implantations {
            for lesion in procedure.form.lesions {
                if let known = first[lesion.lesionId], known <= procedure.form.date { continue }
                first[lesion.lesionId] = procedure.form.date
            }
        }
        return first
    }

    /// Each treated lesion's in-field readings since its first implantation, as the local-control
    /// evaluator reads them (`TreatedLesionLocalControl(evaluating:)`), in lesion order.
    public var treatedLesionRecords: [TreatedLesionRecord] {
        treatedLesionFirstImplantation.sorted { $0.key < $1.key }.map { lesionId, implanted in
            let scans = assessmentsByDate.filter { $0.form.date > implanted }.compactMap { entry in
                entry.form.treatedLesions.first { $0.lesionId == lesionId }?.localControlScan(date: entry.form.date)
            }
            return TreatedLesionRecord(id: lesionId, implantationDate: implanted, scans: scans)
        }
    }

    /// The therapy lines started after randomization, as time to next treatment reads them.
    public var endpointTherapyStarts: [EndpointTherapyStart] {
        guard let randomizationDate else { return [] }
        return therapyLines.compactMap { $0.form.endpointTherapyStart(randomizationDate: randomizationDate) }
            .sorted { $0.date < $1.date }
    }

    /// Every form recorded with its date, for the visit schedule.
    public var completedForms: [CompletedForm] {
        var forms: [CompletedForm] = []
        if let baseline { forms.append(CompletedForm(form: .baseline, date: baseline.form.assessmentDate)) }
        forms += implantations.map { CompletedForm(form: .implantation, date: $0.form.date) }
        forms += assessments.map { CompletedForm(form: .tumourAssessment, date: $0.form.date) }
        forms += qualityOfLifeDates.map { CompletedForm(form: .qlqC30, date: $0.form) }
        forms += followUps.map { CompletedForm(form: .followUp, date: $0.form.date) }
        return forms
    }

    /// True once any form of the schedule is recorded: what the investigator's signature attests.
    public var holdsRecordedData: Bool { !completedForms.isEmpty }

    /// The last day the participant is followed: the death date, or the end-of-study date.
    public var participationEndDate: CalendarDate? {
        [deathDate, endOfStudy?.form.date].compactMap { $0 }.min()
    }
}

/// The surroundings a form is checked in: the study, the participant's casebook (other saved
/// forms) and today's date, injected so that tests fix it.
public struct CaseReportContext: Hashable, Sendable {
    public var study: StudyDefinition
    public var casebook: Casebook
    public var today: CalendarDate
    public var recistSettings: RecistSettings
    public var percistSettings: PercistSettings

    public init(study: StudyDefinition, casebook: Casebook, today: CalendarDate,
                recistSettings: RecistSettings = RecistSettings(), percistSettings: PercistSettings = PercistSettings()) {
        self.study = study
        self.casebook = casebook
        self.today = today
        self.recistSettings = recistSettings
        self.percistSettings = percistSettings
    }

    /// Arms whose schedule includes the implantation form (the experimental arm).
    public var implantationArms: Set<String> { study.implantationArms }
}
