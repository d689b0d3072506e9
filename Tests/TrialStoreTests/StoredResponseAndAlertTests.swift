import FluentKit
import Foundation
import Testing
import TrialCore
import TrialStudyFile
@testable import TrialStore

private let coordinator = AuditActor(username: "coordinator", role: .coordinator, site: "960")
private let monitor = AuditActor(username: "monitor", role: .monitor, site: nil)

/// A control-arm participant randomized 150 days ago (the clock of the enrolling store is set back), so
/// that imaging visits on days 56 and 112 lie in the past.
private func withControlParticipant(_ body: (StoreTestDatabase, CaseReportService, String, CalendarDate) async throws -> Void) async throws {
    try await withStoreDatabase { db in
        let installed = try await StudyRepository(store: db.store).installIfNeeded(yaml: StudyDefinitionFile.defaultYAML, source: "default")
        let past = TrialStore(database: db.database, now: { Date().addingTimeInterval(-150 * 86_400) })
        let enrollment = EnrollmentService(store: past, study: installed.definition)
        try await enrollment.activateRandomizationIfNeeded(seed: try RandomizationSeed(hex: String(repeating: "5a", count: 32)))
        var control: (String, CalendarDate)?
        while control == nil {
            let screening = try await enrollment.screen(eligibleSubmission(installed.definition, date: enrollment.today), by: coordinator)
            let id = try screening.requireID()
            _ = try await enrollment.recordConsent(screeningID: id, ConsentRecord(date: enrollment.today, formVersion: "2.1", obtainedBy: "Dr Wang"),
                                                   reason: nil, by: coordinator)
            let participant = try await enrollment.enroll(screeningID: id, by: coordinator)
            let allocation = try await enrollment.randomize(participantID: participant.participantID, by: coordinator)
            if allocation.arm == "SYS" { control = (participant.participantID, enrollment.today) }
        }
        let service = CaseReportService(store: db.store, study: installed.definition, dictionary: try CtcaeDictionary.bundled())
        try await body(db, service, control!.0, control!.1)
    }
}

private func baseline(_ randomized: CalendarDate) -> BaselineForm {
    BaselineForm(
        assessmentDate: randomized.adding(days: -3), ageYears: 58, sex: .female, primaryTumourSite: "breast", histology: "ductal carcinoma",
        priorLinesOfTherapy: 1, ecog: 0,
        labs: [LabResult(test: .platelets, value: 210, unit: .perNanolitre), LabResult(test: .inr, value: 1, unit: .ratio)],
        imagingModality: .ct,
        lesions: [
            BaselineLesion(id: "L1", organ: "liver", location: "segment VI", sizeMm: 30, measurable: true, role: .target),
            BaselineLesion(id: "L2", organ: "lung", location: "left upper lobe", sizeMm: 15, measurable: true, role: .target),
            BaselineLesion(id: "B1", organ: "bone", location: "L2", sizeMm: 8, measurable: false, role: .nonTarget),
        ])
}

private func assessment(_ date: CalendarDate, _ l1: Decimal, _ l2: Decimal) -> TumourAssessmentForm {
    TumourAssessmentForm(date: date, modality: .ct, targets: [.init(id: "L1", mm: l1), .init(id: "L2", mm: l2)],
                         nonTargets: [.init(id: "B1", status: .present)])
}

private func storedOverall(_ db: StoreTestDatabase, _ id: UUID) async throws -> RecistResponse? {
    try await CaseReportFormRecord.find(id, on: db.database)?.computedResponse?.recist?.overall
}

@Suite struct StoredResponseTests {
    @Test func each_assessment_stores_its_computed_response_and_a_correction_of_an_earlier_one_recomputes_the_later() async throws {
        try await withControlParticipant { db, service, participant, randomized in
            _ = try await service.save(.baseline(baseline(randomized)), participantID: participant, by: coordinator)
            // Baseline sum 45 mm. Day 56: 30 mm (-33%, PR). Day 112: 34 mm, +13% over the nadir, short of progression,
            // so the partial response continues.
            let first = try await service.save(.tumourAssessment(assessment(randomized.adding(days: 56), 20, 10)), participantID: participant, by: coordinator)
            let second = try await service.save(.tumourAssessment(assessment(randomized.adding(days: 112), 22, 12)), participantID: participant, by: coordinator)
            #expect(try await storedOverall(db, first.id) == .partialResponse)
            #expect(try await storedOverall(db, second.id) == .partialResponse)

            // The day-56 reading is corrected to 23 mm: the day-112 sum is now +48% and +11 mm over that nadir,
            // which RECIST 1.1 calls progression (+20% and +5 mm).
            _ = try await service.correct(formID: first.id, participantID: participant, .tumourAssessment(assessment(randomized.adding(days: 56), 15, 8)),
                                          reason: "transcription error in the target measurements", expectedVersion: first.version, by: coordinator)
            #expect(try await storedOverall(db, first.id) == .partialResponse)
            #expect(try await storedOverall(db, second.id) == .progressiveDisease)
            let recomputed = try await AuditEventRecord.query(on: db.database).filter(\.$action == "recompute-response").all()
            #expect(recomputed.count == 1)
            #expect(recomputed.first?.entityID == second.id.uuidString.lowercased())
            #expect(recomputed.first?.reason?.contains(first.id.uuidString.lowercased()) == true)
            #expect(try await AuditVerifier(database: db.database).verify().isIntact)
        }
    }

    @Test func a_baseline_correction_recomputes_every_assessment() async throws {
        try await withControlParticipant { db, service, participant, randomized in
            let saved = try await service.save(.baseline(baseline(randomized)), participantID: participant, by: coordinator)
            let only = try await service.save(.tumourAssessment(assessment(randomized.adding(days: 56), 28, 14)), participantID: participant, by: coordinator)
            #expect(try await storedOverall(db, only.id) == .stableDisease)
            var larger = baseline(randomized)
            larger.lesions[0].sizeMm = 50
            _ = try await service.correct(formID: saved.id, participantID: participant, .baseline(larger), reason: "baseline L1 re-measured",
                                          expectedVersion: try await db.store.version(of: try #require(try await CaseReportFormRecord.find(saved.id, on: db.database))),
                                          by: coordinator)
            // Baseline 65 mm, day 56 42 mm: -35%, PR.
            #expect(try await storedOverall(db, only.id) == .partialResponse)
        }
    }
}

@Suite struct SeriousEventAlertServiceTests {
    @Test func a_serious_event_is_listed_until_acknowledged_once_by_an_allowed_role() async throws {
        try await withControlParticipant { db, service, participant, randomized in
            let aware = Date().addingTimeInterval(-3600)
            let serious = AdverseEventRecord(term: "Febrile neutropenia", grade: 3, onsetDate: CalendarDate(localDayOf: aware, in: service.timeZone),
                                             outcome: .recovering, systemicTherapyAttribution: .probable,
                                             seriousnessCriteria: [.hospitalization], siteAwareAt: aware)
            let mild = AdverseEventRecord(term: "Fatigue", grade: 1, onsetDate: randomized.adding(days: 20), resolutionDate: randomized.adding(days: 30), outcome: .recovered,
                                          systemicTherapyAttribution: .possible)
            let line = SystemicTherapyLineForm(lineNumber: 1, regimen: "docetaxel", agents: ["docetaxel"], therapyClass: .chemotherapy,
                                               startDate: randomized.adding(days: 2), startReason: .other)
            _ = try await service.save(.systemicTherapy(line), participantID: participant, by: coordinator)
            let saved = try await service.save(.adverseEvent(serious), participantID: participant, by: coordinator)
            _ = try await service.save(.adverseEvent(mild), participantID: participant, by: coordinator)
            let alerts = SeriousEventAlertService(store: db.store)
            let open = try await alerts.alerts(scope: .allSites)
            #expect(open.map(\.formId) == [saved.id.uuidString.lowercased()])
            #expect(open.first?.status == .awaitingAcknowledgement)
            #expect(try await alerts.alerts(scope: .site("999")).isEmpty)

            await #expect(throws: ValidationFailure.self) {
                _ = try await alerts.acknowledge(formID: saved.id, scope: .allSites, role: .coordinator, by: coordinator)
            }
            let acknowledged = try await alerts.acknowledge(formID: saved.id, scope: .allSites, role: .monitor, by: monitor)
            #expect(acknowledged.status == .acknowledgedOnTime)
            #expect(acknowledged.acknowledgedBy == "monitor")
            #expect(try await alerts.alerts(scope: .allSites).isEmpty)
            #expect(try await alerts.alerts(scope: .allSites, includeAcknowledged: true).count == 1)
            await #expect(throws: StoreError.self) {
                _ = try await alerts.acknowledge(formID: saved.id, scope: .allSites, role: .monitor, by: monitor)
            }
            #expect(try await AuditEventRecord.query(on: db.database).filter(\.$action == "acknowledge-serious-event").count() == 1)
            #expect(try await AuditVerifier(database: db.database).verify().isIntact)
        }
    }
}
