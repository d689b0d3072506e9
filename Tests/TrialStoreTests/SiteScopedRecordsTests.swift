import FluentKit
import Foundation
import Testing
import TrialCore
import TrialStudyFile
@testable import TrialStore

/// The site rule applied once, in the store's read services: pages and API ask here, and a user bound to
/// another site gets a refusal naming both sites, never the record.
@Suite struct SiteScopedRecordsTests {
    @Test func a_site_bound_user_reads_their_own_sites_records_and_is_refused_another_sites() async throws {
        try await withStoreDatabase { db in
            let installed = try await StudyRepository(store: db.store).installIfNeeded(yaml: StudyDefinitionFile.defaultYAML, source: "default")
            let service = EnrollmentService(store: db.store, study: installed.definition)
            let actor = AuditActor(username: "coordinator", role: .coordinator, site: "960")
            let screening = try await service.screen(eligibleSubmission(service.study, date: service.today), by: actor)
            let id = try screening.requireID()

            let own = SiteScopedRecords(store: db.store, scope: .site("960"))
            #expect(try await own.screening(id: id).screeningNumber == screening.screeningNumber)
            let everyone = SiteScopedRecords(store: db.store, scope: .allSites)
            #expect(try await everyone.screening(id: id).siteCode == "960")

            let other = SiteScopedRecords(store: db.store, scope: .site("961"))
            await #expect(throws: StoreError.outsideSite(site: "960", scope: "961")) { _ = try await other.screening(id: id) }
            #expect(try await other.screenings().isEmpty)
            #expect(throws: StoreError.outsideSite(site: "960", scope: "961")) { try other.requireSite("960") }
            await #expect(throws: StoreError.notFound(entity: "screening", id: UUID(uuid: (0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,1)).uuidString.lowercased())) {
                _ = try await own.screening(id: UUID(uuid: (0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,1)))
            }
            await #expect(throws: StoreError.notFound(entity: "participant", id: "960-9999")) { _ = try await own.participant(id: "960-9999") }
            #expect(try await own.forms(ids: []).isEmpty)
        }
    }

    @Test func an_account_change_without_a_reason_is_refused_and_nothing_changes() async throws {
        try await withStoreDatabase { db in
            let users = UserDirectory(store: db.store)
            let account = try await users.addUser(username: "monitor1", passwordHash: "x", role: .monitor, siteCode: nil, by: .system)
            for blank in ["", "   \n"] {
                await #expect(throws: StoreError.reasonRequired(entity: "user", id: "monitor1")) {
                    try await users.setActive(account, active: false, reason: blank, by: .system)
                }
            }
            #expect(try await users.user(named: "monitor1")?.active == true)
            try await users.setActive(account, active: false, reason: "left the study team", by: .system)
            #expect(try await users.user(named: "monitor1")?.active == false)
        }
    }

    @Test func an_audit_event_that_names_no_record_is_refused() async throws {
        try await withStoreDatabase { db in
            let before = try await AuditEventRecord.query(on: db.database).count()
            await #expect(throws: StoreError.self) {
                try await db.store.write(as: .system, reason: nil) { tx in
                    try await tx.appendEvent(action: "update", entityType: "participant", entityID: "", changes: [])
                }
            }
            #expect(try await AuditEventRecord.query(on: db.database).count() == before)
        }
    }
}
