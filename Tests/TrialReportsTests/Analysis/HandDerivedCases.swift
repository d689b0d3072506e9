import Foundation
import TrialCore
import TrialTestFixtures
import TrialReports

/// Two participants small enough to derive every dataset row by hand.
///
/// A (960-0001, I125, randomized 2026-01-05): CT baseline with targets L1 30 mm and L2 20 mm, implantation of L1
/// and L2 on day 7, first line from day 3; day 56 SD (L1 24, L2 16); day 112 PD (unequivocal new lesion) with
/// in-field progression of L1 (35 mm); second line for progression on day 120; death on day 200. Pneumothorax grade 3,
/// serious, procedure-related, on day 8.
/// B (960-0002, SYS, randomized 2026-01-12): the same baseline, first line from day 3; day 56 and day 112 SD; follow-up
/// alive on day 182; neutrophil count decreased grade 2 two days before randomization (not treatment-emergent) and
/// grade 3 on day 30 (therapy-related); QLQ-C30 at baseline (all items 2, global 5) and month 6 (all items 1, global 7).
enum HandDerivedCases {
    static let study = StudyFixture.study
    static func date(_ text: String) -> CalendarDate { CalendarDate(iso8601: text)! }

    static func baseline(_ randomized: CalendarDate) -> BaselineForm {
        BaselineForm(
            assessmentDate: randomized.adding(days: -7), ageYears: 66, sex: .female, primaryTumourSite: "lung", histology: "adenocarcinoma",
            priorLinesOfTherapy: 1, ecog: 1, labs: [], imagingModality: .ct,
            lesions: [
                BaselineLesion(id: "L1", organ: "liver", location: "segment VII", sizeMm: 30, measurable: true, role: .target, plannedForImplantation: true),
                BaselineLesion(id: "L2", organ: "lung", location: "right lower lobe", sizeMm: 20, measurable: true, role: .target, plannedForImplantation: true),
            ] + (1...4).map { BaselineLesion(id: "N\($0)", organ: "bone", location: "vertebra \($0)", sizeMm: 8, measurable: false, role: .nonTarget) })
    }

    static func assessment(_ day: CalendarDate, l1: Decimal, l2: Decimal, progression: Bool = false,
                           treated: [TreatedLesionReading] = []) -> TumourAssessmentForm {
        TumourAssessmentForm(
            date: day, modality: .ct, targets: [.init(id: "L1", mm: l1), .init(id: "L2", mm: l2)],
            nonTargets: (1...4).map { .init(id: "N\($0)", status: .present) },
            newLesions: progression ? [NewLesionEntry(site: "liver", finding: .unequivocal)] : [], treatedLesions: treated)
    }

    static func line(_ number: Int, start: CalendarDate, stop: CalendarDate? = nil, reason: EndpointTherapyStart.Reason) -> SystemicTherapyLineForm {
        SystemicTherapyLineForm(lineNumber: number, regimen: "regimen \(number)", agents: ["agent"], therapyClass: .chemotherapy,
                                startDate: start, stopDate: stop, stopReason: stop == nil ? nil : .progression, startReason: reason)
    }

    static func answers(items: Int, global: Int) -> QlqC30Answers {
        try! QlqC30Answers(answers: Dictionary(uniqueKeysWithValues: (1...30).map { ($0, $0 >= 29 ? global : items) }))
    }

    static var participantA: AnalysisParticipant {
        let randomized = date("2026-01-05")
        func day(_ n: Int) -> CalendarDate { randomized.adding(days: n) }
        let casebook = Casebook(
            participantId: "960-0001", armCode: "I125", randomizationDate: randomized,
            baseline: RecordedForm(id: "BL", form: baseline(randomized)),
            implantations: [RecordedForm(id: "IMP", form: ImplantationProcedureForm(
                date: day(7), lesions: [ImplantedLesion(lesionId: "L1", seeds: 20, prescribedDoseGy: 120),
                                        ImplantedLesion(lesionId: "L2", seeds: 12, prescribedDoseGy: 120)],
                guidance: .ct, activityPerSeed: SeedActivity(Decimal(string: "0.6")!, .mCi), anaesthesia: .local, operatorName: "IR"))],
            therapyLines: [RecordedForm(id: "T1", form: line(1, start: day(3), stop: day(119), reason: .other)),
                           RecordedForm(id: "T2", form: line(2, start: day(120), reason: .progression))],
            assessments: [
                RecordedForm(id: "A1", form: assessment(day(56), l1: 24, l2: 16, treated: [
                    TreatedLesionReading(lesionId: "L1", status: .controlled, mm: 24), TreatedLesionReading(lesionId: "L2", status: .controlled, mm: 16)])),
                RecordedForm(id: "A2", form: assessment(day(112), l1: 35, l2: 16, progression: true, treated: [
                    TreatedLesionReading(lesionId: "L1", status: .progression, mm: 35, reason: "growth"),
                    TreatedLesionReading(lesionId: "L2", status: .controlled, mm: 16)])),
            ],
            adverseEvents: [RecordedForm(id: "AE1", form: AdverseEventRecord(
                term: "Pneumothorax", grade: 3, onsetDate: day(8), resolutionDate: day(15), outcome: .recovered,
                procedureAttribution: .definite, systemicTherapyAttribution: .unrelated, seriousnessCriteria: [.hospitalization],
                siteAwareAt: day(8).startOfDayUTC))],
            death: RecordedForm(id: "D", form: DeathForm(date: day(200), cause: .progression)),
            endOfStudy: RecordedForm(id: "EOS", form: EndOfStudyForm(date: day(200), reason: .death)))
        return AnalysisParticipant(studyId: "960-0001", siteCode: "960", armCode: "I125", randomizationDate: randomized,
                                   stratificationValues: ["metastaticLesionCount": .number(6)], stratum: "lesionCount=6-7", casebook: casebook)
    }

    static var participantB: AnalysisParticipant {
        let randomized = date("2026-01-12")
        func day(_ n: Int) -> CalendarDate { randomized.adding(days: n) }
        let casebook = Casebook(
            participantId: "960-0002", armCode: "SYS", randomizationDate: randomized,
            baseline: RecordedForm(id: "BL", form: baseline(randomized)),
            therapyLines: [RecordedForm(id: "T1", form: line(1, start: day(3), reason: .other))],
            assessments: [RecordedForm(id: "A1", form: assessment(day(56), l1: 27, l2: 18)),
                          RecordedForm(id: "A2", form: assessment(day(112), l1: 27, l2: 18))],
            adverseEvents: [
                RecordedForm(id: "AE1", form: AdverseEventRecord(
                    term: "Neutrophil count decreased", grade: 2, onsetDate: day(-2), resolutionDate: day(-1), outcome: .recovered)),
                RecordedForm(id: "AE2", form: AdverseEventRecord(
                    term: "Neutrophil count decreased", grade: 3, onsetDate: day(30), resolutionDate: day(37), outcome: .recovered,
                    systemicTherapyAttribution: .probable, actionTaken: .doseReduced)),
            ],
            qualityOfLife: [
                RecordedForm(id: "Q0", form: QualityOfLifeQuestionnaire(date: day(-7), timepoint: "BL", completedBy: .participant, answers: answers(items: 2, global: 5))),
                RecordedForm(id: "Q6", form: QualityOfLifeQuestionnaire(date: day(182), timepoint: "QOL6", completedBy: .participant, answers: answers(items: 1, global: 7))),
            ],
            followUps: [RecordedForm(id: "F1", form: FollowUpForm(date: day(182), status: .alive, lastKnownAliveDate: day(182)))])
        return AnalysisParticipant(studyId: "960-0002", siteCode: "960", armCode: "SYS", randomizationDate: randomized,
                                   stratificationValues: ["metastaticLesionCount": .number(8)], stratum: "lesionCount=8-10", casebook: casebook)
    }

    static func input(cutoff: CalendarDate = date("2026-12-31")) -> TrialAnalysisInput {
        TrialAnalysisInput(study: study, dataCutoff: cutoff, language: .english, screeningLog: [], participants: [participantA, participantB])
    }
}
