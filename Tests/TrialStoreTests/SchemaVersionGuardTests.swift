import FluentKit
import FluentSQL
import Foundation
import Testing
import TrialStoreTesting
@testable import TrialStore

/// An older binary refuses a newer database, naming both versions; an existing database with pending
/// migrations is migrated only when asked; a new database always is.
@Suite struct SchemaVersionGuardTests {
    static let known = StoreMigrations.all.map(\.name)

    static func guardOf(_ db: StoreTestDatabase, known: [String] = known, version: String = TrialDeskVersion.current) -> SchemaVersionGuard {
        SchemaVersionGuard(database: db.database, knownMigrations: known, binaryVersion: version, databaseDescription: "the test database")
    }

    @Test func a_migrated_database_of_this_version_opens_with_nothing_pending() async throws {
        try await withStoreDatabase { db in
            try await Self.guardOf(db).recordMigrated()
            let status = try await Self.guardOf(db).check(.refuseOnExistingDatabase)
            #expect(status.pending.isEmpty)
            #expect(status.applied == Self.known)
            #expect(status.recordedVersion == TrialDeskVersion.current)
        }
    }

    @Test func a_new_database_is_migrated_whatever_the_policy() async throws {
        let disposable = try await DisposableDatabase.create(postgresServerURL: ProcessInfo.processInfo.environment["DATABASE_URL"])
        let (databases, database) = try await disposable.configuration.open()
        let guardian = SchemaVersionGuard(database: database, knownMigrations: Self.known, databaseDescription: "new")
        let status = try await guardian.check(.refuseOnExistingDatabase)
        await databases.shutdownAsync()
        await disposable.destroy()
        #expect(status.isNewDatabase)
        #expect(status.pending == Self.known)
    }

    @Test func a_database_with_a_migration_this_binary_does_not_know_is_refused_naming_both_versions() async throws {
        try await withStoreDatabase { db in
            try await Self.guardOf(db, version: "1.4.0").recordMigrated()
            // What a newer binary leaves behind: a migration this one has never heard of.
            try await db.sql.insert(into: "_fluent_migrations").columns("id", "name", "batch")
                .values(SQLBind(UUID()), SQLBind("TrialStore.AddSomethingNewer"), SQLBind(2)).run()
            do {
                try await Self.guardOf(db, version: "1.3.0").check(.apply)
                Issue.record("an older binary opened a newer database")
            } catch let error as SchemaVersionError {
                #expect(error == .databaseIsNewer(database: "the test database", databaseVersion: "1.4.0", binaryVersion: "1.3.0",
                                                  unknownMigrations: ["TrialStore.AddSomethingNewer"]))
                #expect(error.description.contains("TrialDesk 1.4.0") && error.description.contains("TrialDesk 1.3.0"))
            }
        }
    }

    @Test func a_database_last_migrated_by_a_newer_version_is_refused() async throws {
        try await withStoreDatabase { db in
            try await Self.guardOf(db, version: "2.0.0").recordMigrated()
            await #expect(throws: SchemaVersionError.databaseIsNewer(database: "the test database", databaseVersion: "2.0.0",
                                                                     binaryVersion: "1.10.0", unknownMigrations: [])) {
                try await Self.guardOf(db, version: "1.10.0").check(.apply)
            }
            // 1.10 is newer than 1.9: versions compare by number, not as text.
            #expect(TrialDeskVersion.isNewer("1.10.0", than: "1.9.3"))
        }
    }

    @Test func pending_migrations_on_an_existing_database_need_to_be_asked_for() async throws {
        try await withStoreDatabase { db in
            // A database an earlier binary made: everything but the last migration.
            let last = try #require(Self.known.last)
            try await db.sql.delete(from: "_fluent_migrations").where("name", .equal, SQLBind(last)).run()
            await #expect(throws: SchemaVersionError.self) { try await Self.guardOf(db).check(.refuseOnExistingDatabase) }
            do {
                try await Self.guardOf(db).check(.refuseOnExistingDatabase)
            } catch let error as SchemaVersionError {
                #expect(error.description.contains("trialdesk migrate") && error.description.contains("serve --migrate"))
                #expect(error.description.contains(last))
            }
            let status = try await Self.guardOf(db).check(.apply)
            #expect(status.pending == [last])
        }
    }
}
