import Foundation
import TrialCore

/// The CDISC-style datasets of one analysis: the SDTM-like source listings (DM, RS, CM, PR, AE, QS) and
/// the ADaM datasets derived from them (ADSL, ADTTE, ADAE, ADQS, ADPROG). Variable names and labels follow the
/// SDTM IG and ADaM IG conventions; dates are SAS dates (DATE9.) in transport files and ISO 8601 in CSV.
public struct AnalysisDatasets: Sendable {
    public let listings: [AnalysisDataset]
    public let adam: [AnalysisDataset]

    /// Every dataset, listings first.
    public var all: [AnalysisDataset] { listings + adam }

    public func dataset(named name: String) -> AnalysisDataset? { all.first { $0.name == name } }

    /// Derives the datasets from the input (the same derivation the analysis uses).
    /// - Throws: `ValidationFailure` naming each participant whose data cannot be derived.
    public init(_ input: TrialAnalysisInput) throws {
        let data = try TrialAnalysisData(input)
        self.init(data, records: TimeToEventRecord.records(data))
    }

    init(_ data: TrialAnalysisData, records: [TimeToEventRecord]) {
        let studyId = data.study.protocolId
        func usubjid(_ id: String) -> String { "\(studyId)-\(id)" }
        func armLabel(_ code: String?) -> String? { code.map { data.label(ofArm: $0, language: .english) } }
        func armNumber(_ code: String?) -> Int? { code.flatMap { data.arms.firstIndex(of: $0).map { $0 + 1 } } }

        // DM: demographics as recorded.
        typealias P = AnalysedParticipant
        let dm = DatasetAssembly.dataset("DM", "Demographics", columns: [
            DatasetColumn<P>.text("STUDYID", "Study Identifier") { _ in studyId },
            .text("USUBJID", "Unique Subject Identifier") { usubjid($0.id) },
            .text("SUBJID", "Subject Identifier for the Study") { $0.id },
            .text("SITEID", "Study Site Identifier") { $0.participant.siteCode },
            .integer("AGE", "Age") { $0.baseline?.ageYears },
            .text("AGEU", "Age Units") { $0.baseline == nil ? nil : "YEARS" },
            .text("SEX", "Sex") { $0.baseline.map { $0.sex == .female ? "F" : "M" } },
            .text("ARMCD", "Planned Arm Code") { $0.armCode },
            .text("ARM", "Description of Planned Arm") { armLabel($0.armCode) },
            .text("ACTARMCD", "Actual Arm Code") { $0.populations.actualArm ?? "NOTTRT" },
            .date("RANDDT", "Date of Randomization") { $0.participant.randomizationDate },
            .date("DTHDT", "Date of Death") { $0.casebook.deathDate },
            .flag("DTHFL", "Subject Death Flag") { $0.casebook.death != nil },
        ], rows: data.participants)

        // RS: the governing criterion's computed overall response per post-baseline assessment.
        struct ResponseRow { let participant: P; let sequence: Int; let assessment: EndpointAssessment }
        let responseRows = data.participants.flatMap { participant in
            participant.endpointInput.assessments.enumerated().map { ResponseRow(participant: participant, sequence: $0.offset + 1, assessment: $0.element) }
        }
        let rs = DatasetAssembly.dataset("RS", "Disease Response", columns: [
            DatasetColumn<ResponseRow>.text("STUDYID", "Study Identifier") { _ in studyId },
            .text("USUBJID", "Unique Subject Identifier") { usubjid($0.participant.id) },
            .integer("RSSEQ", "Sequence Number") { $0.sequence },
            .text("RSTESTCD", "Assessment Short Name") { _ in "OVRLRESP" },
            .text("RSTEST", "Assessment Name") { _ in "Overall Response" },
            .text("RSCAT", "Category for Assessment") { $0.assessment.response.criterion.rawValue },
            .text("RSORRES", "Result or Finding in Original Units") { $0.assessment.response.rawValue },
            .date("RSDTC", "Date of Assessment") { $0.assessment.date },
            .integer("RSDY", "Study Day of Assessment") { StudyDay.of($0.assessment.date, origin: $0.participant.participant.randomizationDate) },
        ], rows: responseRows)

        // CM: systemic therapy lines started after randomization, in date order (TTNT's sources).
        struct TherapyRow { let participant: P; let sequence: Int; let line: SystemicTherapyLineForm }
        let therapyRows = data.participants.flatMap { participant in
            participant.casebook.therapyLines.map(\.form)
                .filter { $0.startDate > participant.participant.randomizationDate }
                .sorted { ($0.startDate, $0.lineNumber) < ($1.startDate, $1.lineNumber) }
                .enumerated().map { TherapyRow(participant: participant, sequence: $0.offset + 1, line: $0.element) }
        }
        let cm = DatasetAssembly.dataset("CM", "Systemic Anticancer Therapy", columns: [
            DatasetColumn<TherapyRow>.text("STUDYID", "Study Identifier") { _ in studyId },
            .text("USUBJID", "Unique Subject Identifier") { usubjid($0.participant.id) },
            .integer("CMSEQ", "Sequence Number") { $0.sequence },
            .integer("CMLINE", "Line Number") { $0.line.lineNumber },
            .text("CMTRT", "Reported Name of Regimen") { $0.line.regimen },
            .text("CMCLAS", "Therapy Class") { $0.line.therapyClass.rawValue },
            .text("CMRSN", "Reason Line Started") { $0.line.startReason.rawValue },
            .flag("CMNEWFL", "New Line for TTNT Flag") { $0.line.startReason.startsNewLine },
            .date("CMSTDTC", "Start Date") { $0.line.startDate },
            .date("CMENDTC", "End Date") { $0.line.stopDate },
            .text("CMSTRSN", "Reason Stopped") { $0.line.stopReason?.rawValue },
        ], rows: therapyRows)

        // PR: 125I-treated lesions, one row per lesion at its first implantation.
        struct LesionRow { let participant: P; let sequence: Int; let lesion: TreatedLesionFollowUp }
        let lesionRows = data.participants.flatMap { participant in
            participant.endpointInput.treatedLesions.enumerated().map { LesionRow(participant: participant, sequence: $0.offset + 1, lesion: $0.element) }
        }
        let pr = DatasetAssembly.dataset("PR", "Seed Implantation per Treated Lesion", columns: [
            DatasetColumn<LesionRow>.text("STUDYID", "Study Identifier") { _ in studyId },
            .text("USUBJID", "Unique Subject Identifier") { usubjid($0.participant.id) },
            .integer("PRSEQ", "Sequence Number") { $0.sequence },
            .text("PRTRT", "Procedure") { _ in "125I SEED IMPLANTATION" },
            .text("PRLNKID", "Treated Lesion Identifier") { $0.lesion.id },
            .text("PRLOC", "Lesion Organ") { $0.participant.organ(ofLesion: $0.lesion.id) },
            .date("PRSTDTC", "Date of First Implantation") { $0.lesion.implantationDate },
            .integer("PRNIMG", "Number of Follow-up Scans") { $0.lesion.imaging.count },
        ], rows: lesionRows)

        // AE: adverse events as recorded.
        struct EventRow { let participant: P; let sequence: Int; let event: AnalysedAdverseEvent }
        let eventRows = data.participants.flatMap { participant in
            participant.safety.events.enumerated().map { EventRow(participant: participant, sequence: $0.offset + 1, event: $0.element) }
        }
        let ae = DatasetAssembly.dataset("AE", "Adverse Events", columns: [
            DatasetColumn<EventRow>.text("STUDYID", "Study Identifier") { _ in studyId },
            .text("USUBJID", "Unique Subject Identifier") { usubjid($0.participant.id) },
            .integer("AESEQ", "Sequence Number") { $0.sequence },
            .text("AESPID", "Sponsor-Defined Identifier") { $0.event.recordId },
            .text("AETERM", "Reported Term for the Adverse Event") { row in row.event.specify.map { "\(row.event.term): \($0)" } ?? row.event.term },
            .text("AEDECOD", "Dictionary-Derived Term") { $0.event.term },
            .text("AEBODSYS", "Body System or Organ Class") { $0.event.systemOrganClass },
            .text("AETOXGR", "Standard Toxicity Grade") { String($0.event.grade) },
            .text("AESER", "Serious Event") { $0.event.serious ? "Y" : "N" },
            .text("AEOUT", "Outcome of Adverse Event") { $0.event.outcome.rawValue.uppercased() },
            .text("AEACN", "Action Taken with Study Treatment") { $0.event.actionTaken?.cdiscTerm },
            .date("AESTDTC", "Start Date of Adverse Event") { $0.event.onsetDate },
            .date("AEENDTC", "End Date of Adverse Event") { $0.event.resolutionDate },
        ], rows: eventRows)

        // QS: QLQ-C30 scale scores per questionnaire.
        struct ScoreRow { let participant: P; let sequence: Int; let questionnaire: QualityOfLifeQuestionnaire; let code: String; let score: Double? }
        let scoreRows = data.participants.flatMap { participant -> [ScoreRow] in
            var rows: [ScoreRow] = []
            for questionnaire in participant.casebook.qualityOfLife.map(\.form).sorted(by: { $0.date < $1.date }) {
                let scores = questionnaire.scores
                for scale in QlqC30Scale.allCases {
                    rows.append(ScoreRow(participant: participant, sequence: rows.count + 1, questionnaire: questionnaire, code: scale.abbreviation, score: scores[scale]))
                }
                rows.append(ScoreRow(participant: participant, sequence: rows.count + 1, questionnaire: questionnaire, code: QlqC30Scores.summaryScoreKey, score: scores.summaryScore))
            }
            return rows
        }
        let qs = DatasetAssembly.dataset("QS", "Questionnaires (EORTC QLQ-C30)", columns: [
            DatasetColumn<ScoreRow>.text("STUDYID", "Study Identifier") { _ in studyId },
            .text("USUBJID", "Unique Subject Identifier") { usubjid($0.participant.id) },
            .integer("QSSEQ", "Sequence Number") { $0.sequence },
            .text("QSCAT", "Category of Question") { _ in "EORTC QLQ-C30 V3.0" },
            .text("QSTESTCD", "Question Short Name") { $0.code },
            .text("QSTEST", "Question Name") { QualityOfLifeScaleNames.english($0.code) },
            .number("QSSTRESN", "Numeric Finding in Standard Units") { $0.score },
            .text("VISIT", "Visit Name") { $0.questionnaire.timepoint },
            .date("QSDTC", "Date of Questionnaire") { $0.questionnaire.date },
        ], rows: scoreRows)

        listings = [dm, rs, cm, pr, ae, qs]

        // ADSL: one row per randomized participant.
        let factors = data.study.stratification
        var adslColumns: [DatasetColumn<P>] = [
            .text("STUDYID", "Study Identifier") { _ in studyId },
            .text("USUBJID", "Unique Subject Identifier") { usubjid($0.id) },
            .text("SUBJID", "Subject Identifier for the Study") { $0.id },
            .text("SITEID", "Study Site Identifier") { $0.participant.siteCode },
            .integer("AGE", "Age") { $0.baseline?.ageYears },
            .text("AGEU", "Age Units") { $0.baseline == nil ? nil : "YEARS" },
            .text("AGEGR1", "Pooled Age Group 1") { $0.baseline.map { AgeGroup.of($0.ageYears).code } },
            .text("SEX", "Sex") { $0.baseline.map { $0.sex == .female ? "F" : "M" } },
            .text("TRT01P", "Planned Treatment for Period 01") { $0.armCode },
            .integer("TRT01PN", "Planned Treatment for Period 01 (N)") { armNumber($0.armCode) },
            .text("TRT01A", "Actual Treatment for Period 01") { $0.populations.actualArm },
            .integer("TRT01AN", "Actual Treatment for Period 01 (N)") { armNumber($0.populations.actualArm) },
            .date("RANDDT", "Date of Randomization") { $0.participant.randomizationDate },
            .date("TRTSDT", "Date of First Exposure to Treatment") { $0.safety.firstTreatmentDate },
        ]
        for (index, factor) in factors.enumerated() where index < 9 {
            adslColumns.append(.text("STRAT\(index + 1)", "Randomization Stratum: \(String(factor.code.prefix(20)))") {
                $0.participant.stratumLevels[factor.code]
            })
        }
        adslColumns += [
            .text("STRATUM", "Randomization Stratum") { $0.participant.stratum },
            .flag("ITTFL", "Intent-To-Treat Population Flag", no: "N") { $0.populations.intentionToTreat },
            .flag("PPROTFL", "Per-Protocol Population Flag", no: "N") { $0.populations.perProtocol },
            .flag("SAFFL", "Safety Population Flag", no: "N") { $0.populations.safety },
            .integer("MAJDVN", "Number of Major Protocol Deviations") { $0.populations.majorDeviationCount },
            .flag("DTHFL", "Subject Died Flag") { $0.casebook.death != nil },
            .date("DTHDT", "Date of Death") { $0.casebook.deathDate },
            .text("DTHCAUS", "Cause of Death") { $0.casebook.death?.form.cause.rawValue.uppercased() },
            .date("LSTALVDT", "Date Last Known Alive") { $0.endpointInput.lastKnownAliveDate },
            .text("EOSSTT", "End of Study Status") { EndOfStudyStatus.of($0.casebook).code },
            .date("EOSDT", "End of Study Date") { $0.casebook.endOfStudy?.form.date },
            .text("DCSREAS", "Reason for Discontinuation from Study") { EndOfStudyStatus.discontinuationReason($0.casebook) },
            .integer("ECOGBL", "Baseline ECOG Performance Status") { $0.baseline?.ecog },
            .integer("LESNUMBL", "Number of Baseline Lesions") { $0.baseline?.lesions.count },
            .text("IMGMODBL", "Baseline Imaging Modality") { $0.baseline.map { BaselineModality.code($0.imagingModality) } },
            .text("RSPCRIT", "Governing Response Criterion") { $0.baseline.map { $0.imagingModality.governingCriterion == .recist11 ? "RECIST 1.1" : "PERCIST 1.0" } },
            .text("PRIMSITE", "Primary Tumor Site") { $0.baseline?.primaryTumourSite },
            .text("HISTOL", "Histology") { $0.baseline?.histology },
            .integer("PRIORLN", "Number of Prior Lines of Therapy") { $0.baseline?.priorLinesOfTherapy },
            .integer("TRTLESN", "Number of 125I-Treated Lesions") { $0.endpointInput.treatedLesions.count },
        ]
        let adsl = DatasetAssembly.dataset("ADSL", "Subject-Level Analysis Dataset", columns: adslColumns, rows: data.participants)

        // ADTTE: one row per participant and parameter; LC one row per treated lesion.
        typealias R = TimeToEventRecord
        let adtte = DatasetAssembly.dataset("ADTTE", "Time-to-Event Analysis Dataset", columns: [
            DatasetColumn<R>.text("STUDYID", "Study Identifier") { _ in studyId },
            .text("USUBJID", "Unique Subject Identifier") { usubjid($0.participantId) },
            .text("SUBJID", "Subject Identifier for the Study") { $0.participantId },
            .text("PARAMCD", "Parameter Code") { $0.parameter.rawValue },
            .text("PARAM", "Parameter") { TimeToEventParameterNames.english($0.parameter) },
            .text("LESIONID", "Treated Lesion Identifier") { $0.lesionId },
            .text("LESORGAN", "Treated Lesion Organ") { $0.lesionOrgan },
            .number("AVAL", "Analysis Value") { $0.analysisDays },
            .text("AVALU", "Analysis Value Unit") { _ in "DAYS" },
            .date("STARTDT", "Time-to-Event Origin Date for Subject") { $0.originDate },
            .date("ADT", "Analysis Date") { $0.date },
            .integer("CNSR", "Censor") { $0.censoringCode },
            .text("EVNTDESC", "Event or Censoring Description") { $0.eventDescription },
            .text("CNSDTDSC", "Censor Date Description") { $0.censoringDateDescription },
            .integer("CRSTAT", "Competing Risk Status (0/1/2)") { $0.parameter == .TTNT || $0.parameter == .LC || $0.parameter == .LCSUBJ ? $0.competingRiskCode : nil },
            .text("SRCDOM", "Source Data") { $0.source.sourceReference.domain.isEmpty ? nil : $0.source.sourceReference.domain },
            .text("SRCVAR", "Source Variable") { $0.source.sourceReference.variable.isEmpty ? nil : $0.source.sourceReference.variable },
            .integer("SRCSEQ", "Source Sequence Number") { $0.source.sourceReference.sequence },
            .text("TRT01P", "Planned Treatment for Period 01") { $0.randomizedArm },
            .text("TRT01A", "Actual Treatment for Period 01") { $0.actualArm },
            .text("STRATUM", "Randomization Stratum") { $0.stratum },
            .flag("ITTFL", "Intent-To-Treat Population Flag", no: "N") { $0.intentionToTreat },
            .flag("SAFFL", "Safety Population Flag", no: "N") { $0.safety },
            .flag("PPROTFL", "Per-Protocol Population Flag", no: "N") { $0.perProtocol },
        ], rows: records)

        // ADAE: one row per adverse event.
        let adae = DatasetAssembly.dataset("ADAE", "Adverse Events Analysis Dataset", columns: [
            DatasetColumn<EventRow>.text("STUDYID", "Study Identifier") { _ in studyId },
            .text("USUBJID", "Unique Subject Identifier") { usubjid($0.participant.id) },
            .integer("AESEQ", "Sequence Number") { $0.sequence },
            .text("AEDECOD", "Dictionary-Derived Term") { $0.event.term },
            .text("AEBODSYS", "Body System or Organ Class") { $0.event.systemOrganClass },
            .text("AETOXGR", "Standard Toxicity Grade") { String($0.event.grade) },
            .integer("ATOXGRN", "Analysis Toxicity Grade (N)") { $0.event.grade },
            .date("ASTDT", "Analysis Start Date") { $0.event.onsetDate },
            .date("AENDT", "Analysis End Date") { $0.event.resolutionDate },
            .integer("ASTDY", "Analysis Start Relative Day") { $0.event.onsetStudyDay },
            .flag("TRTEMFL", "Treatment Emergent Analysis Flag") { $0.event.treatmentEmergent },
            .text("AESER", "Serious Event") { $0.event.serious ? "Y" : "N" },
            .text("AERELPR", "Related to 125I Seed Procedure") { $0.event.procedureRelated ? "Y" : "N" },
            .text("AERELST", "Related to Systemic Therapy") { $0.event.therapyRelated ? "Y" : "N" },
            .text("AEOUT", "Outcome of Adverse Event") { $0.event.outcome.rawValue.uppercased() },
            .text("AEACN", "Action Taken with Study Treatment") { $0.event.actionTaken?.cdiscTerm },
            .text("TRT01A", "Actual Treatment for Period 01") { $0.participant.populations.actualArm },
            .flag("SAFFL", "Safety Population Flag", no: "N") { $0.participant.populations.safety },
        ], rows: eventRows)

        // ADQS: baseline and follow-up scores per scale, change and responder category.
        struct QualityRow { let participant: P; let outcome: QualityOfLifeOutcome; let isBaseline: Bool }
        let qualityRows = data.participants.flatMap { participant -> [QualityRow] in
            let firstTimepoint = participant.qualityOfLife.first?.timepoint
            let baselines = participant.qualityOfLife.filter { $0.timepoint == firstTimepoint }.map {
                QualityRow(participant: participant, outcome: $0, isBaseline: true)
            }
            return baselines + participant.qualityOfLife.map { QualityRow(participant: participant, outcome: $0, isBaseline: false) }
        }
        let baselineVisit = data.study.qualityOfLife.timepoints.first ?? "BL"
        let threshold = data.study.qualityOfLife.responderThresholdPoints
        let adqs = DatasetAssembly.dataset("ADQS", "QLQ-C30 Analysis Dataset", columns: [
            DatasetColumn<QualityRow>.text("STUDYID", "Study Identifier") { _ in studyId },
            .text("USUBJID", "Unique Subject Identifier") { usubjid($0.participant.id) },
            .text("PARAMCD", "Parameter Code") { $0.outcome.scale },
            .text("PARAM", "Parameter") { QualityOfLifeScaleNames.english($0.outcome.scale) },
            .text("AVISIT", "Analysis Visit") { $0.isBaseline ? baselineVisit : $0.outcome.timepoint },
            .flag("ABLFL", "Baseline Record Flag") { $0.isBaseline },
            .date("ADT", "Analysis Date") { $0.isBaseline ? $0.outcome.baselineDate : $0.outcome.followUpDate },
            .number("AVAL", "Analysis Value") { $0.isBaseline ? $0.outcome.baseline : $0.outcome.value },
            .number("BASE", "Baseline Value") { $0.outcome.baseline },
            .number("CHG", "Change from Baseline") { $0.isBaseline ? nil : $0.outcome.change },
            .text("CRIT1", "Analysis Criterion 1") { $0.isBaseline ? nil : "Improved by >= \(FigureText.number(threshold)) points" },
            .text("CRIT1FL", "Criterion 1 Evaluation Result Flag") { row in
                guard !row.isBaseline, let category = row.outcome.category else { return nil }
                return category == .improved ? "Y" : "N"
            },
            .text("AVALCAT1", "Analysis Value Category 1") { $0.isBaseline ? nil : $0.outcome.category?.rawValue.uppercased() },
            .text("TRT01P", "Planned Treatment for Period 01") { $0.participant.armCode },
            .flag("ITTFL", "Intent-To-Treat Population Flag", no: "N") { $0.participant.populations.intentionToTreat },
        ], rows: qualityRows)

        // ADPROG: one row per participant whose PFS event is progression and per pattern of that first
        // progression, with the source assessment (its RS record and the form's record id).
        struct PatternRow { let participant: P; let progression: FirstProgressionPattern; let pattern: ProgressionPattern }
        let patternRows = data.participants.flatMap { participant -> [PatternRow] in
            guard let progression = participant.firstProgression else { return [] }
            return progression.patterns.map { PatternRow(participant: participant, progression: progression, pattern: $0) }
        }
        func responseSequence(_ row: PatternRow) -> Int? {
            row.participant.endpointInput.assessments.firstIndex { $0.date == row.progression.date && $0.response.isProgression }.map { $0 + 1 }
        }
        let adprog = DatasetAssembly.dataset("ADPROG", "Patterns of First Progression", columns: [
            DatasetColumn<PatternRow>.text("STUDYID", "Study Identifier") { _ in studyId },
            .text("USUBJID", "Unique Subject Identifier") { usubjid($0.participant.id) },
            .text("SUBJID", "Subject Identifier for the Study") { $0.participant.id },
            .text("PARAMCD", "Parameter Code") { $0.pattern.rawValue },
            .text("PARAM", "Parameter") { $0.pattern.parameterLabel },
            .text("PARCAT1", "Parameter Category 1") { ProgressionPattern.fieldPatterns.contains($0.pattern) ? "TREATED FIELD" : "DISEASE" },
            .text("AVALC", "Analysis Value (C)") { _ in "Y" },
            .number("AVAL", "Days from Randomization to Progression") { Double($0.progression.day) },
            .date("STARTDT", "Randomization Date") { $0.participant.participant.randomizationDate },
            .date("ADT", "Date of First Progression") { $0.progression.date },
            .text("PRGCRIT", "Criterion Governing Progression") { $0.progression.criterion == .recist11 ? "RECIST 1.1" : "PERCIST 1.0" },
            .text("NEWLOC", "Organs of New Lesions") { row in
                row.pattern == .newLesion || row.pattern == .newFDGAvidLesion ? row.progression.newLesionOrgans.joined(separator: "; ") : nil
            },
            .text("INFLDLES", "In-Field Progressed Treated Lesions") { row in
                ProgressionPattern.fieldPatterns.contains(row.pattern) && !row.progression.inFieldLesionIds.isEmpty
                    ? row.progression.inFieldLesionIds.joined(separator: "; ") : nil
            },
            .text("SRCDOM", "Source Data") { _ in "RS" },
            .text("SRCVAR", "Source Variable") { _ in "RSDTC" },
            .integer("SRCSEQ", "Source Sequence Number") { responseSequence($0) },
            .text("SRCFORM", "Source Tumour Assessment Record") { $0.progression.assessmentId },
            .text("TRT01P", "Planned Treatment for Period 01") { $0.participant.armCode },
            .flag("ITTFL", "Intent-To-Treat Population Flag", no: "N") { $0.participant.populations.intentionToTreat },
        ], rows: patternRows)

        adam = [adsl, adtte, adae, adqs, adprog]
    }
}

/// Study day, CDISC convention: the origin is day 1, the day before it day -1 (no day 0).
enum StudyDay {
    static func of(_ date: CalendarDate, origin: CalendarDate) -> Int {
        let difference = origin.days(until: date)
        return difference >= 0 ? difference + 1 : difference
    }
}

/// Age groups of the baseline table and the subgroup analysis.
enum AgeGroup: String, CaseIterable {
    case under65 = "<65"
    case atLeast65 = ">=65"

    var code: String { rawValue }

    static func of(_ age: Int) -> AgeGroup { age < 65 ? .under65 : .atLeast65 }
}

enum BaselineModality {
    static func code(_ modality: ImagingModality) -> String { modality == .ct ? "CT" : "PET/CT" }
}

/// EOSSTT and DCSREAS from the end-of-study form and the death form.
enum EndOfStudyStatus: String {
    case completed = "COMPLETED"
    case discontinued = "DISCONTINUED"
    case ongoing = "ONGOING"

    var code: String { rawValue }

    static func of(_ casebook: Casebook) -> EndOfStudyStatus {
        if let end = casebook.endOfStudy?.form { return end.reason == .completed ? .completed : .discontinued }
        return casebook.death == nil ? .ongoing : .discontinued
    }

    static func discontinuationReason(_ casebook: Casebook) -> String? {
        if let end = casebook.endOfStudy?.form {
            switch end.reason {
            case .completed: return nil
            case .withdrewConsent: return "WITHDRAWAL BY SUBJECT"
            case .lostToFollowUp: return "LOST TO FOLLOW-UP"
            case .death: return "DEATH"
            case .investigatorDecision: return "PHYSICIAN DECISION"
            case .other: return "OTHER"
            }
        }
        return casebook.death == nil ? nil : "DEATH"
    }
}

enum TimeToEventParameterNames {
    static func english(_ parameter: TimeToEventRecord.Parameter) -> String {
        switch parameter {
        case .PFS: return "Progression-Free Survival (days)"
        case .PFSNLC: return "PFS Censored at New Therapy Line (days)"
        case .OS: return "Overall Survival (days)"
        case .TTNT: return "Time to New Systemic Therapy (days)"
        case .LC: return "Time to In-Field Progression per Lesion (days)"
        case .LCSUBJ: return "Time to First In-Field Progression (days)"
        }
    }
}

enum QualityOfLifeScaleNames {
    static func english(_ code: String) -> String {
        switch code {
        case "QL2": return "Global health status/QoL"
        case "PF2": return "Physical functioning"
        case "RF2": return "Role functioning"
        case "EF": return "Emotional functioning"
        case "CF": return "Cognitive functioning"
        case "SF": return "Social functioning"
        case "FA": return "Fatigue"
        case "NV": return "Nausea and vomiting"
        case "PA": return "Pain"
        case "DY": return "Dyspnoea"
        case "SL": return "Insomnia"
        case "AP": return "Appetite loss"
        case "CO": return "Constipation"
        case "DI": return "Diarrhoea"
        case "FI": return "Financial difficulties"
        default: return "Summary score"
        }
    }
}

enum FigureText {
    /// A number without a trailing ".0" (10 rather than 10.0).
    static func number(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }
}
