import FluentKit
import FluentSQL
import Foundation
import Testing
import TrialCore
import TrialStudyFile
@testable import TrialStore

private let coordinator = AuditActor(username: "coordinator", role: .coordinator, site: "960")

/// A randomized participant of each arm, on a fresh database.
private func withRandomizedParticipants(_ body: (StoreTestDatabase, CaseReportService, [String: String]) async throws -> Void) async throws {
    try await withStoreDatabase { db in
        let installed = try await StudyRepository(store: db.store).installIfNeeded(yaml: StudyDefinitionFile.defaultYAML, source: "default")
        let enrollment = EnrollmentService(store: db.store, study: installed.definition)
        try await enrollment.activateRandomizationIfNeeded(seed: try RandomizationSeed(hex: String(repeating: "5a", count: 32)))
        var byArm: [String: String] = [:]
        while byArm.count < 2 {
            let screening = try await enrollment.screen(eligibleSubmission(installed.definition, date: enrollment.today), by: coordinator)
            let id = try screening.requireID()
            _ = try await enrollment.recordConsent(screeningID: id, ConsentRecord(date: enrollment.today, formVersion: "2.1", obtainedBy: "Dr Wang"),
                                                   reason: nil, by: coordinator)
            let participant = try await enrollment.enroll(screeningID: id, by: coordinator)
            let allocation = try await enrollment.randomize(participantID: participant.participantID, by: coordinator)
            byArm[allocation.arm] = byArm[allocation.arm] ?? participant.participantID
        }
        let service = CaseReportService(store: db.store, study: installed.definition, dictionary: try CtcaeDictionary.bundled())
        try await body(db, service, byArm)
    }
}

private func baseline(_ today: CalendarDate) -> BaselineForm {
    BaselineForm(
        assessmentDate: today.adding(days: -3), ageYears: 63, sex: .male, primaryTumourSite: "lung", histology: "adenocarcinoma",
        priorLinesOfTherapy: 1, ecog: 1,
        labs: [LabResult(test: .platelets, value: 180, unit: .perNanolitre), LabResult(test: .inr, value: Decimal(string: "1.1")!, unit: .ratio)],
        imagingModality: .ct,
        lesions: [
            BaselineLesion(id: "L1", organ: "liver", location: "segment VII", sizeMm: 30, measurable: true, role: .target, plannedForImplantation: true),
            BaselineLesion(id: "L2", organ: "lung", location: "right lower lobe", sizeMm: 15, measurable: true, role: .target),
            BaselineLesion(id: "B1", organ: "bone", location: "T10", sizeMm: 8, measurable: false, role: .nonTarget),
        ])
}

private func implantation(_ date: CalendarDate) -> ImplantationProcedureForm {
    ImplantationProcedureForm(
        date: date, lesions: [ImplantedLesion(lesionId: "L1", seeds: 24, prescribedDoseGy: 120)],
        guidance: .ct, activityPerSeed: SeedActivity(Decimal(string: "0.6")!, .mCi), anaesthesia: .local, operatorName: "Interventional radiologist")
}

@Suite struct CaseReportServiceTests {
    @Test func a_valid_baseline_is_saved_audited_and_joins_the_casebook_once() async throws {
        try await withRandomizedParticipants { db, service, byArm in
            let id = try #require(byArm["I125"])
            let today = CalendarDate(localDayOf: Date(), in: service.timeZone)
            let outcome = try await service.save(.baseline(baseline(today)), participantID: id, by: coordinator)
            #expect(outcome.form == .baseline)
            let (_, casebook) = try await service.casebook(participantID: id)
            #expect(casebook.baseline?.form.lesions.count == 3)
            await #expect(throws: StoreError.self) {
                _ = try await service.save(.baseline(baseline(today)), participantID: id, by: coordinator)
            }
            let event = try #require(try await AuditEventRecord.query(on: db.database).filter(\.$action == "save-baseline").first())
            #expect(event.changes.contains { $0.field == "form.lesions" })
            #expect(try await AuditVerifier(database: db.database).verify().isIntact)
        }
    }

    @Test func implantation_is_refused_for_the_control_arm_and_saved_for_the_implant_arm() async throws {
        try await withRandomizedParticipants { db, service, byArm in
            let today = CalendarDate(localDayOf: Date(), in: service.timeZone)
            for (arm, id) in byArm {
                _ = try await service.save(.baseline(baseline(today)), participantID: id, by: coordinator)
                if arm == "SYS" {
                    do {
                        _ = try await service.save(.implantation(implantation(today)), participantID: id, by: coordinator)
                        Issue.record("an implantation was saved for the control arm")
                    } catch let failure as ValidationFailure {
                        #expect(!failure.errors.isEmpty)
                    }
                } else {
                    let outcome = try await service.save(.implantation(implantation(today)), participantID: id, by: coordinator)
                    #expect(outcome.form == .implantation)
                }
            }
            let saved = try await CaseReportFormRecord.query(on: db.database).filter(\.$form == "implantation").all()
            #expect(saved.map(\.participantID) == [byArm["I125"]])
        }
    }

    @Test func a_correction_needs_a_reason_and_the_current_version() async throws {
        try await withRandomizedParticipants { db, service, byArm in
            let id = try #require(byArm["I125"])
            let today = CalendarDate(localDayOf: Date(), in: service.timeZone)
            let first = try await service.save(.baseline(baseline(today)), participantID: id, by: coordinator)
            var corrected = baseline(today)
            corrected.ecog = 2
            await #expect(throws: StoreError.self) {
                _ = try await service.correct(formID: first.id, participantID: id, .baseline(corrected), reason: nil,
                                              expectedVersion: first.version, by: coordinator)
            }
            let second = try await service.correct(formID: first.id, participantID: id, .baseline(corrected), reason: "ECOG re-assessed",
                                                   expectedVersion: first.version, by: coordinator)
            #expect(second.version > first.version)
            corrected.ecog = 0
            do {
                _ = try await service.correct(formID: first.id, participantID: id, .baseline(corrected), reason: "stale copy",
                                              expectedVersion: first.version, by: coordinator)
                Issue.record("a stale correction was saved")
            } catch StoreError.conflict(let rule) {
                #expect(rule.code == "store.staleVersion")
                #expect(rule.text.contains("reload"))
            }
            let (_, casebook) = try await service.casebook(participantID: id)
            #expect(casebook.baseline?.form.ecog == 2)
            #expect(try await AuditVerifier(database: db.database).verify().isIntact)
        }
    }
}

@Suite struct AutomaticQueryTests {
    @Test func a_soft_rule_saves_the_form_and_opens_a_query_in_the_same_write() async throws {
        try await withRandomizedParticipants { db, service, byArm in
            let id = try #require(byArm["I125"])
            let today = CalendarDate(localDayOf: Date(), in: service.timeZone)
            _ = try await service.save(.baseline(baseline(today)), participantID: id, by: coordinator)
            var unusual = implantation(today)
            unusual.lesions[0].prescribedDoseGy = 200
            let outcome = try await service.save(.implantation(unusual), participantID: id, by: coordinator)
            #expect(!outcome.softFindings.isEmpty)
            let queries = try await DataQueryRecord.query(on: db.database).filter(\.$participantID == id).all()
            #expect(queries.count == outcome.softFindings.count + outcome.newFindings.count)
            #expect(queries.allSatisfy { $0.status == "open" && $0.formID != nil })
            #expect(queries.contains { $0.origin == "form-rule" })
            #expect(try await AuditVerifier(database: db.database).verify().isIntact)
        }
    }
}

@Suite struct RecordControlServiceTests {
    @Test func a_locked_form_refuses_changes_until_unlocked_with_a_reason_and_a_change_voids_the_signature() async throws {
        try await withRandomizedParticipants { db, service, byArm in
            let id = try #require(byArm["I125"])
            let controls = RecordControlService(store: db.store)
            let today = CalendarDate(localDayOf: Date(), in: service.timeZone)
            let saved = try await service.save(.baseline(baseline(today)), participantID: id, by: coordinator)
            let monitor = AuditActor(username: "monitor", role: .monitor, site: "960")
            let dataManager = AuditActor(username: "dm", role: .dataManager, site: nil)
            let investigator = AuditActor(username: "pi", role: .investigator, site: "960")

            try await controls.control(.verify, formID: saved.id, participantID: id, reason: nil, role: .monitor, by: monitor)
            await #expect(throws: ValidationFailure.self) {
                try await controls.control(.lock, formID: saved.id, participantID: id, reason: nil, role: .monitor, by: monitor)
            }
            try await controls.control(.lock, formID: saved.id, participantID: id, reason: nil, role: .dataManager, by: dataManager)
            try await controls.sign(participantID: id, role: .investigator, by: investigator)

            var corrected = baseline(today)
            corrected.ecog = 2
            let version = try await db.store.version(of: try #require(try await CaseReportFormRecord.find(saved.id, on: db.database)))
            await #expect(throws: StoreError.self) {
                _ = try await service.correct(formID: saved.id, participantID: id, .baseline(corrected), reason: "ECOG", expectedVersion: version, by: coordinator)
            }
            await #expect(throws: ValidationFailure.self) {
                try await controls.control(.unlock, formID: saved.id, participantID: id, reason: " ", role: .dataManager, by: dataManager)
            }
            try await controls.control(.unlock, formID: saved.id, participantID: id, reason: "site corrects ECOG after query", role: .dataManager, by: dataManager)
            let current = try await db.store.version(of: try #require(try await CaseReportFormRecord.find(saved.id, on: db.database)))
            _ = try await service.correct(formID: saved.id, participantID: id, .baseline(corrected), reason: "ECOG re-assessed",
                                          expectedVersion: current, by: coordinator)

            let participant = try #require(try await ParticipantRecord.query(on: db.database).filter(\.$participantID == id).first())
            #expect(participant.signedBy == nil, "a change to signed data voids the signature")
            let void = try #require(try await AuditEventRecord.query(on: db.database).filter(\.$action == "void-signature").first())
            #expect(void.reason?.contains("pi") == true)
            let form = try #require(try await CaseReportFormRecord.find(saved.id, on: db.database))
            #expect(form.verifiedBy == nil, "changed data are no longer source-verified")
            #expect(try await AuditVerifier(database: db.database).verify().isIntact)
        }
    }

    /// A save or correction leaves the participant and casebook for the next write at the head it leaves; what it
    /// leaves must be what reading them back gives, and it leaves nothing when it cannot know that.
    @Test func the_casebook_a_save_or_correction_leaves_is_the_one_reading_it_back_gives() async throws {
        try await withRandomizedParticipants { db, service, byArm in
            let id = try #require(byArm["I125"])
            let today = service.today
            func followUp() -> CaseReportEntry { .followUp(FollowUpForm(date: today, status: .alive, lastKnownAliveDate: today)) }
            // What the last write left at the head, checked against a fresh read.
            func left() async throws -> KeptCasebook? {
                let kept = KeptCasebooks.casebook(of: id, atHead: try await db.store.chainHead().hash)
                if let kept {
                    let (participant, casebook) = try await service.casebook(participantID: id)
                    #expect(kept.casebook == casebook)
                    let copy = kept.participantForWrite
                    #expect(copy.id == participant.id && copy.$id.exists)
                    #expect(copy.auditSnapshot == participant.auditSnapshot)
                    let records = try await CaseReportFormRecord.read(participantID: id, on: db.database)
                    #expect(kept.latestCreatedAt == records.map(\.createdAt).max())
                }
                return kept
            }
            let saved = try await service.save(.baseline(baseline(today)), participantID: id, by: coordinator)
            #expect(try await left() != nil)
            // Another participant's save carries this participant's casebook to the head it leaves.
            let other = try #require(byArm["SYS"])
            _ = try await service.save(.baseline(baseline(today)), participantID: other, by: coordinator)
            #expect(try await left()?.casebook.baseline != nil)
            _ = try await service.save(.implantation(implantation(today)), participantID: id, by: coordinator)
            #expect(try await left()?.casebook.implantations.count == 1)
            _ = try await service.save(followUp(), participantID: id, by: coordinator)
            #expect(try await left()?.casebook.followUps.count == 1)

            var corrected = baseline(today)
            corrected.ecog = 2
            let version = try await db.store.version(of: try #require(try await CaseReportFormRecord.find(saved.id, on: db.database)))
            _ = try await service.correct(formID: saved.id, participantID: id, .baseline(corrected), reason: "ECOG re-assessed",
                                          expectedVersion: version, by: coordinator)
            #expect(try await left()?.casebook.baseline?.form.ecog == 2)

            // Signing changes the participant record (not through a save): the casebook is no longer kept. A save
            // that voids the signature changes the record too, and leaves nothing either.
            let investigator = AuditActor(username: "pi", role: .investigator, site: "960")
            try await RecordControlService(store: db.store).sign(participantID: id, role: .investigator, by: investigator)
            #expect(try await left() == nil)
            _ = try await service.save(followUp(), participantID: id, by: coordinator)
            #expect(try await left() == nil)

            // Forms created at the same instant sort as the database chooses, and so do forms created before the
            // latest (a clock set back): neither save leaves the casebook.
            let instant = Date()
            let dictionary = try CtcaeDictionary.bundled()
            let frozen = CaseReportService(store: TrialStore(database: db.database, now: { instant }), study: service.study, dictionary: dictionary)
            _ = try await frozen.save(followUp(), participantID: id, by: coordinator)
            #expect(try await left() != nil)
            _ = try await frozen.save(followUp(), participantID: id, by: coordinator)
            #expect(try await left() == nil)
            // Two seconds back, not an hour: an hour back from just after midnight is yesterday, and today's
            // follow-up would be refused as dated in the future.
            let setBack = CaseReportService(store: TrialStore(database: db.database, now: { instant.addingTimeInterval(-2) }),
                                            study: service.study, dictionary: dictionary)
            _ = try await setBack.save(followUp(), participantID: id, by: coordinator)
            #expect(try await left() == nil)
            let later = CaseReportService(store: TrialStore(database: db.database, now: { instant.addingTimeInterval(60) }),
                                          study: service.study, dictionary: dictionary)
            _ = try await later.save(followUp(), participantID: id, by: coordinator)
            #expect(try await left()?.casebook.followUps.count == 6)
            #expect(try await AuditVerifier(database: db.database).verify().isIntact)
        }
    }

    /// A kept casebook is taken only where this process carried it. The participant's arm is changed behind the
    /// chain's back (no audit event, so the head stays): a save after another participant's save still sees the arm
    /// the last save left; once a write this process did not carry the casebooks through (as another process's
    /// write) has moved the head, the next save reads the changed arm.
    @Test func a_save_takes_the_casebook_only_along_the_chain_this_process_carried_it() async throws {
        try await withRandomizedParticipants { db, service, byArm in
            let id = try #require(byArm["I125"])
            let other = try #require(byArm["SYS"])
            let today = CalendarDate(localDayOf: Date(), in: service.timeZone)
            _ = try await service.save(.baseline(baseline(today)), participantID: id, by: coordinator)
            let sql = try #require(db.database as? any SQLDatabase)
            try await sql.update(ParticipantRecord.schema).set("arm", to: SQLBind("SYS")).where("participant_id", .equal, SQLBind(id)).run()

            _ = try await service.save(.baseline(baseline(today)), participantID: other, by: coordinator)
            _ = try await service.save(.implantation(implantation(today)), participantID: id, by: coordinator)
            try await KeptCasebooks.$areKept.withValue(false) {
                _ = try await service.save(.followUp(FollowUpForm(date: today, status: .alive, lastKnownAliveDate: today)),
                                           participantID: other, by: coordinator)
            }
            do {
                _ = try await service.save(.implantation(implantation(today.adding(days: -1))), participantID: id, by: coordinator)
                Issue.record("a save at a head new to the kept casebooks did not read the participant's changed arm")
            } catch let failure as ValidationFailure {
                #expect(!failure.errors.isEmpty)
            }
        }
    }
}
