import FluentKit
import FluentSQL
import Foundation
import Testing
import TrialCore
import TrialStudyFile
@testable import TrialStore

private let administrator = AuditActor(username: "admin", role: .administrator, site: nil)
private let coordinator = AuditActor(username: "coordinator", role: .coordinator, site: "960")

/// The shipped amendment (version 1.1, the 12-month scan).
private var amendmentYAML: String { StudyDefinitionFile.defaultAmendmentYAMLs[0].yaml }

/// The line of the first line of `yaml` that starts with `prefix` (1-based).
private func line(of prefix: String, in yaml: String) -> Int? {
    yaml.components(separatedBy: "\n").firstIndex { $0.hasPrefix(prefix) }.map { $0 + 1 }
}

/// The default study installed, randomization activated, and one participant randomized on `day`.
private func withRandomizedTrial(on day: CalendarDate = CalendarDate(year: 2026, month: 1, day: 5)!,
                                 _ body: (StoreTestDatabase, StudyRepository, String) async throws -> Void) async throws {
    try await withStoreDatabase { db in
        let timeZone = TimeZone(identifier: "Asia/Shanghai")!
        let store = TrialStore(database: db.database, now: { DemoClock.instant(of: day, hour: 10, in: timeZone) })
        let installed = try await StudyRepository(store: store, timeZone: timeZone).installIfNeeded(yaml: StudyDefinitionFile.defaultYAML, source: "default")
        let service = EnrollmentService(store: store, study: installed.definition, timeZone: timeZone)
        try await service.activateRandomizationIfNeeded(seed: try RandomizationSeed(hex: String(repeating: "cd", count: 32)))
        let screening = try await service.screen(eligibleSubmission(installed.definition, lesions: 8, date: day), by: coordinator)
        _ = try await service.recordConsent(screeningID: try screening.requireID(), ConsentRecord(date: day, formVersion: "2.1", obtainedBy: "Dr Wang"),
                                            reason: nil, by: coordinator)
        let participant = try await service.enroll(screeningID: try screening.requireID(), by: coordinator).participantID
        _ = try await service.randomize(participantID: participant, by: coordinator)
        // The amendment comes four months later.
        let later = TrialStore(database: db.database, now: { DemoClock.instant(of: day.adding(days: 120), hour: 11, in: timeZone) })
        try await body(db, StudyRepository(store: later, timeZone: timeZone), participant)
    }
}

@Suite struct StudyAmendmentTests {
    @Test func an_amendment_is_installed_beside_the_first_version_with_who_when_and_why() async throws {
        try await withRandomizedTrial { db, repository, participant in
            let dryRun = try await repository.amend(yaml: amendmentYAML, source: "default-study-1.1.yaml", reason: "12-month scan", by: administrator, dryRun: true)
            #expect(dryRun.installed == nil)
            #expect(dryRun.effectiveOn == CalendarDate(year: 2026, month: 5, day: 5)!)
            let visits = try #require(dryRun.diff.sections.first { $0.title == "visits" })
            #expect(visits.lines.count == 1 && visits.lines[0].hasPrefix("+ IMG12"))
            #expect(dryRun.scheduleMoves == [ScheduleMove(participantID: participant, changes: ["IMG12 added, due 2027-01-05"])])
            #expect(try await repository.versions().count == 1, "a dry run installs nothing")

            let outcome = try await repository.amend(yaml: amendmentYAML, source: "default-study-1.1.yaml", reason: "12-month scan", by: administrator)
            #expect(outcome.installed?.ordinal == 2)
            let versions = try await repository.versions()
            #expect(versions.map(\.version) == ["1.0", "1.1"])
            #expect(versions[1].installedBy == "admin" && versions[1].reason == "12-month scan")
            #expect(try await repository.current()?.definition.version == "1.1")
            // The first version is kept as it was: nothing is overwritten.
            let history = try #require(try await repository.history())
            #expect(history.versions[0].definition == (try StudyDefinitionFile.loadDefault()))
            let event = try #require(try await AuditEventRecord.query(on: db.database).filter(\.$action == "amend-study").first())
            #expect(event.actor == "admin" && event.role == "administrator" && event.reason == "12-month scan")
            #expect(event.changes.contains { $0.field == "version" && $0.new == "1.1" })
            #expect(try await AuditVerifier(database: db.database).verify().isIntact)
            // The same file again is refused: the version is installed already.
            do {
                _ = try await repository.amend(yaml: amendmentYAML, source: "again.yaml", reason: "again", by: administrator)
                Issue.record("the same version was installed twice")
            } catch let error as StudyDefinitionFileError {
                #expect(error.problems.map(\.rule).contains(.versionAlreadyInstalled))
                #expect(error.problems.map(\.rule).contains(.amendsAnotherVersion))
            }
        }
    }

    @Test func each_refusal_names_its_line_and_field_in_the_amended_file() async throws {
        try await withRandomizedTrial { _, repository, _ in
            func refusal(_ yaml: String) async throws -> [String] {
                do {
                    _ = try await repository.amend(yaml: yaml, source: "amended.yaml", reason: "test", by: administrator)
                    return []
                } catch let error as StudyDefinitionFileError {
                    return error.problems.map { "\($0.line.map(String.init) ?? "-") \($0.field) \($0.rule.rawValue)" }
                }
            }
            let ratio = amendmentYAML.replacingOccurrences(of: "allocationRatio:\n  I125: 1\n  SYS: 1", with: "allocationRatio:\n  I125: 2\n  SYS: 1")
                .replacingOccurrences(of: "blockSizes: [4, 6]", with: "blockSizes: [3, 6]")
            let found1 = try await refusal(ratio)
            #expect(found1 == ["\(line(of: "allocationRatio:", in: ratio)!) allocationRatio randomizationFrozen",
                                                 "\(line(of: "randomization:", in: ratio)!) randomization randomizationFrozen"])
            let levels = amendmentYAML.replacingOccurrences(of: "range: between 8 and 10", with: "range: between 8 and 9")
                .replacingOccurrences(of: "qualifyingRule: \"> 5 and <= 10\"", with: "qualifyingRule: \"> 5 and <= 9\"")
            let found2 = try await refusal(levels)
            #expect(found2 == ["\(line(of: "  - code: lesionCount", in: levels)!) stratification[0] randomizationFrozen"])
            let renamed = amendmentYAML.replacingOccurrences(of: "protocolId: I125-MULTIMET-P2", with: "protocolId: I125-OTHER")
            let found3 = try await refusal(renamed)
            #expect(found3 == ["\(line(of: "protocolId:", in: renamed)!) protocolId protocolIdChanged"])
            // The participant's screening recorded ECOG and the primary tumour lung.
            let ecog = amendmentYAML.replacingOccurrences(of: "  - name: ecog\n    label: {en: ECOG performance status, zh-Hans: ECOG体能状态评分}\n    kind: integer",
                                                          with: "  - name: ecog\n    label: {en: ECOG performance status, zh-Hans: ECOG体能状态评分}\n    kind: decimal")
            let found4 = try await refusal(ecog)
            #expect(found4 == ["\(line(of: "  - name: ecog", in: ecog)! + 2) screeningFields[4].kind changesRecordedType"])
            let lung = amendmentYAML.replacingOccurrences(of: "categories: [lung, breast,", with: "categories: [breast,")
                .replacingOccurrences(of: "      lung: {en: Lung, zh-Hans: 肺}\n", with: "")
            let found5 = try await refusal(lung)
            #expect(found5 == ["\(line(of: "    categories: [breast,", in: lung)!) screeningFields[2].categories removesRecordedData"])
            // A new field that nothing has recorded yet, and a later category, are accepted (dry run).
            let added = amendmentYAML.replacingOccurrences(of: "categories: [lung, breast,", with: "categories: [lung, melanoma, breast,")
                .replacingOccurrences(of: "      lung: {en: Lung, zh-Hans: 肺}\n", with: "      lung: {en: Lung, zh-Hans: 肺}\n      melanoma: {en: Melanoma, zh-Hans: 黑色素瘤}\n")
            #expect(try await repository.amend(yaml: added, source: "added.yaml", reason: "test", by: administrator, dryRun: true).installed == nil)
            await #expect(throws: StoreError.self) {
                _ = try await repository.amend(yaml: amendmentYAML, source: "amended.yaml", reason: "  ", by: administrator)
            }
            #expect(try await repository.versions().count == 1, "nothing refused was installed")
        }
    }

    @Test func a_new_installation_with_shipped_amendments_starts_at_the_latest_version() async throws {
        try await withStoreDatabase { db in
            let installed = try await StudyRepository(store: db.store).installIfNeeded(
                yaml: StudyDefinitionFile.defaultYAML, source: "default", amendments: StudyDefinitionFile.defaultAmendmentYAMLs)
            #expect(installed.freshlyInstalled && installed.definition.version == "1.1")
            let versions = try await StudyRepository(store: db.store).versions()
            #expect(versions.map(\.version) == ["1.0", "1.1"])
            #expect(versions[1].reason.contains("12-month"))
            #expect(try await StudyRepository(store: db.store).current()?.definition.visit(code: "IMG12")?.day == 365)
            #expect(try await AuditVerifier(database: db.database).verify().isIntact)
        }
    }

    @Test func the_migration_records_an_installed_study_as_its_first_version() async throws {
        try await withStoreDatabase { db in
            // A database of an earlier binary: the study installed, no versions table yet.
            try await CreateStudyVersions().revert(on: db.database)
            try await db.store.write(as: .system) { tx in
                try await tx.create(StudyRecord(protocolID: "I125-MULTIMET-P2", title: "default", definitionYAML: StudyDefinitionFile.defaultYAML,
                                                loadedAt: tx.occurredAt), action: "install-study")
                try await tx.create(SiteRecord(code: "960", name: "The 960th Hospital of the PLA", city: "Jinan"), action: "install-site")
            }
            try await CreateStudyVersions().prepare(on: db.database)
            let versions = try await StudyRepository(store: db.store).versions()
            #expect(versions.map(\.version) == ["1.0"])
            #expect(versions[0].installedBy == "trialdesk" && versions[0].reason == CreateStudyVersions.firstVersionReason)
            let event = try #require(try await AuditEventRecord.query(on: db.database).filter(\.$action == "record-study-version").first())
            #expect(event.reason == CreateStudyVersions.firstVersionReason)
            #expect(try await AuditVerifier(database: db.database).verify().isIntact)
        }
    }

    @Test func forms_record_their_version_and_corrections_keep_it_until_a_data_manager_revalidates() async throws {
        try await withRandomizedTrial { db, repository, participant in
            let store = repository.store
            let dictionary = try CtcaeDictionary.bundled()
            let today = CalendarDate(localDayOf: store.now(), in: repository.timeZone)
            let before = CaseReportService(store: store, study: try #require(try await repository.current()).definition, dictionary: dictionary,
                                           timeZone: repository.timeZone)
            let first = try await before.save(.followUp(FollowUpForm(date: today, status: .alive, lastKnownAliveDate: today)),
                                              participantID: participant, by: coordinator)
            _ = try await repository.amend(yaml: amendmentYAML, source: "default-study-1.1.yaml", reason: "12-month scan", by: administrator)
            let service = CaseReportService(store: store, study: try #require(try await repository.current()).definition, dictionary: dictionary,
                                            timeZone: repository.timeZone)
            let second = try await service.save(.followUp(FollowUpForm(date: today, status: .alive, lastKnownAliveDate: today)),
                                               participantID: participant, by: coordinator)
            func recorded(_ id: UUID) async throws -> String? { try await CaseReportFormRecord.find(id, on: db.database)?.studyVersion }
            #expect(try await recorded(first.id) == "1.0")
            #expect(try await recorded(second.id) == "1.1")
            // A correction keeps the version the form was first saved under.
            let corrected = try await service.correct(formID: first.id, participantID: participant,
                                                      .followUp(FollowUpForm(date: today.adding(days: -1), status: .alive, lastKnownAliveDate: today.adding(days: -1))),
                                                      reason: "date of last contact", expectedVersion: first.version, by: coordinator)
            #expect(try await recorded(first.id) == "1.0")
            await #expect(throws: ValidationFailure.self) {
                _ = try await service.revalidate(formID: first.id, participantID: participant, reason: "amendment 1.1", role: .coordinator, by: coordinator)
            }
            let dataManager = AuditActor(username: "datamanager", role: .dataManager, site: nil)
            _ = try await service.revalidate(formID: first.id, participantID: participant, reason: "amendment 1.1", role: .dataManager, by: dataManager)
            #expect(try await recorded(first.id) == "1.1")
            let event = try #require(try await AuditEventRecord.query(on: db.database).filter(\.$action == "revalidate-followUp").first())
            #expect(event.actor == "datamanager" && event.reason == "amendment 1.1")
            #expect(event.changes.contains { $0.field == "studyVersion" && $0.old == "1.0" && $0.new == "1.1" })
            #expect(corrected.id == first.id)
            #expect(try await AuditVerifier(database: db.database).verify().isIntact)
        }
    }

    @Test func a_write_knows_the_versions_at_the_head_an_earlier_write_left_and_reads_them_again_after_an_amendment() async throws {
        try await withRandomizedTrial { db, repository, participant in
            let store = repository.store
            // An actor of this test alone, so that its chain heads are no other test's.
            let nurse = AuditActor(username: "coordinator-of-the-version-test", role: .coordinator, site: "960")
            let today = CalendarDate(localDayOf: store.now(), in: repository.timeZone)
            let service = CaseReportService(store: store, study: try #require(try await repository.current()).definition,
                                            dictionary: try CtcaeDictionary.bundled(), timeZone: repository.timeZone)
            _ = try await service.save(.followUp(FollowUpForm(date: today, status: .alive, lastKnownAliveDate: today)), participantID: participant, by: nurse)
            // A change of the table that no write made (no audit event: `audit verify` reports such a change). The
            // head is still the one the save left, so the next write takes the versions that save knew, unread.
            let sql = try #require(db.database as? any SQLDatabase)
            let original = try #require(try await StoredStudyHistory.load(on: db.database)).versions[0].effectiveOn
            let moved = CalendarDate(year: 2030, month: 1, day: 1)!
            try await sql.raw("UPDATE study_versions SET effective_on = \(bind: moved.iso8601)").run()
            #expect(try await StoredStudyHistory.load(on: db.database)?.versions[0].effectiveOn == moved)
            let known = try await store.write(as: nurse) { tx in try await tx.studyHistory() }
            #expect(known?.versions.map(\.effectiveOn) == [original])
            try await sql.raw("UPDATE study_versions SET effective_on = \(bind: original.iso8601)").run()
            // An amendment is a write of its own: the head moves, and the next write reads the two versions.
            _ = try await repository.amend(yaml: amendmentYAML, source: "default-study-1.1.yaml", reason: "12-month scan", by: administrator)
            let amended = try await store.write(as: nurse) { tx in
                let first = try await tx.studyHistory()
                #expect(try await tx.studyHistory() == first)
                return first
            }
            #expect(amended?.versions.map(\.version) == ["1.0", "1.1"])
            let saved = try await service.save(.followUp(FollowUpForm(date: today, status: .alive, lastKnownAliveDate: today)),
                                               participantID: participant, by: nurse)
            #expect(try await CaseReportFormRecord.find(saved.id, on: db.database)?.studyVersion == "1.1")
        }
    }

    @Test func planned_visits_follow_the_amendment_and_carry_their_version() async throws {
        try await withRandomizedTrial { db, repository, participant in
            _ = try await repository.amend(yaml: amendmentYAML, source: "default-study-1.1.yaml", reason: "12-month scan", by: administrator)
            let visits = try await PlannedVisitRecord.query(on: db.database).filter(\.$participantID == participant).all()
            let versions = Dictionary(uniqueKeysWithValues: visits.map { ($0.visitCode, $0.protocolVersion ?? "-") })
            #expect(versions["IMG12"] == "1.1")
            #expect(versions["IMG-1"] == "1.0", "randomized under 1.0: its visits keep their version")
            #expect(visits.first { $0.visitCode == "IMG12" }?.due == "2027-01-05")
            let rows = try await SiteScopedRecords(store: db.store, scope: .allSites).openPlannedVisits(through: CalendarDate(year: 2027, month: 12, day: 31)!)
            #expect(rows.first { $0.visitCode == "IMG12" }?.protocolVersion == "1.1")
        }
    }

    @Test func allocation_lists_extend_from_the_same_seed_and_still_verify() async throws {
        try await withRandomizedTrial { db, repository, _ in
            let study = try #require(try await repository.current()).definition
            let enrollment = EnrollmentService(store: repository.store, study: study, timeZone: repository.timeZone)
            let before = try await AllocationSlotRecord.query(on: db.database).all()
            await #expect(throws: ValidationFailure.self) {
                _ = try await enrollment.extendAllocationLists(to: 100, reason: "shorter", by: administrator)
            }
            let extended = try await enrollment.extendAllocationLists(to: 240, reason: "stratum 8-10 fills faster than planned", by: administrator)
            #expect(extended.length == 240)
            let after = try await AllocationSlotRecord.query(on: db.database).all()
            // The slots already there are untouched; the used one keeps its participant.
            let kept = Dictionary(uniqueKeysWithValues: after.map { ("\($0.stratum)#\($0.slotNumber)", $0) })
            for slot in before {
                let same = try #require(kept["\(slot.stratum)#\(slot.slotNumber)"])
                #expect(same.arm == slot.arm && same.blockNumber == slot.blockNumber && same.participantID == slot.participantID)
            }
            for stratum in study.allStrata.map(\.key) {
                #expect(after.filter { $0.stratum == stratum }.count >= 240)
            }
            let event = try #require(try await AuditEventRecord.query(on: db.database).filter(\.$action == "extend-allocation-lists").first())
            #expect(event.changes.contains { $0.field == "listsSHA256" && $0.new == extended.listsSHA256 })
            #expect(!event.changes.contains { $0.field == "arm" }, "no slot's arm is published")
            #expect(try await RandomizationVerifier(store: repository.store, study: study).verify().isIntact)
            #expect(try await AuditVerifier(database: db.database).verify().isIntact)

            // An amendment that raises the target enrollment beyond the lists extends them in the same write.
            let larger = amendmentYAML.replacingOccurrences(of: "targetEnrollment: 120", with: "targetEnrollment: 300")
            let outcome = try await repository.amend(yaml: larger, source: "larger.yaml", reason: "more participants", by: administrator)
            #expect(outcome.listExtension?.length == 300)
            let amended = try #require(try await repository.current()).definition
            #expect(try await RandomizationVerifier(store: repository.store, study: amended).verify().isIntact)
            #expect(try await AuditVerifier(database: db.database).verify().isIntact)
        }
    }
}
