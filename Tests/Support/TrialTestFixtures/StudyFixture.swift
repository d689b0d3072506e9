import TrialCore

/// The one study the rule and analysis tests build in code, shaped like the default study: arms I125 (with
/// implantation) and SYS, lesion count 6-10 stratified 6-7 / 8-10, ECOG, platelets and INR from the
/// screening record, imaging every 56 days (window 7), QLQ-C30 at BL and QOL6. Tests that read YAML use the
/// default study file instead.
public enum StudyFixture {
    /// An English text with a marked stand-in for the Chinese one, so a test sees which language it got.
    public static func text(_ en: String) -> LocalizedText { LocalizedText(en: en, zhHans: "中文:\(en)") }

    public static var study: StudyDefinition {
        StudyDefinition(
            protocolId: "TD125", version: "1.0", title: LocalizedText(en: "125I seeds plus systemic therapy", zhHans: "125I 粒子联合全身治疗"),
            registration: StudyRegistration(registry: "ClinicalTrials.gov", registryId: "NCT01234567", phase: "2",
                                            studyType: "interventional", masking: "none"),
            sponsor: text("Sponsor"),
            sites: [StudySite(code: "960", name: text("Hospital"), city: text("Jinan"))],
            screeningFields: [
                ScreeningField(name: "age", label: text("Age"), kind: .integer, unit: "years", range: .between(0, 120)),
                ScreeningField(name: "sex", label: text("Sex"), kind: .category, categories: ["female", "male"]),
                ScreeningField(name: "metastaticLesionCount", label: text("Lesions"), kind: .integer, range: .atLeast(0)),
                ScreeningField(name: "ecog", label: text("ECOG"), kind: .integer, range: .between(0, 5)),
                ScreeningField(name: "plateletCount", label: text("Platelets"), kind: .decimal, unit: "10^9/L",
                               range: .atLeast(0)),
                ScreeningField(name: "inr", label: text("INR"), kind: .decimal,
                               range: NumericRule(lower: .init(0, inclusive: false), upper: nil)),
            ],
            arms: [
                StudyArm(code: "I125", label: LocalizedText(en: "Seeds + systemic", zhHans: "粒子+全身治疗"), description: text("Seeds")),
                StudyArm(code: "SYS", label: LocalizedText(en: "Systemic alone", zhHans: "单纯全身治疗"), description: text("Systemic")),
            ],
            allocationRatio: AllocationRatio(["I125": 1, "SYS": 1]),
            targetEnrollment: 120,
            randomization: .permutedBlocks(PermutedBlockSettings(
                blockSizes: [4, 6], studyTeamSetting: StudyTeamSetting(reason: "open label"))),
            stratification: [
                StratificationFactor(
                    code: "lesionCount", label: text("Lesion count"), sourceField: "metastaticLesionCount",
                    levels: [
                        StratificationLevel(code: "6-7", range: .between(6, 7)),
                        StratificationLevel(code: "8-10", range: .between(8, 10)),
                    ]),
            ],
            eligibility: [
                EligibilityCriterion(id: "I01", kind: .inclusion, text: text("Age 18 or older"),
                                     answer: .value(.atLeast(18)), sourceField: "age", unit: "years"),
                EligibilityCriterion(id: "I02", kind: .inclusion, text: text("Confirmed malignancy"),
                                     answer: .yesNo(qualifying: .yes)),
                EligibilityCriterion(id: "I03", kind: .inclusion, text: text("More than 5, at most 10 lesions"),
                                     answer: .value(NumericRule(lower: .init(5, inclusive: false),
                                                                upper: .init(10, inclusive: true))),
                                     sourceField: "metastaticLesionCount"),
                EligibilityCriterion(id: "I04", kind: .inclusion, text: text("ECOG 0-2"),
                                     answer: .value(.atMost(2)), sourceField: "ecog"),
                EligibilityCriterion(id: "I10", kind: .inclusion, text: text("Platelets >= 50"),
                                     answer: .value(.atLeast(50)), sourceField: "plateletCount"),
                EligibilityCriterion(id: "I11", kind: .inclusion, text: text("INR <= 1.5"),
                                     answer: .value(.atMost(1.5)), sourceField: "inr"),
                EligibilityCriterion(id: "E03", kind: .exclusion, text: text("Pregnant or breastfeeding"),
                                     answer: .yesNo(qualifying: .no)),
            ],
            visits: [
                VisitDefinition(code: "BL", label: text("Baseline"), day: 0, windowMinusDays: 28, windowPlusDays: 0,
                                forms: [.baseline, .tumourAssessment, .qlqC30]),
                VisitDefinition(code: "IMPL", label: text("Implantation"), day: 7, windowMinusDays: 7, windowPlusDays: 7,
                                forms: [.implantation, .adverseEvents], arms: ["I125"]),
                VisitDefinition(code: "IMG", label: text("Imaging"),
                                repeat: VisitRepeat(firstDay: 56, everyDays: 56, lastDay: 365),
                                windowMinusDays: 7, windowPlusDays: 7,
                                forms: [.tumourAssessment, .adverseEvents, .systemicTherapy]),
                VisitDefinition(code: "QOL6", label: text("Month 6"), day: 182, windowMinusDays: 14, windowPlusDays: 14,
                                forms: [.qlqC30]),
                VisitDefinition(code: "FU", label: text("Follow-up"),
                                repeat: VisitRepeat(firstDay: 91, everyDays: 91, lastDay: 730),
                                windowMinusDays: 14, windowPlusDays: 14, forms: [.followUp]),
            ],
            imaging: ImagingSchedule(visit: "IMG"),
            endpoints: [
                EndpointDefinition(code: .PFS, name: text("PFS"), role: .primary, origin: .randomization, timeFrameDays: 365),
                EndpointDefinition(code: .OS, name: text("OS"), role: .secondary, origin: .randomization, timeFrameDays: 730),
                EndpointDefinition(code: .TTNT, name: text("TTNT"), role: .secondary, origin: .randomization,
                                   timeFrameDays: 365),
                EndpointDefinition(code: .LC, name: text("LC"), role: .secondary, origin: .implantation, timeFrameDays: 365),
            ],
            qualityOfLife: QualityOfLifeSchedule(instrument: "EORTC QLQ-C30 version 3.0", timepoints: ["BL", "QOL6"],
                                                 responderThresholdPoints: 10))
    }

    /// Answers and record of a patient who meets every criterion.
    public static let eligibleAnswers: [String: CriterionAnswer] = ["I02": .yes, "E03": .no]
    public static let eligibleRecord: [String: ScreeningValue] = [
        "age": .number(64), "sex": .category("male"), "metastaticLesionCount": .number(7), "ecog": .number(1),
        "plateletCount": .number(180), "inr": .number(1.1),
    ]
}
