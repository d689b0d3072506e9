import FluentKit
import FluentSQL
import Foundation
import Testing
import TrialCore
@testable import TrialStore

/// Whoever can write the database can also recompute every hash after an edit. Probing did exactly that
/// (a participant's arm changed, events re-hashed; the next unused slot flipped) and `audit verify` said
/// "intact". Signed checkpoints, kept also outside the database, and the randomization as part of the
/// verified record catch both.
@Suite struct AuditSigningTests {
    /// A study with randomization activated, one user, and a signed checkpoint of that state.
    static func signedStudy(_ db: StoreTestDatabase, key: AuditSigningKey) async throws -> AuditCheckpoint {
        let study = try await StudyRepository(store: db.store).installIfNeeded(yaml: TrialStudyFileDefault.yaml, source: "default")
        _ = try await EnrollmentService(store: db.store, study: study.definition, auditKey: key).activateRandomizationIfNeeded()
        _ = try await UserDirectory(store: db.store).addUser(username: "coord", passwordHash: "x", role: .coordinator, siteCode: "960", by: .system)
        return try await AuditCheckpoints(store: db.store).sign(with: key)
    }

    /// Rewrites the user's role in its row and in the event that created it, then re-hashes every event from
    /// there on and the head: what a database administrator can do without the key.
    static func rewriteRoleAndRehash(_ db: StoreTestDatabase) async throws {
        try await db.sql.raw("UPDATE users SET role = 'administrator' WHERE username = 'coord'").run()
        let events = try await AuditEventRecord.query(on: db.database).sort(\.$id).all()
        var previous = AuditChain.genesisHash
        for event in events {
            if event.entityType == "user", event.action == "create" {
                event.changesJSON = event.changesJSON.replacingOccurrences(of: "\"coordinator\"", with: "\"administrator\"")
            }
            event.previousHash = previous
            event.hash = AuditChain.hash(of: event, previousHash: previous)
            try await event.update(on: db.database)
            previous = event.hash
        }
        let head = try #require(try await AuditChainHead.find(AuditChainHead.rowID, on: db.database))
        head.hash = previous
        try await head.update(on: db.database)
    }

    @Test func a_rehashed_chain_passes_its_links_but_not_a_signed_checkpoint_even_one_kept_outside() async throws {
        try await withStoreDatabase { db in
            let key = AuditSigningKey()
            let checkpoint = try await Self.signedStudy(db, key: key)
            #expect(try await AuditVerifier(database: db.database).verify(trustedPublicKey: key.publicKeyText).isIntact)
            let exported = try AuditCheckpoints.read(try AuditCheckpoints.export([checkpoint]), source: "test")

            try await Self.rewriteRoleAndRehash(db)
            try await db.sql.raw("DELETE FROM audit_checkpoints").run()
            let unsigned = try await AuditVerifier(database: db.database).verify()
            #expect(unsigned.isIntact && unsigned.isUnsigned, "without a checkpoint the rewrite is invisible: the reason for signing")
            let held = try await AuditVerifier(database: db.database).verify(checkpoints: exported, trustedPublicKey: key.publicKeyText)
            #expect(held.problems.map(\.kind) == [.checkpointMismatch], "\(held.problems)")
        }
    }

    @Test func a_checkpoint_forged_with_another_key_or_altered_is_refused() async throws {
        try await withStoreDatabase { db in
            let key = AuditSigningKey()
            _ = try await Self.signedStudy(db, key: key)
            try await Self.rewriteRoleAndRehash(db)
            try await db.sql.raw("DELETE FROM audit_checkpoints").run()
            // The administrator signs the rewritten chain with a key of their own.
            _ = try await AuditCheckpoints(store: db.store).sign(with: AuditSigningKey())
            let report = try await AuditVerifier(database: db.database).verify(trustedPublicKey: key.publicKeyText)
            #expect(report.problems.map(\.kind) == [.checkpointUntrustedKey])
            try await db.sql.raw("UPDATE audit_checkpoints SET sequence = sequence - 1").run()
            #expect(try await AuditVerifier(database: db.database).verify().problems.map(\.kind) == [.checkpointSignatureInvalid])
        }
    }

    @Test func an_edited_allocation_slot_or_arm_is_found_without_any_key() async throws {
        try await withStoreDatabase { db in
            let key = AuditSigningKey()
            _ = try await Self.signedStudy(db, key: key)
            let slot = try #require(try await AllocationSlotRecord.query(on: db.database).filter(\.$slotNumber == 1).first())
            let other = slot.arm == "I125" ? "SYS" : "I125"
            try await db.sql.raw("UPDATE allocation_slots SET arm = \(bind: other) WHERE id = \(bind: try #require(slot.id))").run()
            let report = try await AuditVerifier(database: db.database).verify()
            #expect(report.problems.contains { $0.kind == .randomizationDiffers && $0.message.contains("not the lists published") }, "\(report.problems)")
        }
    }

    @Test func the_seed_is_sealed_with_the_key_and_opens_only_with_it() async throws {
        try await withStoreDatabase { db in
            let key = AuditSigningKey()
            _ = try await Self.signedStudy(db, key: key)
            let setup = try #require(try await RandomizationSetupRecord.query(on: db.database).first())
            #expect(RandomizationSeedSealing.isSealed(setup.seedHex), "the database does not hold the seed in the clear")
            let seed = try RandomizationSeedSealing.seed(from: setup.seedHex, key: key)
            #expect(seed.hex.count == 64)
            #expect(throws: StoreError.self) { try RandomizationSeedSealing.seed(from: setup.seedHex, key: nil) }
            #expect(throws: StoreError.self) { try RandomizationSeedSealing.seed(from: setup.seedHex, key: AuditSigningKey()) }
            let verification = try await RandomizationVerifier(store: db.store, study: try #require(try await StudyRepository(store: db.store).current()).definition,
                                                               auditKey: key).verify()
            #expect(verification.problems.isEmpty)
        }
    }

    @Test func a_key_file_round_trips_and_is_never_overwritten() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("audit-key-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("key").path
        let key = AuditSigningKey()
        try key.write(to: path)
        #expect(try AuditSigningKey.load(path: path).publicKeyText == key.publicKeyText)
        #expect(try AuditSigningKey.loadPublicKey(path: path + ".pub") == key.publicKeyText)
        #expect(throws: StoreError.self) { try AuditSigningKey().write(to: path) }
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
    }
}
