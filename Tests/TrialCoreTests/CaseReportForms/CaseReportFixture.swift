import Foundation
import TrialCore
import TrialTestFixtures

/// A CT participant of the fixture study in the implantation arm, randomized 2026-01-05, with a
/// complete and consistent casebook up to day 125 (two imaging visits, one implantation).
enum CaseReportFixture {
    static func date(_ text: String) -> CalendarDate { CalendarDate(iso8601: text)! }
    static func mm(_ text: String) -> Decimal { Decimal(string: text)! }

    static let study = StudyFixture.study
    static let randomized = date("2026-01-05")
    /// Day 125 from randomization.
    static let today = randomized.adding(days: 125)
    static func day(_ n: Int) -> CalendarDate { randomized.adding(days: n) }

    static var baseline: BaselineForm {
        BaselineForm(
            assessmentDate: day(-7), ageYears: 63, sex: .male, primaryTumourSite: "lung", histology: "adenocarcinoma",
            priorLinesOfTherapy: 1, ecog: 1,
            labs: [
                LabResult(test: .platelets, value: 180, unit: .perNanolitre),
                LabResult(test: .inr, value: mm("1.1"), unit: .ratio),
                LabResult(test: .haemoglobin, value: mm("12.5"), unit: .gramsPerDecilitre),
                LabResult(test: .creatinine, value: mm("0.9"), unit: .milligramsPerDecilitre),
            ],
            imagingModality: .ct,
            lesions: [
                BaselineLesion(id: "L1", organ: "liver", location: "segment VII", sizeMm: 30, measurable: true, role: .target, plannedForImplantation: true),
                BaselineLesion(id: "L2", organ: "liver", location: "segment IV", sizeMm: 20, measurable: true, role: .target, plannedForImplantation: true),
                BaselineLesion(id: "L3", organ: "lung", location: "right lower lobe", sizeMm: 15, measurable: true, role: .target),
                BaselineLesion(id: "N1", organ: "mediastinum", location: "station 7", nodal: true, sizeMm: 18, measurable: true, role: .target),
                BaselineLesion(id: "B1", organ: "bone", location: "T10", sizeMm: 8, measurable: false, role: .nonTarget),
            ])
    }

    static var implantation: ImplantationProcedureForm {
        ImplantationProcedureForm(
            date: day(7),
            lesions: [
                ImplantedLesion(lesionId: "L1", seeds: 24, prescribedDoseGy: 120, d90Gy: 128, v100Percent: 94),
                ImplantedLesion(lesionId: "L2", seeds: 14, prescribedDoseGy: 120),
            ],
            guidance: .ct, activityPerSeed: SeedActivity(mm("0.6"), .mCi), anaesthesia: .local, operatorName: "Interventional radiologist")
    }

    static func targets(_ sizes: [String]) -> [RecistEvaluationRequest.TargetReading] {
        zip(["L1", "L2", "L3", "N1"], sizes).map { .init(id: $0, mm: mm($1)) }
    }

    static let controlled: [TreatedLesionReading] = [
        TreatedLesionReading(lesionId: "L1", status: .controlled, mm: 25),
        TreatedLesionReading(lesionId: "L2", status: .controlled, mm: 15),
    ]

    /// Day 56: sum 70 of 83 (-15.7%): SD.
    static var firstAssessment: TumourAssessmentForm {
        TumourAssessmentForm(date: day(56), modality: .ct, targets: targets(["25", "15", "12", "18"]),
                             nonTargets: [.init(id: "B1", status: .present)], treatedLesions: controlled,
                             investigatorRecist: .stableDisease)
    }

    /// Day 112: sum 56 of 83 (-32.5%): PR.
    static var secondAssessment: TumourAssessmentForm {
        TumourAssessmentForm(date: day(112), modality: .ct, targets: targets(["20", "10", "10", "16"]),
                             nonTargets: [.init(id: "B1", status: .present)],
                             treatedLesions: [TreatedLesionReading(lesionId: "L1", status: .controlled, mm: 20),
                                              TreatedLesionReading(lesionId: "L2", status: .controlled, mm: 10)],
                             investigatorRecist: .partialResponse)
    }

    /// Every item answered: 2 ("a little") for items 1-28, 5 for global health.
    static var completeAnswers: QlqC30Answers {
        try! QlqC30Answers(answers: Dictionary(uniqueKeysWithValues: (1...30).map { ($0, $0 >= 29 ? 5 : 2) }))
    }

    static var baselineQuestionnaire: QualityOfLifeQuestionnaire {
        QualityOfLifeQuestionnaire(date: day(-7), timepoint: "BL", completedBy: .transcribedFromPaper, answers: completeAnswers)
    }

    static var firstLine: SystemicTherapyLineForm {
        SystemicTherapyLineForm(lineNumber: 1, regimen: "carboplatin + pemetrexed", agents: ["carboplatin", "pemetrexed"],
                                therapyClass: .chemotherapy, startDate: day(3), stopDate: day(90), stopReason: .completed,
                                startReason: .other)
    }

    static var casebook: Casebook {
        Casebook(
            participantId: "960-0001", armCode: "I125", randomizationDate: randomized,
            baseline: RecordedForm(id: "BL", form: baseline),
            implantations: [RecordedForm(id: "IMP1", form: implantation)],
            therapyLines: [RecordedForm(id: "T1", form: firstLine)],
            assessments: [RecordedForm(id: "A1", form: firstAssessment), RecordedForm(id: "A2", form: secondAssessment)],
            qualityOfLife: [RecordedForm(id: "Q0", form: baselineQuestionnaire)],
            followUps: [])
    }

    /// The fixture baseline, changed, checked against the fixture casebook.
    static func checkedBaseline(_ change: (inout BaselineForm) -> Void) -> FormCheckResult {
        var form = baseline
        change(&form)
        return form.check(in: context())
    }

    /// The fixture's day-112 assessment (record A2), changed, checked against `casebook`.
    static func checkedSecondAssessment(_ change: (inout TumourAssessmentForm) -> Void = { _ in }, casebook: Casebook = casebook,
                                        id: String? = "A2") -> FormCheckResult {
        var form = secondAssessment
        change(&form)
        return form.check(in: context(casebook), recordId: id)
    }

    static func context(_ casebook: Casebook = casebook, today: CalendarDate = today) -> CaseReportContext {
        CaseReportContext(study: study, casebook: casebook, today: today)
    }

    static func fatalEvent(grade: Int = 5) -> AdverseEventRecord {
        AdverseEventRecord(term: "Pneumothorax", grade: grade, onsetDate: day(8), resolutionDate: grade == 5 ? day(9) : nil,
                           outcome: grade == 5 ? .fatal : .notRecovered, procedureAttribution: .definite,
                           systemicTherapyAttribution: .unrelated,
                           seriousnessCriteria: grade == 5 ? [.death] : [], siteAwareAt: grade == 5 ? day(8).startOfDayUTC : nil)
    }
}

extension FormCheckResult {
    var errorFields: [String] { errors.map(\.field) }
    var queryFields: [String] { softFindings.map(\.field) }
}
