import FluentKit
import FluentSQL
import Foundation
import Logging
import Testing
import TrialCore
import TrialStoreTesting
@testable import TrialStore

/// Backups are read in one snapshot while writers go on, and restore into SQLite or PostgreSQL with the same
/// rows and the same audit chain head; a damaged archive or a non-empty target is refused by name.
@Suite(.serialized) struct BackupRestoreTests {
    static let known = StoreMigrations.all.map(\.name)
    static let cutoff = CalendarDate(iso8601: "2026-11-25")!

    /// An open pool on a disposable database, migrated with `migrations` (nil: none, as a restore target).
    struct OpenDatabase {
        let disposable: DisposableDatabase
        let databases: Databases
        let database: any Database

        static func make(postgresURL: String?, migrations: [any Migration]? = StoreMigrations.all) async throws -> OpenDatabase {
            let disposable = try await DisposableDatabase.create(postgresServerURL: postgresURL)
            let (databases, database) = try await disposable.configuration.open()
            let open = OpenDatabase(disposable: disposable, databases: databases, database: database)
            if let migrations {
                do { try await open.migrate(migrations) } catch { await open.close(); throw error }
            }
            return open
        }

        func migrate(_ list: [any Migration]) async throws {
            try await migrateStandalone(list, databases: databases, database: database)
        }

        func close() async {
            await databases.shutdownAsync()
            await disposable.destroy()
        }
    }

    /// Runs `body` and closes every database afterwards, whether it threw or not.
    static func closing(_ databases: [OpenDatabase], _ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch {
            for database in databases { await database.close() }
            throw error
        }
        for database in databases { await database.close() }
    }

    static func temporaryFile(_ name: String) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("trialdesk-backup-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder.appendingPathComponent(name).path
    }

    static func restore(_ archive: StoreBackupArchive, into target: OpenDatabase) async throws -> StoreBackupRestorer.Report {
        let wanted = Set(try StoreBackupRestorer.migrationsToApply(for: archive, knownMigrations: known))
        return try await StoreBackupRestorer(database: target.database, targetDescription: "the test target", knownMigrations: known)
            .restore(archive) { try await target.migrate(StoreMigrations.all.filter { wanted.contains($0.name) }) }
    }

    static func rowCount(_ table: String, on database: any Database) async throws -> Int {
        let sql = database as! any SQLDatabase
        let row = try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from(table).first()
        return try row?.decode(column: "n", as: Int.self) ?? -1
    }

    static func demo(on database: any Database, participants: Int) async throws {
        _ = try await DemoTrialLoader(database: database, seed: 5, participants: participants, today: cutoff,
                                      timeZone: TimeZone(identifier: "UTC")!, passwordHash: "x").load()
    }

    /// A site screening patients one after the other: each screening is its own committed write.
    static func screenings(on database: any Database, count: Int) async throws {
        let store = TrialStore(database: database)
        let study = try #require(try await StudyRepository(store: store).current()?.definition, "the demo installs the study")
        let service = EnrollmentService(store: store, study: study, timeZone: TimeZone(identifier: "UTC")!)
        let coordinator = AuditActor(username: "coordinator", role: .coordinator, site: "960")
        for index in 0..<count {
            _ = try await service.screen(eligibleSubmission(study, lesions: 6 + index % 5, date: service.today), by: coordinator)
        }
    }

    /// Backs up `source` while writes go on (a small demo trial, then screenings committed one by one),
    /// restores the snapshot into `target`, and checks every table's row count and the chain head against the
    /// manifest. (The demo itself is one transaction: nothing of it is visible until it ends.)
    static func backupDuringWritesAndRestore(from source: OpenDatabase, into target: OpenDatabase) async throws {
        let path = try temporaryFile("during-writes.zip")
        let store = TrialStore(database: source.database)
        try await demo(on: source.database, participants: 8)
        let demoHead = try await store.chainHead().sequence
        let writer = Task { try await screenings(on: source.database, count: 150) }
        // Wait until the screenings have added to the chain, then back up while they go on.
        let deadline = Date().addingTimeInterval(60)
        while (try? await store.chainHead().sequence) ?? 0 < demoHead + 20, Date() < deadline {
            try await Task.sleep(nanoseconds: 20_000_000)
        }
        let manifest = try await StoreBackupWriter(database: source.database, knownMigrations: known).write(to: path)
        try await writer.value
        let finalHead = try await store.chainHead()
        #expect(manifest.auditChainHead.sequence > 0)
        #expect(manifest.auditChainHead.sequence < finalHead.sequence, "the backup was meant to be taken while the screenings were still written")
        #expect(manifest.schema.migrations == known)

        let archive = try StoreBackupArchive(path: path)
        #expect(archive.manifest == manifest)
        let report = try await restore(archive, into: target)
        #expect(report.verification.isIntact)
        #expect(report.chainHead.sequence == manifest.auditChainHead.sequence)
        #expect(report.chainHead.hash == manifest.auditChainHead.hash)
        #expect(report.pendingMigrations.isEmpty)
        for table in manifest.tables {
            #expect(try await rowCount(table.name, on: target.database) == table.rows, "\(table.name)")
        }
        #expect(manifest.tables.contains { $0.name == "audit_events" && $0.rows == Int(manifest.auditChainHead.sequence) })
        #expect(try await AuditVerifier(database: target.database).verify().isIntact)
    }

    @Test func a_backup_taken_while_writes_go_on_restores_with_the_same_rows_and_chain_head() async throws {
        let url = ProcessInfo.processInfo.environment["DATABASE_URL"]
        let source = try await OpenDatabase.make(postgresURL: url)
        let target = try await OpenDatabase.make(postgresURL: url, migrations: nil)
        try await Self.closing([source, target]) {
            try await Self.backupDuringWritesAndRestore(from: source, into: target)
        }
    }

    @Test(.enabled(if: ProcessInfo.processInfo.environment["DATABASE_URL"]?.isEmpty == false, "needs DATABASE_URL (PostgreSQL)"))
    func a_sqlite_backup_restores_into_postgresql_and_back() async throws {
        let url = ProcessInfo.processInfo.environment["DATABASE_URL"]
        let sqlite = try await OpenDatabase.make(postgresURL: nil)
        let postgres = try await OpenDatabase.make(postgresURL: url, migrations: nil)
        let sqliteAgain = try await OpenDatabase.make(postgresURL: nil, migrations: nil)
        try await Self.closing([sqlite, postgres, sqliteAgain]) {
        try await Self.backupDuringWritesAndRestore(from: sqlite, into: postgres)
        // And back: the PostgreSQL copy's backup restores into a new SQLite file with the same head.
        let path = try Self.temporaryFile("from-postgresql.zip")
        let manifest = try await StoreBackupWriter(database: postgres.database, knownMigrations: Self.known).write(to: path)
        #expect(manifest.sourceDatabase == "postgresql")
        let report = try await Self.restore(try StoreBackupArchive(path: path), into: sqliteAgain)
        #expect(report.verification.isIntact)
        #expect(report.chainHead.hash == manifest.auditChainHead.hash)
        let original = try await TrialStore(database: postgres.database).chainHead()
        #expect(report.chainHead.sequence == original.sequence)
        }
    }

    /// A small finished demo and its backup, for the refusal tests.
    static func smallBackup() async throws -> (OpenDatabase, String, BackupManifest) {
        let source = try await OpenDatabase.make(postgresURL: ProcessInfo.processInfo.environment["DATABASE_URL"])
        try await demo(on: source.database, participants: 2)
        let path = try temporaryFile("small.zip")
        let manifest = try await StoreBackupWriter(database: source.database, knownMigrations: known).write(to: path)
        return (source, path, manifest)
    }

    @Test func a_truncated_or_damaged_archive_is_refused_with_a_typed_error() async throws {
        let (source, path, manifest) = try await Self.smallBackup()
        try await Self.closing([source]) {
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))

        let truncated = try Self.temporaryFile("truncated.zip")
        try bytes.prefix(bytes.count * 2 / 3).write(to: URL(fileURLWithPath: truncated))
        #expect(throws: BackupError.unreadableArchive(path: truncated, reason: "no zip directory at its end")) {
            try StoreBackupArchive(path: truncated)
        }

        // One byte flipped inside the compressed audit events: the entry's CRC or inflate fails.
        let flipped = try Self.temporaryFile("flipped.zip")
        var damaged = bytes
        let events = try #require(damaged.range(of: Data("tables/audit_events.jsonl".utf8)))
        damaged[events.upperBound + 40] ^= 0x5A
        try damaged.write(to: URL(fileURLWithPath: flipped))
        do {
            _ = try StoreBackupArchive(path: flipped)
            Issue.record("a damaged archive was accepted")
        } catch let error as BackupError {
            switch error {
            case .corruptEntry(_, let entry, _), .checksumMismatch(_, let entry, _, _): #expect(entry == "tables/audit_events.jsonl")
            default: Issue.record("unexpected error \(error)")
            }
        }

        // A table file changed and re-packed with its old manifest (its CRC is right): the SHA-256 catches it.
        let tampered = try Self.temporaryFile("tampered.zip")
        let archive = try StoreBackupArchive(path: path)
        var files = archive.tableFiles
        let users = try #require(manifest.tables.first { $0.name == "users" })
        files[users.file] = Data(String(decoding: files[users.file]!, as: UTF8.self).replacingOccurrences(of: "coordinator", with: "administrator").utf8)
        try StoreBackupArchive.write(manifest: manifest, tableFiles: files, to: tampered)
        #expect(throws: BackupError.self) { try StoreBackupArchive(path: tampered) }
        do {
            _ = try StoreBackupArchive(path: tampered)
        } catch BackupError.checksumMismatch(_, let entry, let expected, _) {
            #expect(entry == users.file)
            #expect(expected == users.sha256)
        }

        #expect(throws: BackupError.cannotWrite(path: path, reason: "the file exists already (a backup never overwrites one)")) {
            try StoreBackupArchive.write(manifest: manifest, tableFiles: files, to: path)
        }
        }
    }

    @Test func a_target_that_holds_tables_is_refused_and_left_as_it_was() async throws {
        let (source, path, _) = try await Self.smallBackup()
        try await Self.closing([source]) {
        let archive = try StoreBackupArchive(path: path)
        let headBefore = try await TrialStore(database: source.database).chainHead()
        await #expect(throws: BackupError.self) { _ = try await Self.restore(archive, into: source) }
        do {
            _ = try await Self.restore(archive, into: source)
        } catch BackupError.targetNotEmpty(_, let tables) {
            #expect(tables.contains("audit_events"))
        }
        let headAfter = try await TrialStore(database: source.database).chainHead()
        #expect(headAfter.sequence == headBefore.sequence && headAfter.hash == headBefore.hash)
        }
    }

    @Test func a_backup_with_a_migration_this_binary_does_not_know_is_refused() async throws {
        let (source, path, _) = try await Self.smallBackup()
        await source.close()
        let archive = try StoreBackupArchive(path: path)
        #expect(throws: BackupError.archiveFromNewerVersion(archiveVersion: TrialDeskVersion.current, binaryVersion: TrialDeskVersion.current,
                                                            unknownMigrations: [Self.known.last!])) {
            try StoreBackupRestorer.migrationsToApply(for: archive, knownMigrations: Array(Self.known.dropLast()))
        }
    }

    @Test func the_load_order_puts_referenced_tables_first() {
        let order = StoreBackupRestorer.loadOrder(["api_tokens", "users", "participants", "screenings"],
                                                  references: ["api_tokens": ["users"], "participants": ["screenings"]])
        #expect(order.firstIndex(of: "users")! < order.firstIndex(of: "api_tokens")!)
        #expect(order.firstIndex(of: "screenings")! < order.firstIndex(of: "participants")!)
    }
}
