import FluentKit
import Foundation
import TrialCore
import TrialReports
import TrialStore

/// Reads what the analysis needs from the store (the study, the screening log, every randomized participant's
/// allocation, stratum and casebook) into `TrialAnalysisInput`, which TrialReports turns into datasets,
/// numbers and the report. `trialdesk analyze` and the statistician's report page both read it here.
public enum StoredTrialAnalysis {
    public static func input(database: any Database, cutoff: CalendarDate, language: ReportLanguage) async throws -> TrialAnalysisInput {
        let store = TrialStore(database: database)
        guard let installed = try await StudyRepository(store: store).current() else {
            throw ValidationFailure(field: "db", message: "no study is installed in this database: start the server once or run trialdesk demo")
        }
        let study = installed.definition
        let decoder = JSONDecoder()
        let screenings = try await ScreeningRecord.query(on: database).sort(\.$screeningDate).sort(\.$screeningNumber).all()
        var valuesByScreening: [UUID: [String: ScreeningValue]] = [:]
        var log: [ScreeningLogEntry] = []
        for screening in screenings {
            guard let date = CalendarDate(iso8601: screening.screeningDate), date <= cutoff else { continue }
            // Unreadable stored data stops the analysis with the entry named: dropping it would change the
            // CONSORT counts and the baseline table without a word.
            let failed: [FieldError]
            do {
                failed = try decoder.decode([FieldError].self, from: Data(screening.failedCriteriaJSON.utf8))
                if let id = screening.id {
                    valuesByScreening[id] = try decoder.decode([String: ScreeningValue].self, from: Data(screening.valuesJSON.utf8))
                }
            } catch {
                throw StoreError.conflict(RuleMessage("store.unreadableScreening", "screening {screening} holds data that cannot be read: nothing is computed from it, and nothing is left out silently (run trialdesk audit verify)",
                                                      ["screening": screening.screeningNumber]))
            }
            let consented = screening.consentDate.flatMap(CalendarDate.init(iso8601:)).map { $0 <= cutoff } ?? false
            log.append(ScreeningLogEntry(
                screeningNumber: screening.screeningNumber, date: date, siteCode: screening.siteCode,
                eligible: screening.verdict == EligibilityEvaluation.Verdict.eligible.rawValue, failedCriteria: failed.map(\.field),
                consented: consented, randomizedParticipantId: screening.participantID))
        }
        let service = CaseReportService(store: store, study: study, dictionary: try CtcaeDictionary.bundled())
        var participants: [AnalysisParticipant] = []
        let randomized = try await ParticipantRecord.query(on: database).filter(\.$arm != nil).sort(\.$participantID).all()
        let casebooks = try await service.casebooks(of: randomized, on: database)
        for record in randomized {
            guard let arm = record.arm, let randomized = record.randomizedOn.flatMap(CalendarDate.init(iso8601:)), randomized <= cutoff,
                  let casebook = casebooks[record.participantID] else { continue }
            participants.append(AnalysisParticipant(
                studyId: record.participantID, siteCode: record.siteCode, armCode: arm, randomizationDate: randomized,
                stratificationValues: valuesByScreening[record.screeningID] ?? [:], stratum: record.stratum ?? "", casebook: casebook))
        }
        let versions = try await StudyRepository(store: store).versions().filter { $0.effectiveOn <= cutoff }
            .map { ProtocolVersionNote(version: $0.version, effectiveOn: $0.effectiveOn, reason: $0.reason) }
        return TrialAnalysisInput(study: study, dataCutoff: cutoff, language: language, screeningLog: log, participants: participants,
                                  protocolVersions: versions)
    }
}
