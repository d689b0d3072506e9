import FluentKit
import FluentSQL
import Foundation
import Testing
import TrialCore
@testable import TrialStore

private let coordinator = AuditActor(username: "coordinator", role: .coordinator, site: "960")

@Suite struct AuditChainTests {
    @Test func migrations_create_an_empty_chain_with_its_head() async throws {
        try await withStoreDatabase { db in
            let head = try await db.store.chainHead()
            #expect(head.sequence == 0)
            #expect(head.hash == AuditChain.genesisHash)
            let report = try await AuditVerifier(database: db.database).verify()
            #expect(report.isIntact)
            #expect(report.eventsChecked == 0)
        }
    }

    @Test func each_write_appends_linked_events_that_verify() async throws {
        try await withStoreDatabase { db in
            let site = SiteRecord(code: "960", name: "The 960th Hospital of the PLA", city: "Jinan")
            try await db.store.write(as: .system) { tx in try await tx.create(site) }
            site.name = "The 960th Hospital"
            try await db.store.write(as: coordinator, reason: "name as on the ethics approval") { tx in
                try await tx.update(site)
            }
            let events = try await AuditEventRecord.query(on: db.database).sort(\.$id).all()
            #expect(events.map(\.sequence) == [1, 2])
            #expect(events[0].previousHash == AuditChain.genesisHash)
            #expect(events[1].previousHash == events[0].hash)
            #expect(events[1].changes == [AuditFieldChange(field: "name", old: "The 960th Hospital of the PLA", new: "The 960th Hospital")])
            #expect(events[1].reason == "name as on the ethics approval")
            #expect(events[1].actor == "coordinator")
            #expect(events[1].role == "coordinator")
            #expect(events[1].site == "960")
            let report = try await AuditVerifier(database: db.database).verify()
            #expect(report.isIntact, "\(report.problems)")
            #expect(report.eventsChecked == 2)
        }
    }

    @Test func changing_saved_data_without_a_reason_is_refused_and_nothing_is_saved() async throws {
        try await withStoreDatabase { db in
            let site = SiteRecord(code: "960", name: "A", city: "Jinan")
            try await db.store.write(as: .system) { tx in try await tx.create(site) }
            site.name = "B"
            await #expect(throws: StoreError.reasonRequired(entity: "site", id: site.auditEntityID)) {
                try await db.store.write(as: coordinator) { tx in try await tx.update(site) }
            }
            let saved = try await SiteRecord.find(site.id, on: db.database)
            #expect(saved?.name == "A")
            #expect(try await db.store.chainHead().sequence == 1)
        }
    }

    @Test func a_failed_write_rolls_back_records_and_events_together() async throws {
        struct Boom: Error {}
        try await withStoreDatabase { db in
            await #expect(throws: Boom.self) {
                try await db.store.write(as: .system) { tx in
                    try await tx.create(SiteRecord(code: "961", name: "X", city: "Y"))
                    throw Boom()
                }
            }
            let sites = try await SiteRecord.query(on: db.database).count()
            let events = try await AuditEventRecord.query(on: db.database).count()
            let head = try await db.store.chainHead()
            let report = try await AuditVerifier(database: db.database).verify()
            #expect(sites == 0)
            #expect(events == 0)
            #expect(head.sequence == 0)
            #expect(report.isIntact)
        }
    }

    @Test func an_update_of_an_audit_event_in_sql_is_detected_at_that_event() async throws {
        try await withStoreDatabase { db in
            try await seedThreeEvents(db)
            try await db.sql.raw("UPDATE audit_events SET actor = 'someone-else' WHERE sequence = 2").run()
            let report = try await AuditVerifier(database: db.database).verify()
            #expect(!report.isIntact)
            #expect(report.firstBrokenLink?.sequence == 2)
            #expect(report.firstBrokenLink?.kind == .hashMismatch)
        }
    }

    @Test func a_delete_of_an_audit_event_in_sql_is_detected() async throws {
        try await withStoreDatabase { db in
            try await seedThreeEvents(db)
            try await db.sql.raw("DELETE FROM audit_events WHERE sequence = 2").run()
            let report = try await AuditVerifier(database: db.database).verify()
            #expect(report.firstBrokenLink?.sequence == 3)
            #expect(report.problems.contains { $0.kind == .sequenceGap })
            #expect(report.problems.contains { $0.kind == .brokenLink })
        }
    }

    @Test func removing_the_last_events_is_detected_by_the_head() async throws {
        try await withStoreDatabase { db in
            try await seedThreeEvents(db)
            try await db.sql.raw("DELETE FROM audit_events WHERE sequence = 3").run()
            let report = try await AuditVerifier(database: db.database).verify()
            #expect(report.problems.map(\.kind) .contains(.headMismatch))
        }
    }

    @Test func an_update_of_a_data_table_in_sql_is_detected_against_the_history() async throws {
        try await withStoreDatabase { db in
            try await seedThreeEvents(db)
            try await db.sql.raw("UPDATE sites SET city = 'Qingdao' WHERE code = '960'").run()
            let report = try await AuditVerifier(database: db.database).verify()
            #expect(report.firstBrokenLink == nil)
            let problem = try #require(report.problems.first)
            #expect(problem.kind == .recordDiffersFromHistory)
            #expect(problem.entityType == "site")
            #expect(problem.message.contains("city"))
        }
    }

    @Test func a_delete_and_an_insert_in_a_data_table_behind_the_chain_are_detected() async throws {
        try await withStoreDatabase { db in
            try await seedThreeEvents(db)
            try await db.sql.raw("DELETE FROM sites WHERE code = '961'").run()
            let intruder = SiteRecord(code: "999", name: "Unknown", city: "Nowhere")
            try await intruder.create(on: db.database)
            let kinds = try await AuditVerifier(database: db.database).verify().problems.map(\.kind)
            #expect(kinds.contains(.recordMissing))
            #expect(kinds.contains(.recordWithoutHistory))
        }
    }

    @Test func concurrent_writers_on_two_connection_pools_keep_one_linear_chain() async throws {
        try await withStoreDatabase { db in
            let (secondPool, second) = try await db.openSecondPool()
            let stores = [db.store, TrialStore(database: second)]
            do {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for index in 0..<24 {
                        let store = stores[index % 2]
                        group.addTask {
                            try await store.write(as: .system) { tx in
                                try await tx.create(SiteRecord(code: "S\(index)", name: "Site \(index)", city: "City"))
                            }
                        }
                    }
                    try await group.waitForAll()
                }
            } catch {
                // The second pool must be shut down whatever happened, or its deinit traps.
                await secondPool.shutdownAsync()
                throw error
            }
            await secondPool.shutdownAsync()
            #expect(try await db.store.chainHead().sequence == 24)
            let report = try await AuditVerifier(database: db.database).verify()
            #expect(report.isIntact, "\(report.problems)")
            #expect(report.recordsChecked == 24)
        }
    }

    @Test func writes_in_one_transaction_take_the_head_from_the_write_before_and_write_it_each_time() async throws {
        try await withStoreDatabase { db in
            try await db.store.writesInOneTransaction { database in
                let store = TrialStore(database: database)
                try await store.write(as: .system) { tx in try await tx.create(SiteRecord(code: "960", name: "First", city: "Jinan")) }
                // Every write leaves the head row as it leaves the chain.
                #expect(try await store.chainHead().sequence == 1)
                // The row changed behind the chain's back: the next write goes on from the head it was handed,
                // not from the row, so it did not lock and read the row again.
                try await (database as! any SQLDatabase).raw("UPDATE audit_chain_head SET sequence = 99, hash = 'edited'").run()
                try await store.write(as: .system) { tx in try await tx.create(SiteRecord(code: "961", name: "Second", city: "Jinan")) }
            }
            let events = try await AuditEventRecord.query(on: db.database).sort(\.$id).all()
            #expect(events.map(\.sequence) == [1, 2])
            #expect(events[1].previousHash == events[0].hash)
            #expect(try await db.store.chainHead().hash == events[1].hash)
            let report = try await AuditVerifier(database: db.database).verify()
            #expect(report.isIntact, "\(report.problems)")
        }
    }

    @Test func a_refused_write_in_one_transaction_leaves_the_next_write_to_read_the_head() async throws {
        try await withStoreDatabase { db in
            try await db.store.writesInOneTransaction { database in
                let store = TrialStore(database: database)
                let site = SiteRecord(code: "960", name: "First", city: "Jinan")
                try await store.write(as: .system) { tx in try await tx.create(site) }
                site.name = "Renamed"
                await #expect(throws: StoreError.reasonRequired(entity: "site", id: site.auditEntityID)) {
                    try await store.write(as: coordinator) { tx in try await tx.update(site) }
                }
                // The refused write took the head and did not finish: nothing is held for the next one.
                #expect(HeldChainHead.current?.take() == nil)
                try await store.write(as: coordinator, reason: "name as registered") { tx in try await tx.update(site) }
            }
            #expect(try await db.store.chainHead().sequence == 2)
            let report = try await AuditVerifier(database: db.database).verify()
            #expect(report.isIntact, "\(report.problems)")
        }
    }

    @Test func writes_outside_one_transaction_hold_no_head() async throws {
        try await withStoreDatabase { db in
            try await db.store.write(as: .system) { tx in try await tx.create(SiteRecord(code: "960", name: "First", city: "Jinan")) }
            #expect(HeldChainHead.current == nil)
            // Another write (here: SQL behind the chain's back) moves the row; a write on its own reads it.
            try await db.sql.raw("UPDATE audit_chain_head SET sequence = 7").run()
            try await db.store.write(as: .system) { tx in try await tx.create(SiteRecord(code: "961", name: "Second", city: "Jinan")) }
            let events = try await AuditEventRecord.query(on: db.database).sort(\.$id).all()
            #expect(events.map(\.sequence) == [1, 8])
        }
    }

    private func seedThreeEvents(_ db: StoreTestDatabase) async throws {
        try await db.store.write(as: .system) { tx in
            try await tx.create(SiteRecord(code: "960", name: "The 960th Hospital of the PLA", city: "Jinan"))
            try await tx.create(SiteRecord(code: "961", name: "Second", city: "Jinan"))
        }
        let site = try #require(try await SiteRecord.query(on: db.database).filter(\.$code == "961").first())
        site.city = "Tai'an"
        try await db.store.write(as: coordinator, reason: "address corrected") { tx in try await tx.update(site) }
    }
}

@Suite struct StudyAndUserStoreTests {
    @Test func the_default_study_installs_once_as_the_chains_first_events() async throws {
        try await withStoreDatabase { db in
            let repository = StudyRepository(store: db.store)
            let first = try await repository.installIfNeeded(yaml: TrialStudyFileDefault.yaml, source: "default")
            #expect(first.freshlyInstalled)
            let again = try await repository.installIfNeeded(yaml: TrialStudyFileDefault.yaml, source: "default")
            #expect(!again.freshlyInstalled)
            let firstEvent = try #require(try await AuditEventRecord.find(1, on: db.database))
            #expect(firstEvent.action == "install-study")
            #expect(try await SiteRecord.query(on: db.database).filter(\.$code == "960").first() != nil)
            #expect(try await AuditVerifier(database: db.database).verify().isIntact)
        }
    }

    @Test func users_are_validated_and_failed_sign_ins_are_counted_from_the_chain() async throws {
        try await withStoreDatabase { db in
            _ = try await StudyRepository(store: db.store).installIfNeeded(yaml: TrialStudyFileDefault.yaml, source: "default")
            let users = UserDirectory(store: db.store)
            _ = try await users.addUser(username: "coord", passwordHash: "x", role: .coordinator, siteCode: "960", by: .system)
            await #expect(throws: StoreError.self) {
                _ = try await users.addUser(username: "coord", passwordHash: "x", role: .monitor, siteCode: nil, by: .system)
            }
            do {
                _ = try await users.addUser(username: "other", passwordHash: "x", role: .monitor, siteCode: "999", by: .system)
                Issue.record("an unknown site was accepted")
            } catch StoreError.validation(let errors) {
                #expect(errors.map(\.field) == ["site"])
            }
            let throttle = SignInThrottle.standard
            for _ in 0..<throttle.maximumFailures {
                #expect(try await users.admitAttempt(.signIn, username: "coord", throttle: throttle, actor: .system) == .admitted)
                try await users.finishAttempt(.signIn, username: "coord", succeeded: false, actor: .system)
            }
            guard case .locked = try await users.admitAttempt(.signIn, username: "coord", throttle: throttle, actor: .system) else {
                Issue.record("the sixth failure in a row was admitted")
                return
            }
            // Refused attempts are recorded but not counted: however many, the lock ends when its time is up.
            for _ in 0..<60 { _ = try await users.admitAttempt(.signIn, username: "coord", throttle: throttle, actor: .system) }
            #expect(try await AuditVerifier(database: db.database).verify().isIntact)
        }
    }
}

@Suite struct CredentialThrottleTests {
    /// Probing found 40 parallel wrong attempts all answered 401 with no lockout: the check and the record
    /// were two steps. Now the check and the attempt's record are one write.
    @Test func parallel_attempts_cannot_all_pass_the_throttle() async throws {
        try await withStoreDatabase { db in
            let users = UserDirectory(store: db.store)
            let throttle = SignInThrottle.standard
            let admitted = try await withThrowingTaskGroup(of: Bool.self) { group in
                for _ in 0..<40 {
                    group.addTask { try await users.admitAttempt(.signIn, username: "target", throttle: throttle, actor: .system) == .admitted }
                }
                var count = 0
                for try await wasAdmitted in group where wasAdmitted { count += 1 }
                return count
            }
            #expect(admitted == throttle.maximumFailures)
        }
    }

    /// Probing found that a locked account accepted its correct password after 44 fast requests: only the last
    /// 50 events were read, and the refusals pushed the failures out of view. The count is by time now.
    @Test func refusals_while_locked_do_not_unlock_the_account() async throws {
        try await withStoreDatabase { db in
            let users = UserDirectory(store: db.store)
            let throttle = SignInThrottle.standard
            for _ in 0..<throttle.maximumFailures {
                _ = try await users.admitAttempt(.signIn, username: "target", throttle: throttle, actor: .system)
                try await users.finishAttempt(.signIn, username: "target", succeeded: false, actor: .system)
            }
            for _ in 0..<120 {
                let admission = try await users.admitAttempt(.signIn, username: "target", throttle: throttle, actor: .system)
                #expect(admission != .admitted)
                if admission == .admitted { return }
            }
            // Another check (re-entering a password) is counted on its own.
            #expect(try await users.admitAttempt(.passwordReentry, username: "target", throttle: throttle, actor: .system) == .admitted)
        }
    }
}

@Suite struct AuditTrailReaderTests {
    /// Probing found a monitor bound to site 961 reading 2,835 events of site 960.
    @Test func a_reader_bound_to_one_site_sees_only_that_sites_events() async throws {
        try await withStoreDatabase { db in
            for site in ["960", "961", "960"] {
                try await db.store.write(as: AuditActor(username: "coordinator-\(site)", role: .coordinator, site: site)) { tx in
                    try await tx.appendEvent(action: "note", entityType: "test", entityID: site, changes: [], reason: nil)
                }
            }
            let reader = AuditTrailReader(store: db.store)
            let page = try ListPage()
            #expect(try await reader.events(scope: .site("961"), page: page).map(\.entityID) == ["961"])
            #expect(try await reader.events(scope: .site("960"), page: page).map(\.entityID) == ["960", "960"])
            #expect(try await reader.events(scope: .allSites, page: page).count == 3)
        }
    }
}
