import FluentKit
import Foundation
import Testing
import TrialCore
import TrialStudyFile
@testable import TrialStore

private let coordinator = AuditActor(username: "coordinator", role: .coordinator, site: "960")

/// A study with the default definition installed and randomization activated from a fixed seed.
private func withEnrollment(_ body: (StoreTestDatabase, EnrollmentService) async throws -> Void) async throws {
    try await withStoreDatabase { db in
        let installed = try await StudyRepository(store: db.store).installIfNeeded(yaml: StudyDefinitionFile.defaultYAML, source: "default")
        let service = EnrollmentService(store: db.store, study: installed.definition, timeZone: TimeZone(identifier: "Asia/Shanghai")!)
        try await service.activateRandomizationIfNeeded(seed: try RandomizationSeed(hex: String(repeating: "ab", count: 32)))
        try await body(db, service)
    }
}

/// An eligible patient with `lesions` metastatic lesions, every criterion answered the qualifying way.
func eligibleSubmission(_ study: StudyDefinition, lesions: Int = 7, date: CalendarDate) -> ScreeningSubmission {
    let values: [String: ScreeningValue] = [
        "age": .number(61), "sex": .category("female"), "primaryTumour": .category("lung"),
        "metastaticLesionCount": .number(Double(lesions)), "ecog": .number(1), "plateletCount": .number(180), "inr": .number(1.0),
    ]
    return ScreeningSubmission(siteCode: "960", screeningDate: date, values: values, answers: study.qualifyingAnswers())
}

private func enrolledParticipant(_ service: EnrollmentService, lesions: Int = 7) async throws -> String {
    let screening = try await service.screen(eligibleSubmission(service.study, lesions: lesions, date: service.today), by: coordinator)
    _ = try await service.recordConsent(screeningID: try screening.requireID(),
                                        ConsentRecord(date: service.today, formVersion: "2.1", obtainedBy: "Dr Wang"),
                                        reason: nil, by: coordinator)
    return try await service.enroll(screeningID: try screening.requireID(), by: coordinator).participantID
}

@Suite struct EnrollmentTests {
    @Test func an_eligible_consented_patient_becomes_a_participant_and_is_randomized_once() async throws {
        try await withEnrollment { db, service in
            let id = try await enrolledParticipant(service)
            #expect(id == "960-0001")
            let first = try await service.randomize(participantID: id, by: coordinator)
            #expect(first.newlyAssigned)
            #expect(first.stratum == "lesionCount=6-7")
            let again = try await service.randomize(participantID: id, by: coordinator)
            #expect(!again.newlyAssigned)
            #expect(again.arm == first.arm)
            #expect(again.allocationNumber == first.allocationNumber)
            let used = try await AllocationSlotRecord.query(on: db.database).filter(\.$participantID != nil).all()
            #expect(used.count == 1)
            #expect(used.first?.slotNumber == 1)
            let event = try #require(try await AuditEventRecord.query(on: db.database).filter(\.$action == "allocate").first())
            let fields = Dictionary(uniqueKeysWithValues: event.changes.map { ($0.field, $0.new ?? "") })
            #expect(fields["slot"] == "1")
            #expect(fields["arm"] == first.arm)
            #expect(fields["stratum"] == "lesionCount=6-7")
            #expect(fields["listVersion"] == "1")
            #expect(try await AuditVerifier(database: db.database).verify().isIntact)
        }
    }

    @Test func a_screen_failure_keeps_its_reasons_and_cannot_be_enrolled() async throws {
        try await withEnrollment { _, service in
            var submission = eligibleSubmission(service.study, lesions: 11, date: service.today)
            submission.values["ecog"] = .number(3)
            let screening = try await service.screen(submission, by: coordinator)
            #expect(screening.verdict == "ineligible")
            #expect(screening.failedCriteriaJSON.contains("I03"))
            #expect(screening.failedCriteriaJSON.contains("I04"))
            _ = try await service.recordConsent(screeningID: try screening.requireID(),
                                                ConsentRecord(date: service.today, formVersion: "2.1", obtainedBy: "Dr Wang"), reason: nil, by: coordinator)
            do {
                _ = try await service.enroll(screeningID: try screening.requireID(), by: coordinator)
                Issue.record("an ineligible patient was enrolled")
            } catch let failure as ValidationFailure {
                #expect(failure.errors.contains { $0.field == "answers.I03" })
            }
        }
    }

    @Test func randomization_is_refused_with_reasons_when_consent_is_missing_or_eligibility_is_lost() async throws {
        try await withEnrollment { db, service in
            let screening = try await service.screen(eligibleSubmission(service.study, date: service.today), by: coordinator)
            await #expect(throws: ValidationFailure.self) {
                _ = try await service.enroll(screeningID: try screening.requireID(), by: coordinator)
            }
            let id = try await enrolledParticipant(service)
            let participant = try #require(try await ParticipantRecord.query(on: db.database).filter(\.$participantID == id).first())
            var corrected = eligibleSubmission(service.study, date: service.today)
            corrected.values["metastaticLesionCount"] = nil
            corrected.answers["I03"] = nil
            _ = try await service.correctScreening(id: participant.screeningID, corrected, reason: "lesion count re-read by radiology", by: coordinator)
            do {
                _ = try await service.randomize(participantID: id, by: coordinator)
                Issue.record("randomized without stratification data")
            } catch let failure as ValidationFailure {
                #expect(failure.errors.contains { $0.field == "values.metastaticLesionCount" })
            }
            #expect(try await AllocationSlotRecord.query(on: db.database).filter(\.$participantID != nil).count() == 0)
        }
    }

    @Test func screening_input_errors_name_the_field_and_rule() async throws {
        try await withEnrollment { _, service in
            var submission = eligibleSubmission(service.study, date: service.today.adding(days: 3))
            submission.siteCode = "999"
            submission.values["ecog"] = .number(9)
            submission.values["weight"] = .number(60)
            submission.answers["X99"] = .yes
            do {
                _ = try await service.screen(submission, by: coordinator)
                Issue.record("accepted")
            } catch let failure as ValidationFailure {
                let fields = Set(failure.errors.map(\.field))
                #expect(fields == ["siteCode", "screeningDate", "values.ecog", "values.weight", "answers.X99"])
            }
        }
    }

    /// 64 simultaneous randomizations in one stratum, over two independent connection pools (as two server
    /// processes would have): slots 1-64 each used once, in allocation order, and the chain stays linear.
    @Test func sixty_four_concurrent_randomizations_use_slots_one_to_sixty_four_once_each() async throws {
        try await withEnrollment { db, service in
            var ids: [String] = []
            for _ in 0..<64 { ids.append(try await enrolledParticipant(service, lesions: 8)) }
            let (secondPool, second) = try await db.openSecondPool()
            let services = [service, EnrollmentService(store: TrialStore(database: second), study: service.study)]
            let allocations: [EnrollmentService.Allocation]
            do {
                allocations = try await withThrowingTaskGroup(of: EnrollmentService.Allocation.self) { group in
                    for (index, id) in ids.enumerated() {
                        group.addTask { try await services[index % 2].randomize(participantID: id, by: coordinator) }
                    }
                    var all: [EnrollmentService.Allocation] = []
                    for try await allocation in group { all.append(allocation) }
                    return all
                }
            } catch {
                // The second pool must be shut down whatever happened, or its deinit traps.
                await secondPool.shutdownAsync()
                throw error
            }
            await secondPool.shutdownAsync()
            #expect(allocations.allSatisfy { $0.newlyAssigned })
            let slots = try await AllocationSlotRecord.query(on: db.database)
                .filter(\.$stratum == "lesionCount=8-10").filter(\.$participantID != nil).sort(\.$slotNumber).all()
            #expect(slots.map(\.slotNumber) == Array(1...64))
            #expect(Set(slots.compactMap(\.participantID)) == Set(ids))
            // Slots were taken in the order of allocation numbers: strictly in order, none skipped.
            let numberByParticipant = Dictionary(uniqueKeysWithValues: allocations.map { ($0.participantID, $0.allocationNumber) })
            let numbersInSlotOrder = slots.compactMap { $0.participantID.flatMap { numberByParticipant[$0] } }
            #expect(numbersInSlotOrder == numbersInSlotOrder.sorted())
            for slot in slots {
                #expect(allocations.first { $0.participantID == slot.participantID }?.arm == slot.arm)
            }
            #expect(try await AuditVerifier(database: db.database).verify().isIntact)
        }
    }

    @Test func activation_publishes_the_lists_digest_but_no_arm_or_seed() async throws {
        try await withEnrollment { db, _ in
            let event = try #require(try await AuditEventRecord.query(on: db.database).filter(\.$action == "activate-randomization").first())
            #expect(!event.changesJSON.contains("I125"))
            #expect(!event.changesJSON.contains("SYS"))
            #expect(!event.changesJSON.contains(String(repeating: "ab", count: 32)))
            let setup = try #require(try await RandomizationSetupRecord.query(on: db.database).first())
            #expect(event.changesJSON.contains(setup.listsSHA256))
        }
    }
}

@Suite struct RandomizationRefusalTests {
    @Test func a_participant_whose_corrected_screening_is_ineligible_is_refused_with_the_failed_criteria() async throws {
        try await withStoreDatabase { db in
            let installed = try await StudyRepository(store: db.store).installIfNeeded(yaml: StudyDefinitionFile.defaultYAML, source: "default")
            let service = EnrollmentService(store: db.store, study: installed.definition)
            try await service.activateRandomizationIfNeeded()
            let actor = AuditActor(username: "coordinator", role: .coordinator, site: "960")
            let screening = try await service.screen(eligibleSubmission(service.study, date: service.today), by: actor)
            let id = try screening.requireID()
            _ = try await service.recordConsent(screeningID: id, ConsentRecord(date: service.today, formVersion: "2.1", obtainedBy: "Dr Wang"), reason: nil, by: actor)
            let participant = try await service.enroll(screeningID: id, by: actor)
            var corrected = eligibleSubmission(service.study, date: service.today)
            corrected.values["ecog"] = .number(3)
            _ = try await service.correctScreening(id: id, corrected, reason: "ECOG re-assessed by the investigator", by: actor)
            do {
                _ = try await service.randomize(participantID: participant.participantID, by: actor)
                Issue.record("an ineligible participant was randomized")
            } catch let failure as ValidationFailure {
                #expect(failure.errors.contains { $0.field == "eligibility" })
                #expect(failure.errors.contains { $0.field == "answers.I04" })
            }
            let stored = try #require(try await ParticipantRecord.query(on: db.database).filter(\.$participantID == participant.participantID).first())
            #expect(stored.arm == nil)
        }
    }
}
