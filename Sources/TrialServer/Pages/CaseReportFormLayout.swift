import Foundation
import TrialCore

/// How one input of a case report form page is entered and turned into the form's JSON.
enum FormInputKind: Sendable {
    case date
    case integer(min: Int?, max: Int?)
    case decimal
    case text
    case longText
    /// A UTC date and time (`datetime-local`), sent as an ISO 8601 instant.
    case timestamp
    /// One of `options`; `optional` adds a "not given" choice. Labels come from `labels`.
    case choice(options: [String], labels: OptionLabels, optional: Bool)
    /// Any number of `options` (check boxes), sent as an array.
    case multiChoice(options: [String], labels: OptionLabels)
    /// A check box: true or false.
    case bool
    /// Yes, no, or not answered.
    case optionalBool
    /// Words separated by commas or lines, sent as an array of strings.
    case list
    /// Boxes numbered as on the paper questionnaire, sent as the box number.
    case scale(ClosedRange<Int>)
    /// A row's fixed key (a lesion ID, a laboratory test), shown as the row's label.
    case hidden
}

/// Where the label of a choice comes from: the catalogue (`<prefix>.<value>`) or the value itself
/// (codes such as RECIST's CR/PR, lesion IDs, units).
enum OptionLabels: Sendable {
    case catalogue(String)
    case literal
}

struct FormInput: Sendable {
    var key: String
    var kind: FormInputKind
}

/// A block of a form page: plain fields, an optional object (left out when every input is empty),
/// or rows (a table: one row per lesion, per laboratory test...).
struct FormGroup: Sendable {
    enum Shape: Sendable {
        case fields
        case object
        /// Rows the site adds (`blankRows` empty rows offered), or one fixed row per key value.
        case freeRows(blankRows: Int)
        case fixedRows(key: String, values: [String], keepEmpty: Bool)
        /// Scale items laid out as on paper: one row per item, one column per box.
        case scale(range: ClosedRange<Int>, labelPrefix: String)
    }

    /// The JSON path of the group ("" at the top level, `lesions`, `percist.lesions`).
    var path: String
    var titleKey: String
    var shape: Shape
    var inputs: [FormInput]

    func name(of key: String, row: Int?) -> String {
        let base = row.map { "\(path)[\($0)]" } ?? path
        return base.isEmpty ? key : "\(base).\(key)"
    }
}

/// Everything a case report form page shows, from the form's kind, the study and the participant's
/// casebook (lesion IDs of the baseline, timepoints of the study). One layout per kind; the page,
/// the submission reader and the stored-form reader all walk it.
struct CaseReportFormLayout: Sendable {
    var kind: CaseReportForm
    var groups: [FormGroup]

    static func of(_ kind: CaseReportForm, study: StudyDefinition, casebook: Casebook) -> CaseReportFormLayout {
        switch kind {
        case .baseline: return baseline()
        case .implantation: return implantation(casebook)
        case .systemicTherapy: return systemicTherapy()
        case .tumourAssessment: return tumourAssessment(casebook)
        case .adverseEvents: return adverseEvent()
        case .qlqC30: return qualityOfLife(study)
        case .followUp: return followUp()
        case .death: return death(casebook)
        case .endOfStudy: return endOfStudy()
        case .deviation: return deviation()
        }
    }

    private static func choice<E: RawRepresentable & CaseIterable>(_ type: E.Type, _ labels: String, optional: Bool = false) -> FormInputKind where E.RawValue == String {
        .choice(options: type.allCases.map(\.rawValue), labels: .catalogue("option.\(labels)"), optional: optional)
    }

    private static func baseline() -> CaseReportFormLayout {
        CaseReportFormLayout(kind: .baseline, groups: [
            FormGroup(path: "", titleKey: "group.baseline.participant", shape: .fields, inputs: [
                FormInput(key: "assessmentDate", kind: .date),
                // The page bounds what can be typed by the same ranges the form's rules check.
                FormInput(key: "ageYears", kind: .integer(min: BaselineForm.plausibleAge.lowerBound, max: BaselineForm.plausibleAge.upperBound)),
                FormInput(key: "sex", kind: choice(Sex.self, "sex")),
                FormInput(key: "primaryTumourSite", kind: .text),
                FormInput(key: "histology", kind: .text),
                FormInput(key: "priorLinesOfTherapy", kind: .integer(min: BaselineForm.fewestPriorLines, max: nil)),
                FormInput(key: "ecog", kind: .integer(min: BaselineForm.ecogScale.lowerBound, max: BaselineForm.ecogScale.upperBound)),
                FormInput(key: "imagingModality", kind: choice(ImagingModality.self, "modality")),
                FormInput(key: "sliceThicknessMm", kind: .decimal),
            ]),
            FormGroup(path: "petReference", titleKey: "group.baseline.petReference", shape: .object, inputs: [
                FormInput(key: "liverMean", kind: .decimal), FormInput(key: "liverSD", kind: .decimal),
                FormInput(key: "bloodPoolMean", kind: .decimal), FormInput(key: "bloodPoolSD", kind: .decimal),
            ]),
            FormGroup(path: "labs", titleKey: "group.baseline.labs",
                      shape: .fixedRows(key: "test", values: BaselineLabTest.allCases.map(\.rawValue), keepEmpty: false), inputs: [
                FormInput(key: "test", kind: .hidden),
                FormInput(key: "value", kind: .decimal),
                FormInput(key: "unit", kind: .choice(options: LabUnit.allCases.map(\.rawValue), labels: .literal, optional: false)),
            ]),
            FormGroup(path: "lesions", titleKey: "group.baseline.lesions", shape: .freeRows(blankRows: 4), inputs: [
                FormInput(key: "id", kind: .text),
                FormInput(key: "organ", kind: .text),
                FormInput(key: "location", kind: .text),
                FormInput(key: "nodal", kind: .bool),
                FormInput(key: "sizeMm", kind: .decimal),
                FormInput(key: "measurable", kind: .bool),
                FormInput(key: "sulPeak", kind: .decimal),
                FormInput(key: "role", kind: choice(RecistRole.self, "recistRole")),
                FormInput(key: "plannedForImplantation", kind: .bool),
            ]),
        ])
    }

    private static func lesionIDs(_ casebook: Casebook) -> [String] {
        casebook.baseline?.form.lesions.map(\.id) ?? []
    }

    private static func implantation(_ casebook: Casebook) -> CaseReportFormLayout {
        let adverseEvents = casebook.adverseEvents.map(\.id)
        return CaseReportFormLayout(kind: .implantation, groups: [
            FormGroup(path: "", titleKey: "group.implantation.procedure", shape: .fields, inputs: [
                FormInput(key: "date", kind: .date),
                FormInput(key: "guidance", kind: choice(ImplantationGuidance.self, "guidance")),
                FormInput(key: "activityPerSeed.value", kind: .decimal),
                FormInput(key: "activityPerSeed.unit", kind: .choice(options: ActivityUnit.allCases.map(\.rawValue), labels: .literal, optional: false)),
                FormInput(key: "anaesthesia", kind: choice(Anaesthesia.self, "anaesthesia")),
                FormInput(key: "operatorName", kind: .text),
                FormInput(key: "complicationAdverseEventIds", kind: .multiChoice(options: adverseEvents, labels: .literal)),
            ]),
            FormGroup(path: "lesions", titleKey: "group.implantation.lesions", shape: .freeRows(blankRows: 3), inputs: [
                FormInput(key: "lesionId", kind: .choice(options: lesionIDs(casebook), labels: .literal, optional: true)),
                FormInput(key: "seeds", kind: .integer(min: ImplantationProcedureForm.fewestSeedsPerLesion, max: nil)),
                FormInput(key: "prescribedDoseGy", kind: .decimal),
                FormInput(key: "d90Gy", kind: .decimal),
                FormInput(key: "v100Percent", kind: .decimal),
            ]),
        ])
    }

    private static func systemicTherapy() -> CaseReportFormLayout {
        CaseReportFormLayout(kind: .systemicTherapy, groups: [
            FormGroup(path: "", titleKey: "group.systemicTherapy.line", shape: .fields, inputs: [
                FormInput(key: "lineNumber", kind: .integer(min: SystemicTherapyLineForm.firstLineNumber, max: nil)),
                FormInput(key: "regimen", kind: .text),
                FormInput(key: "agents", kind: .list),
                FormInput(key: "therapyClass", kind: choice(TherapyClass.self, "therapyClass")),
                FormInput(key: "startDate", kind: .date),
                FormInput(key: "startReason", kind: choice(EndpointTherapyStart.Reason.self, "startReason")),
                FormInput(key: "stopDate", kind: .date),
                FormInput(key: "stopReason", kind: choice(TherapyStopReason.self, "stopReason", optional: true)),
            ]),
        ])
    }

    private static func tumourAssessment(_ casebook: Casebook) -> CaseReportFormLayout {
        let baseline = casebook.baseline?.form
        let targets = baseline?.targetLesions.map(\.id) ?? []
        let nonTargets = baseline?.nonTargetLesions.map(\.id) ?? []
        let treated = casebook.treatedLesionFirstImplantation.keys.sorted()
        return CaseReportFormLayout(kind: .tumourAssessment, groups: [
            FormGroup(path: "", titleKey: "group.tumourAssessment.scan", shape: .fields, inputs: [
                FormInput(key: "date", kind: .date),
                FormInput(key: "modality", kind: choice(ImagingModality.self, "modality")),
            ]),
            FormGroup(path: "targets", titleKey: "group.tumourAssessment.targets",
                      shape: .fixedRows(key: "id", values: targets, keepEmpty: true), inputs: [
                FormInput(key: "id", kind: .hidden),
                FormInput(key: "mm", kind: .decimal),
                FormInput(key: "tooSmall", kind: .bool),
            ]),
            FormGroup(path: "nonTargets", titleKey: "group.tumourAssessment.nonTargets",
                      shape: .fixedRows(key: "id", values: nonTargets, keepEmpty: true), inputs: [
                FormInput(key: "id", kind: .hidden),
                FormInput(key: "status", kind: choice(NonTargetStatus.self, "nonTargetStatus")),
            ]),
            FormGroup(path: "newLesions", titleKey: "group.tumourAssessment.newLesions", shape: .freeRows(blankRows: 2), inputs: [
                FormInput(key: "site", kind: .text),
                FormInput(key: "finding", kind: choice(NewLesionEntry.Certainty.self, "certainty", optional: true)),
            ]),
            FormGroup(path: "treatedLesions", titleKey: "group.tumourAssessment.treatedLesions",
                      shape: .fixedRows(key: "lesionId", values: treated, keepEmpty: false), inputs: [
                FormInput(key: "lesionId", kind: .hidden),
                FormInput(key: "status", kind: choice(TreatedLesionReading.InFieldStatus.self, "inFieldStatus", optional: true)),
                FormInput(key: "mm", kind: .decimal),
                FormInput(key: "sulPeak", kind: .decimal),
                FormInput(key: "reason", kind: .text),
            ]),
            FormGroup(path: "percist", titleKey: "group.tumourAssessment.percist", shape: .object, inputs: [
                FormInput(key: "liverMean", kind: .decimal), FormInput(key: "liverSD", kind: .decimal),
                FormInput(key: "bloodPoolMean", kind: .decimal), FormInput(key: "bloodPoolSD", kind: .decimal),
                FormInput(key: "completeResolution", kind: .optionalBool),
                FormInput(key: "newLesions", kind: .optionalBool),
                FormInput(key: "nonTargetProgression", kind: .optionalBool),
            ]),
            FormGroup(path: "percist.lesions", titleKey: "group.tumourAssessment.percistLesions",
                      shape: .fixedRows(key: "id", values: lesionIDs(casebook), keepEmpty: false), inputs: [
                FormInput(key: "id", kind: .hidden),
                FormInput(key: "sulPeak", kind: .decimal),
            ]),
            FormGroup(path: "", titleKey: "group.tumourAssessment.reading", shape: .fields, inputs: [
                FormInput(key: "investigatorRecist", kind: .choice(options: RecistResponse.allCases.map(\.rawValue), labels: .catalogue("option.recist"), optional: true)),
                FormInput(key: "investigatorPercist", kind: .choice(options: PercistResponse.allCases.map(\.rawValue), labels: .catalogue("option.percist"), optional: true)),
            ]),
        ])
    }

    private static func adverseEvent() -> CaseReportFormLayout {
        CaseReportFormLayout(kind: .adverseEvents, groups: [
            FormGroup(path: "", titleKey: "group.adverseEvents.event", shape: .fields, inputs: [
                FormInput(key: "term", kind: .text),
                FormInput(key: "specify", kind: .text),
                FormInput(key: "grade", kind: .integer(min: AdverseEventRecord.gradeScale.lowerBound, max: AdverseEventRecord.gradeScale.upperBound)),
                FormInput(key: "onsetDate", kind: .date),
                FormInput(key: "resolutionDate", kind: .date),
                FormInput(key: "outcome", kind: choice(AdverseEventOutcome.self, "outcome")),
                FormInput(key: "procedureAttribution", kind: choice(AdverseEventAttribution.self, "attribution", optional: true)),
                FormInput(key: "systemicTherapyAttribution", kind: choice(AdverseEventAttribution.self, "attribution", optional: true)),
                FormInput(key: "actionTaken", kind: choice(AdverseEventAction.self, "actionTaken", optional: true)),
                FormInput(key: "seriousnessCriteria", kind: .multiChoice(options: SeriousnessCriterion.allCases.map(\.rawValue), labels: .catalogue("option.seriousness"))),
                FormInput(key: "siteAwareAt", kind: .timestamp),
            ]),
        ])
    }

    private static func qualityOfLife(_ study: StudyDefinition) -> CaseReportFormLayout {
        let items = QlqC30Answers.itemNumbers
        return CaseReportFormLayout(kind: .qlqC30, groups: [
            FormGroup(path: "", titleKey: "group.qlqC30.questionnaire", shape: .fields, inputs: [
                FormInput(key: "date", kind: .date),
                FormInput(key: "timepoint", kind: .choice(options: study.qualityOfLife.timepoints, labels: .literal, optional: false)),
                FormInput(key: "completedBy", kind: choice(QuestionnaireCompletion.self, "completedBy")),
            ]),
            FormGroup(path: "answers", titleKey: "group.qlqC30.items1to28", shape: .scale(range: QlqC30Answers.fourPointScale, labelPrefix: "option.qlq4"),
                      inputs: items.filter { QlqC30Answers.allowedAnswers(item: $0) == QlqC30Answers.fourPointScale }
                        .map { FormInput(key: QlqC30Answers.fieldName(item: $0), kind: .scale(QlqC30Answers.fourPointScale)) }),
            FormGroup(path: "answers", titleKey: "group.qlqC30.items29to30", shape: .scale(range: QlqC30Answers.sevenPointScale, labelPrefix: "option.qlq7"),
                      inputs: items.filter { QlqC30Answers.allowedAnswers(item: $0) == QlqC30Answers.sevenPointScale }
                        .map { FormInput(key: QlqC30Answers.fieldName(item: $0), kind: .scale(QlqC30Answers.sevenPointScale)) }),
        ])
    }

    private static func followUp() -> CaseReportFormLayout {
        CaseReportFormLayout(kind: .followUp, groups: [
            FormGroup(path: "", titleKey: "group.followUp.contact", shape: .fields, inputs: [
                FormInput(key: "date", kind: .date),
                FormInput(key: "status", kind: choice(SurvivalStatus.self, "survival")),
                FormInput(key: "lastKnownAliveDate", kind: .date),
            ]),
        ])
    }

    private static func death(_ casebook: Casebook) -> CaseReportFormLayout {
        CaseReportFormLayout(kind: .death, groups: [
            FormGroup(path: "", titleKey: "group.death.death", shape: .fields, inputs: [
                FormInput(key: "date", kind: .date),
                FormInput(key: "cause", kind: choice(DeathCause.self, "deathCause")),
                FormInput(key: "details", kind: .longText),
                FormInput(key: "adverseEventId", kind: .choice(options: casebook.adverseEvents.map(\.id), labels: .literal, optional: true)),
            ]),
        ])
    }

    private static func endOfStudy() -> CaseReportFormLayout {
        CaseReportFormLayout(kind: .endOfStudy, groups: [
            FormGroup(path: "", titleKey: "group.endOfStudy.end", shape: .fields, inputs: [
                FormInput(key: "date", kind: .date),
                FormInput(key: "reason", kind: choice(EndOfStudyReason.self, "endReason")),
                FormInput(key: "details", kind: .longText),
            ]),
        ])
    }

    private static func deviation() -> CaseReportFormLayout {
        CaseReportFormLayout(kind: .deviation, groups: [
            FormGroup(path: "", titleKey: "group.deviation.deviation", shape: .fields, inputs: [
                FormInput(key: "date", kind: .date),
                FormInput(key: "category", kind: choice(DeviationCategory.self, "deviationCategory")),
                FormInput(key: "severity", kind: choice(DeviationSeverity.self, "deviationSeverity")),
                FormInput(key: "description", kind: .longText),
            ]),
        ])
    }

    /// The catalogue key of an input's label: `field.<form>.<group path>.<key>` without row numbers.
    func labelKey(group: FormGroup, input: FormInput) -> String {
        let path = group.path.isEmpty ? input.key : "\(group.path).\(input.key)"
        return "field.\(kind.rawValue).\(path)"
    }

    /// A field as the form's page names it, from the JSON path a rule or a query uses: `lesions[1].d90Gy`
    /// is "Lesions 2 · D90 (Gy)", `ecog` is "ECOG performance status"; nil for a path no input of the form has.
    func fieldLabel(ofPath path: String, texts: PageText) -> String? {
        for group in groups {
            for input in group.inputs {
                if group.name(of: input.key, row: nil) == path { return label(of: input, in: group, texts: texts) }
                let rowPrefix = "\(group.path)[", rowSuffix = "].\(input.key)"
                guard !group.path.isEmpty, path.hasPrefix(rowPrefix), path.hasSuffix(rowSuffix),
                      path.count > rowPrefix.count + rowSuffix.count else { continue }
                let index = path.dropFirst(rowPrefix.count).dropLast(rowSuffix.count)
                if let row = InputLimits.rowIndex(index) { return "\(texts[group.titleKey]) \(row + 1) · \(label(of: input, in: group, texts: texts))" }
            }
        }
        return nil
    }

    /// An input's label as its form shows it: a QLQ-C30 item by its number ("Question 12"), any other by
    /// the catalogue's label of its path.
    func label(of input: FormInput, in group: FormGroup, texts: PageText) -> String {
        if case .scale = input.kind, let item = QlqC30Answers.itemNumber(fromKey: input.key) {
            return texts.format("field.qlqC30.item", ["n": String(item)])
        }
        return texts[labelKey(group: group, input: input)]
    }
}
