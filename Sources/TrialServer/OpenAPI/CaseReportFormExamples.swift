import Foundation
import TrialCore

/// One valid entry of each form kind, as a client sends it. The API's document derives each form's schema
/// by decoding its example through the form's own type, so the schema lists exactly the keys, types and
/// words that type reads (a test decodes and checks every example, so none can go stale).
enum CaseReportFormExamples {
    static func json(_ kind: CaseReportForm) -> String {
        switch kind {
        case .baseline:
            return #"{"assessmentDate":"2026-01-05","ageYears":61,"sex":"female","primaryTumourSite":"lung","histology":"adenocarcinoma","priorLinesOfTherapy":1,"ecog":1,"imagingModality":"petCt","sliceThicknessMm":5,"petReference":{"liverMean":1.9,"liverSD":0.2,"bloodPoolMean":1.6,"bloodPoolSD":0.2},"labs":[{"test":"platelets","value":180,"unit":"10^9/L"},{"test":"inr","value":1.0,"unit":"ratio"}],"lesions":[{"id":"L1","organ":"lung","location":"right upper lobe","sizeMm":30,"measurable":true,"nodal":false,"role":"target","plannedForImplantation":true,"sulPeak":6.1},{"id":"L2","organ":"bone","location":"T10 vertebra","sizeMm":12,"measurable":false,"nodal":false,"role":"nonTarget","plannedForImplantation":false}]}"#
        case .implantation:
            return #"{"date":"2026-01-20","guidance":"ct","anaesthesia":"local","operatorName":"Dr Zhang","activityPerSeed":{"value":0.7,"unit":"mCi"},"complicationAdverseEventIds":[],"lesions":[{"lesionId":"L1","seeds":30,"prescribedDoseGy":140,"d90Gy":142,"v100Percent":92}]}"#
        case .systemicTherapy:
            return #"{"lineNumber":1,"regimen":"carboplatin + pemetrexed","agents":["carboplatin","pemetrexed"],"therapyClass":"chemotherapy","startDate":"2026-01-10","stopDate":"2026-04-10","stopReason":"completed","startReason":"other"}"#
        case .tumourAssessment:
            return #"{"date":"2026-03-02","modality":"petCt","targets":[{"id":"L1","mm":24}],"nonTargets":[{"id":"L2","status":"present"}],"newLesions":[{"site":"liver","finding":"equivocal"}],"treatedLesions":[{"lesionId":"L1","status":"controlled","mm":24,"sulPeak":3.1,"reason":"smaller"}],"percist":{"date":"2026-03-02","liverMean":2.0,"liverSD":0.2,"bloodPoolMean":1.7,"bloodPoolSD":0.2,"lesions":[{"id":"L1","sulPeak":3.1}],"completeResolution":false,"newLesions":false,"nonTargetProgression":false},"investigatorRecist":"PR","investigatorPercist":"PMR"}"#
        case .adverseEvents:
            return #"{"term":"Pneumothorax","grade":2,"onsetDate":"2026-01-21","resolutionDate":"2026-01-28","outcome":"recovered","procedureAttribution":"definite","systemicTherapyAttribution":"unrelated","seriousnessCriteria":["hospitalization"],"siteAwareAt":"2026-01-21T09:30:00Z","actionTaken":"doseNotChanged","specify":"after implantation"}"#
        case .followUp:
            return #"{"date":"2026-05-01","status":"alive","lastKnownAliveDate":"2026-05-01"}"#
        case .death:
            return #"{"date":"2026-09-01","cause":"progression","details":"respiratory failure","adverseEventId":"ae-1"}"#
        case .endOfStudy:
            return #"{"date":"2026-09-01","reason":"death","details":"died of progression"}"#
        case .deviation:
            return #"{"date":"2026-02-01","category":"visitSchedule","severity":"minor","description":"week 8 scan done on day 70"}"#
        case .qlqC30:
            let answers = (1...30).map { "\"q\($0)\":\($0 <= 28 ? 2 : 5)" }.joined(separator: ",")
            return #"{"date":"2026-03-02","timepoint":"QOL2","completedBy":"participant","answers":{"# + answers + "}}"
        }
    }

    /// The type that reads a form of `kind` (what `CaseReportEntry.decode` decodes it as).
    static func type(of kind: CaseReportForm) -> any Decodable.Type {
        switch kind {
        case .baseline: return BaselineForm.self
        case .implantation: return ImplantationProcedureForm.self
        case .systemicTherapy: return SystemicTherapyLineForm.self
        case .tumourAssessment: return TumourAssessmentForm.self
        case .adverseEvents: return AdverseEventRecord.self
        case .followUp: return FollowUpForm.self
        case .death: return DeathForm.self
        case .endOfStudy: return EndOfStudyForm.self
        case .deviation: return ProtocolDeviationForm.self
        case .qlqC30: return QualityOfLifeQuestionnaire.self
        }
    }
}
