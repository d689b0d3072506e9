import FluentKit
import Foundation
import Testing
import TrialCore
import TrialStudyFile
@testable import TrialStore

/// The plain SQL reads on the hot paths (a participant by study ID, a bearer token with its user) must give
/// the same records as Fluent's own reads, on SQLite and PostgreSQL.
@Suite struct PlainRowReadTests {
    @Test func a_participant_read_as_a_plain_row_equals_fluents_record() async throws {
        try await withStoreDatabase { db in
            let (service, actor, enrolled) = try await Self.enrolledParticipant(db)
            // Before randomization the optional columns are empty, after it they are set: both read alike.
            for step in 0..<2 {
                if step == 1 { _ = try await service.randomize(participantID: enrolled.participantID, by: actor) }
                let fluent = try #require(try await ParticipantRecord.query(on: db.database).filter(\.$participantID == enrolled.participantID).first())
                let plain = try #require(try await ParticipantRecord.read(participantID: enrolled.participantID, on: db.database))
                #expect(plain.id == fluent.id && plain.$id.exists)
                #expect(plain.auditSnapshot == fluent.auditSnapshot)
                #expect(plain.allocationNumber == fluent.allocationNumber && plain.randomizedAt == fluent.randomizedAt)
                #expect((step == 1) == plain.isRandomized)
            }
            #expect(try await ParticipantRecord.read(participantID: "960-9999", on: db.database) == nil)
        }
    }

    @Test func a_bearer_token_and_its_user_are_read_together_and_a_revoked_token_or_disabled_user_is_refused() async throws {
        try await withStoreDatabase { db in
            _ = try await StudyRepository(store: db.store).installIfNeeded(yaml: StudyDefinitionFile.defaultYAML, source: "default")
            let users = UserDirectory(store: db.store)
            let account = try await users.addUser(username: "monitor1", passwordHash: "hash", role: .monitor, siteCode: "960", by: .system)
            let (token, issued) = try await users.issueToken(for: account, lifetime: 3600, actor: .system)
            let (user, record) = try #require(try await users.user(forToken: token))
            let stored = try #require(try await UserRecord.find(account.id, on: db.database))
            #expect(user.auditSnapshot == stored.auditSnapshot)
            #expect(user.id == stored.id && user.role == .monitor && user.siteScope == .site("960") && !user.mustChooseNewPassword)
            #expect(record.id == issued.id && record.auditSnapshot == issued.auditSnapshot)
            #expect(try await users.user(forToken: token + "x") == nil)

            try await users.revoke(record, actor: .system)
            #expect(try await users.user(forToken: token) == nil)

            // A disabled account's user row says so even while a token of it is unrevoked.
            let (second, _) = try await users.issueToken(for: stored, lifetime: 3600, actor: .system)
            #expect(try await users.user(forToken: second) != nil)
            let row = try #require(try await UserRecord.find(account.id, on: db.database))
            row.active = false
            try await row.update(on: db.database)
            #expect(try await users.user(forToken: second) == nil)
        }
    }

    @Test func queries_audit_events_and_records_read_back_as_plain_rows_equal_fluents_reads() async throws {
        try await withStoreDatabase { db in
            let (_, actor, enrolled) = try await Self.enrolledParticipant(db)
            let monitor = AuditActor(username: "monitor", role: .monitor, site: nil)
            let queries = DataQueryService(store: db.store)
            let open = try await queries.raise(participantID: enrolled.participantID, formID: nil, field: "ecog", text: "Please confirm.", role: .monitor, by: monitor)
            _ = try await queries.act(.answer, on: try open.requireID(), text: "Confirmed.", role: .coordinator, by: actor)

            // Queries: every column, empty and set alike, in the order asked for.
            let fluentQueries = try await DataQueryRecord.query(on: db.database).sort(\.$openedAt).all()
            let plainQueries = try await DataQueryRecord.read(on: db.database) { $0.orderBy("opened_at") }
            #expect(plainQueries.map(\.id) == fluentQueries.map(\.id) && plainQueries.allSatisfy { $0.$id.exists })
            #expect(plainQueries.map(\.auditSnapshot) == fluentQueries.map(\.auditSnapshot))
            #expect(plainQueries.map(\.textRuleJSON) == fluentQueries.map(\.textRuleJSON))
            let scoped = try await SiteScopedRecords(store: db.store, scope: .site("960")).queries(status: .answered, participant: enrolled.participantID)
            #expect(scoped.map(\.id) == [open.id] && scoped.first?.answer == "Confirmed.")
            #expect(try await SiteScopedRecords(store: db.store, scope: .site("961")).queries().isEmpty)

            // Audit events: every column, the chain's own order.
            let fluentEvents = try await AuditEventRecord.query(on: db.database).sort(\.$id).all()
            let plainEvents = try await AuditEventRecord.read(on: db.database) { $0.orderBy("sequence") }
            #expect(plainEvents.count == fluentEvents.count && !plainEvents.isEmpty)
            for (plain, fluent) in zip(plainEvents, fluentEvents) {
                #expect(plain.id == fluent.id && plain.occurredAt == fluent.occurredAt && plain.actor == fluent.actor && plain.role == fluent.role)
                #expect(plain.site == fluent.site && plain.action == fluent.action && plain.entityType == fluent.entityType)
                #expect(plain.entityID == fluent.entityID && plain.changesJSON == fluent.changesJSON && plain.reason == fluent.reason)
                #expect(plain.previousHash == fluent.previousHash && plain.hash == fluent.hash)
            }

            // A record read back inside a write (to diff an update against) equals Fluent's read.
            let participantID = try enrolled.requireID()
            let storedParticipant = try #require(try await ParticipantRecord.stored(id: participantID, on: db.database))
            let foundParticipant = try #require(try await ParticipantRecord.find(participantID, on: db.database))
            #expect(storedParticipant.auditSnapshot == foundParticipant.auditSnapshot && storedParticipant.$id.exists)
            #expect(try await ParticipantRecord.stored(id: UUID(), on: db.database) == nil)
            let storedQuery = try #require(try await DataQueryRecord.stored(id: try open.requireID(), on: db.database))
            #expect(storedQuery.auditSnapshot == plainQueries.first?.auditSnapshot)
        }
    }

    /// The default study installed, an eligible patient screened, consented and enrolled at site 960.
    static func enrolledParticipant(_ db: StoreTestDatabase) async throws -> (EnrollmentService, AuditActor, ParticipantRecord) {
        let installed = try await StudyRepository(store: db.store).installIfNeeded(yaml: StudyDefinitionFile.defaultYAML, source: "default")
        let service = EnrollmentService(store: db.store, study: installed.definition)
        try await service.activateRandomizationIfNeeded(seed: try RandomizationSeed(hex: String(repeating: "cd", count: 32)))
        let actor = AuditActor(username: "coordinator", role: .coordinator, site: "960")
        let screening = try await service.screen(eligibleSubmission(service.study, date: service.today), by: actor)
        _ = try await service.recordConsent(screeningID: try screening.requireID(),
                                            ConsentRecord(date: service.today, formVersion: "2.1", obtainedBy: "Dr Li"), reason: nil, by: actor)
        return (service, actor, try await service.enroll(screeningID: try screening.requireID(), by: actor))
    }
}
