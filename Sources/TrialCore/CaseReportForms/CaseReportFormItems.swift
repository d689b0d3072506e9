import Foundation

/// What one recorded value of a form holds, as a data exchange (CDISC ODM) describes it.
public enum FormItemDataType: String, Sendable, Hashable {
    case text
    case integer
    case float
    case date
    case datetime
    case boolean
}

/// One recorded value of a case report form: its key within its group (`sizeMm`, `petReference.liverMean`),
/// its type, unit, allowed range and, for a coded value, the codes and the name of their code list (the
/// page catalogue labels a code as `option.<codeListName>.<code>`).
public struct FormItemDescription: Sendable, Hashable {
    public var key: String
    public var dataType: FormItemDataType
    public var unit: String?
    public var range: ClosedRange<Decimal>?
    public var codes: [String]?
    public var codeListName: String?
    /// Whether the form cannot be saved without it.
    public var mandatory: Bool

    public init(key: String, dataType: FormItemDataType, unit: String? = nil, range: ClosedRange<Decimal>? = nil,
                codes: [String]? = nil, codeListName: String? = nil, mandatory: Bool = false) {
        self.key = key
        self.dataType = dataType
        self.unit = unit
        self.range = range
        self.codes = codes
        self.codeListName = codeListName
        self.mandatory = mandatory
    }
}

/// A block of a form's values: the form's own fields (path ""), or a list (`lesions`, `percist.lesions`) whose
/// rows repeat. A list of plain values (`agents`) repeats one item, `value`.
public struct FormItemGroupDescription: Sendable, Hashable {
    public var path: String
    public var repeating: Bool
    public var listOfValues: Bool
    /// A set rather than a list: its values have no order of their own and are exchanged sorted.
    public var unordered: Bool
    public var items: [FormItemDescription]

    public init(path: String, repeating: Bool = false, listOfValues: Bool = false, unordered: Bool = false, items: [FormItemDescription]) {
        self.path = path
        self.repeating = repeating
        self.listOfValues = listOfValues
        self.unordered = unordered
        self.items = items
    }

    /// The group a list's rows live in (`percist` for `percist.lesions`); nil for the form's own fields.
    public var parentObjectPath: String? {
        guard !path.isEmpty else { return nil }
        let parts = path.split(separator: ".")
        return parts.count > 1 ? parts.dropLast().joined(separator: ".") : ""
    }

    public static let valueKey = "value"
}

/// The values each kind of form records, group by group, for data exchange: the ODM export writes its
/// metadata from this and reads a form into items (and items back into a form) by it. Values a form
/// derives (the QLQ-C30 scores) are not recorded values and are left out; a test holds every key a saved
/// form writes to this description, so a new field cannot leave the exchange silently.
public enum CaseReportFormItems {
    /// Keys of a form's JSON that TrialCore derives from the recorded values.
    public static func derivedKeys(of kind: CaseReportForm) -> Set<String> {
        kind == .qlqC30 ? ["scores"] : []
    }

    public static func groups(of kind: CaseReportForm) -> [FormItemGroupDescription] {
        switch kind {
        case .baseline: return baseline
        case .implantation: return implantation
        case .systemicTherapy: return systemicTherapy
        case .tumourAssessment: return tumourAssessment
        case .adverseEvents: return adverseEvents
        case .qlqC30: return qualityOfLife
        case .followUp: return followUp
        case .death: return death
        case .endOfStudy: return endOfStudy
        case .deviation: return deviation
        }
    }

    private static func code<E: RawRepresentable & CaseIterable>(_ key: String, _ type: E.Type, _ list: String, mandatory: Bool = false) -> FormItemDescription
    where E.RawValue == String {
        FormItemDescription(key: key, dataType: .text, codes: type.allCases.map(\.rawValue), codeListName: list, mandatory: mandatory)
    }

    private static func integer(_ key: String, _ range: ClosedRange<Int>? = nil, minimum: Int? = nil, mandatory: Bool = true) -> FormItemDescription {
        let bounds = range.map { Decimal($0.lowerBound)...Decimal($0.upperBound) }
        var item = FormItemDescription(key: key, dataType: .integer, range: bounds, mandatory: mandatory)
        // A lower bound alone is kept as a range up to the largest integer a form accepts.
        if let minimum { item.range = Decimal(minimum)...Decimal(Int32.max) }
        return item
    }

    private static func float(_ key: String, unit: String? = nil, mandatory: Bool = false) -> FormItemDescription {
        FormItemDescription(key: key, dataType: .float, unit: unit, mandatory: mandatory)
    }

    private static func text(_ key: String, mandatory: Bool = false) -> FormItemDescription {
        FormItemDescription(key: key, dataType: .text, mandatory: mandatory)
    }

    private static func date(_ key: String, mandatory: Bool = false) -> FormItemDescription {
        FormItemDescription(key: key, dataType: .date, mandatory: mandatory)
    }

    private static func boolean(_ key: String, mandatory: Bool = false) -> FormItemDescription {
        FormItemDescription(key: key, dataType: .boolean, mandatory: mandatory)
    }

    private static let baseline: [FormItemGroupDescription] = [
        FormItemGroupDescription(path: "", items: [
            date("assessmentDate", mandatory: true),
            integer("ageYears", BaselineForm.plausibleAge),
            code("sex", Sex.self, "sex", mandatory: true),
            text("primaryTumourSite", mandatory: true),
            text("histology", mandatory: true),
            integer("priorLinesOfTherapy", minimum: BaselineForm.fewestPriorLines),
            integer("ecog", BaselineForm.ecogScale),
            code("imagingModality", ImagingModality.self, "modality", mandatory: true),
            float("sliceThicknessMm", unit: "mm"),
            float("petReference.liverMean"), float("petReference.liverSD"),
            float("petReference.bloodPoolMean"), float("petReference.bloodPoolSD"),
        ]),
        FormItemGroupDescription(path: "labs", repeating: true, items: [
            code("test", BaselineLabTest.self, "labTest", mandatory: true),
            float("value", mandatory: true),
            code("unit", LabUnit.self, "labUnit", mandatory: true),
        ]),
        FormItemGroupDescription(path: "lesions", repeating: true, items: [
            text("id", mandatory: true), text("organ", mandatory: true), text("location", mandatory: true),
            boolean("nodal", mandatory: true), float("sizeMm", unit: "mm", mandatory: true), boolean("measurable", mandatory: true),
            float("sulPeak"), code("role", RecistRole.self, "recistRole", mandatory: true),
            boolean("plannedForImplantation", mandatory: true),
        ]),
    ]

    private static let implantation: [FormItemGroupDescription] = [
        FormItemGroupDescription(path: "", items: [
            date("date", mandatory: true),
            code("guidance", ImplantationGuidance.self, "guidance", mandatory: true),
            float("activityPerSeed.megabecquerels", unit: "MBq", mandatory: true),
            code("anaesthesia", Anaesthesia.self, "anaesthesia", mandatory: true),
            text("operatorName", mandatory: true),
        ]),
        FormItemGroupDescription(path: "lesions", repeating: true, items: [
            text("lesionId", mandatory: true),
            integer("seeds", minimum: ImplantationProcedureForm.fewestSeedsPerLesion),
            float("prescribedDoseGy", unit: "Gy", mandatory: true),
            float("d90Gy", unit: "Gy"),
            float("v100Percent", unit: "%"),
        ]),
        FormItemGroupDescription(path: "complicationAdverseEventIds", repeating: true, listOfValues: true, items: [
            text(FormItemGroupDescription.valueKey, mandatory: true),
        ]),
    ]

    private static let systemicTherapy: [FormItemGroupDescription] = [
        FormItemGroupDescription(path: "", items: [
            integer("lineNumber", minimum: SystemicTherapyLineForm.firstLineNumber),
            text("regimen", mandatory: true),
            code("therapyClass", TherapyClass.self, "therapyClass", mandatory: true),
            date("startDate", mandatory: true),
            code("startReason", EndpointTherapyStart.Reason.self, "startReason", mandatory: true),
            date("stopDate"),
            code("stopReason", TherapyStopReason.self, "stopReason"),
        ]),
        FormItemGroupDescription(path: "agents", repeating: true, listOfValues: true, items: [
            text(FormItemGroupDescription.valueKey, mandatory: true),
        ]),
    ]

    private static let tumourAssessment: [FormItemGroupDescription] = [
        FormItemGroupDescription(path: "", items: [
            date("date", mandatory: true),
            code("modality", ImagingModality.self, "modality", mandatory: true),
            date("percist.date"),
            float("percist.liverMean"), float("percist.liverSD"), float("percist.bloodPoolMean"), float("percist.bloodPoolSD"),
            boolean("percist.completeResolution"), boolean("percist.newLesions"), boolean("percist.nonTargetProgression"),
            code("investigatorRecist", RecistResponse.self, "recist"),
            code("investigatorPercist", PercistResponse.self, "percist"),
        ]),
        FormItemGroupDescription(path: "targets", repeating: true, items: [
            text("id", mandatory: true), float("mm", unit: "mm"), boolean("tooSmall"),
        ]),
        FormItemGroupDescription(path: "nonTargets", repeating: true, items: [
            text("id", mandatory: true), code("status", NonTargetStatus.self, "nonTargetStatus", mandatory: true),
        ]),
        FormItemGroupDescription(path: "newLesions", repeating: true, items: [
            text("site", mandatory: true), code("finding", NewLesionEntry.Certainty.self, "certainty", mandatory: true),
        ]),
        FormItemGroupDescription(path: "percist.lesions", repeating: true, items: [
            text("id", mandatory: true), float("sulPeak", mandatory: true),
        ]),
        FormItemGroupDescription(path: "treatedLesions", repeating: true, items: [
            text("lesionId", mandatory: true),
            code("status", TreatedLesionReading.InFieldStatus.self, "inFieldStatus", mandatory: true),
            float("mm", unit: "mm"), float("sulPeak"), text("reason"),
        ]),
    ]

    private static let adverseEvents: [FormItemGroupDescription] = [
        FormItemGroupDescription(path: "", items: [
            text("term", mandatory: true), text("specify"),
            integer("grade", AdverseEventRecord.gradeScale),
            date("onsetDate", mandatory: true), date("resolutionDate"),
            code("outcome", AdverseEventOutcome.self, "outcome", mandatory: true),
            code("procedureAttribution", AdverseEventAttribution.self, "attribution"),
            code("systemicTherapyAttribution", AdverseEventAttribution.self, "attribution"),
            FormItemDescription(key: "siteAwareAt", dataType: .datetime),
            code("actionTaken", AdverseEventAction.self, "actionTaken"),
        ]),
        FormItemGroupDescription(path: "seriousnessCriteria", repeating: true, listOfValues: true, unordered: true, items: [
            code(FormItemGroupDescription.valueKey, SeriousnessCriterion.self, "seriousness", mandatory: true),
        ]),
    ]

    private static let qualityOfLife: [FormItemGroupDescription] = [
        FormItemGroupDescription(path: "", items: [
            date("date", mandatory: true), text("timepoint", mandatory: true),
            code("completedBy", QuestionnaireCompletion.self, "completedBy", mandatory: true),
        ] + QlqC30Answers.itemNumbers.map { item in
            integer("answers.\(QlqC30Answers.fieldName(item: item))", QlqC30Answers.allowedAnswers(item: item), mandatory: false)
        }),
    ]

    private static let followUp: [FormItemGroupDescription] = [
        FormItemGroupDescription(path: "", items: [
            date("date", mandatory: true), code("status", SurvivalStatus.self, "survival", mandatory: true),
            date("lastKnownAliveDate", mandatory: true),
        ]),
    ]

    private static let death: [FormItemGroupDescription] = [
        FormItemGroupDescription(path: "", items: [
            date("date", mandatory: true), code("cause", DeathCause.self, "deathCause", mandatory: true),
            text("details"), text("adverseEventId"),
        ]),
    ]

    private static let endOfStudy: [FormItemGroupDescription] = [
        FormItemGroupDescription(path: "", items: [
            date("date", mandatory: true), code("reason", EndOfStudyReason.self, "endReason", mandatory: true), text("details"),
        ]),
    ]

    private static let deviation: [FormItemGroupDescription] = [
        FormItemGroupDescription(path: "", items: [
            date("date", mandatory: true), code("category", DeviationCategory.self, "deviationCategory", mandatory: true),
            code("severity", DeviationSeverity.self, "deviationSeverity", mandatory: true), text("description", mandatory: true),
        ]),
    ]
}
