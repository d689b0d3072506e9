import FluentKit
import FluentSQL
import Foundation
import TrialCore

/// Decides, before any migration runs, whether this binary may open a database: one that is newer than the
/// binary is refused, and an existing database with pending migrations is migrated only when asked to (an
/// upgrade is a step someone takes after a backup, not a side effect of a restart).
public struct SchemaVersionGuard: Sendable {
    /// What to do with an existing database whose schema this binary would extend.
    public enum PendingMigrations: Sendable, Equatable {
        /// Apply them (`trialdesk migrate`, `serve --migrate`, the test suites).
        case apply
        /// Refuse to start with a message to back up and migrate first. A new, empty database is still migrated.
        case refuseOnExistingDatabase
    }

    public struct Status: Sendable, Equatable {
        /// Applied migrations; empty for a new database.
        public var applied: [String]
        /// Known to this binary and not applied yet, in the order they would run.
        public var pending: [String]
        /// Applied but unknown to this binary: a newer TrialDesk migrated the database.
        public var unknown: [String]
        /// The TrialDesk version that last migrated the database, when it recorded one.
        public var recordedVersion: String?

        public var isNewDatabase: Bool { applied.isEmpty }
    }

    public let database: any Database
    /// Every migration this binary registers, in order.
    public let knownMigrations: [String]
    public let binaryVersion: String
    public let databaseDescription: String

    public init(database: any Database, knownMigrations: [String], binaryVersion: String = TrialDeskVersion.current,
                databaseDescription: String) {
        self.database = database
        self.knownMigrations = knownMigrations
        self.binaryVersion = binaryVersion
        self.databaseDescription = databaseDescription
    }

    public func status() async throws -> Status {
        let catalog = try StoreCatalog(database)
        let applied = try await catalog.appliedMigrations()
        let appliedSet = Set(applied)
        var recorded: String?
        if try await catalog.tableNames().contains(StoreVersionRecord.schema) {
            recorded = try await StoreVersionRecord.find(StoreVersionRecord.rowID, on: database)?.trialDeskVersion
        }
        return Status(applied: StoreCatalog.inRunOrder(applied, known: knownMigrations),
                      pending: knownMigrations.filter { !appliedSet.contains($0) },
                      unknown: applied.filter { !knownMigrations.contains($0) }.sorted(),
                      recordedVersion: recorded)
    }

    /// Throws `SchemaVersionError` when this binary must not go on; returns the status otherwise.
    @discardableResult
    public func check(_ policy: PendingMigrations) async throws -> Status {
        let status = try await status()
        let newerRecorded = status.recordedVersion.map { TrialDeskVersion.isNewer($0, than: binaryVersion) } ?? false
        if !status.unknown.isEmpty || newerRecorded {
            throw SchemaVersionError.databaseIsNewer(database: databaseDescription, databaseVersion: status.recordedVersion,
                                                     binaryVersion: binaryVersion, unknownMigrations: status.unknown)
        }
        if policy == .refuseOnExistingDatabase, !status.isNewDatabase, !status.pending.isEmpty {
            throw SchemaVersionError.migrationsPending(database: databaseDescription, databaseVersion: status.recordedVersion,
                                                       binaryVersion: binaryVersion, pending: status.pending)
        }
        return status
    }

    /// Records that this binary migrated the database (after a successful migration).
    public func recordMigrated() async throws {
        let catalog = try StoreCatalog(database)
        guard try await catalog.tableNames().contains(StoreVersionRecord.schema) else { return }
        let count = try await catalog.appliedMigrations().count
        let record = try await StoreVersionRecord.find(StoreVersionRecord.rowID, on: database) ?? StoreVersionRecord()
        if record.id != nil, record.trialDeskVersion == binaryVersion, record.migrationCount == count { return }
        record.id = StoreVersionRecord.rowID
        record.trialDeskVersion = binaryVersion
        record.migrationCount = count
        record.migratedAt = UTCTimestamp.string(from: Date())
        try await record.save(on: database)
    }
}

/// Why this binary will not open a database, naming both versions and the way forward.
public enum SchemaVersionError: Error, Sendable, Equatable, CustomStringConvertible {
    case databaseIsNewer(database: String, databaseVersion: String?, binaryVersion: String, unknownMigrations: [String])
    case migrationsPending(database: String, databaseVersion: String?, binaryVersion: String, pending: [String])

    public var description: String {
        switch self {
        case .databaseIsNewer(let database, let databaseVersion, let binaryVersion, let unknown):
            let by = databaseVersion.map { "TrialDesk \($0)" } ?? "a newer TrialDesk"
            let what = unknown.isEmpty ? "" : " with \(unknown.count) migration(s) this binary does not know (\(unknown.joined(separator: ", ")))"
            return "\(database) was migrated by \(by)\(what); this binary is TrialDesk \(binaryVersion), older than the database, and will not open it: run \(by) or newer"
        case .migrationsPending(let database, let databaseVersion, let binaryVersion, let pending):
            let from = databaseVersion.map { "TrialDesk \($0)" } ?? "an earlier TrialDesk"
            return "\(database) was last migrated by \(from); this TrialDesk \(binaryVersion) has \(pending.count) migration(s) to apply (\(pending.joined(separator: ", "))). Back it up first (trialdesk backup --out FILE), then run `trialdesk migrate` or start with `trialdesk serve --migrate`"
        }
    }
}

/// The one row that says which TrialDesk version last migrated the database and to how many migrations.
final class StoreVersionRecord: Model, @unchecked Sendable {
    static let schema = "store_version"
    static let rowID = 1

    @ID(custom: "id", generatedBy: .user) var id: Int?
    @Field(key: "trialdesk_version") var trialDeskVersion: String
    @Field(key: "migration_count") var migrationCount: Int
    @Field(key: "migrated_at") var migratedAt: String

    init() {}
}

struct CreateStoreVersion: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(StoreVersionRecord.schema)
            .field("id", .int, .identifier(auto: false))
            .field("trialdesk_version", .string, .required)
            .field("migration_count", .int, .required)
            .field("migrated_at", .string, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(StoreVersionRecord.schema).delete()
    }
}
