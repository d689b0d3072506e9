import Foundation
import Testing
import TrialTestFixtures
import TrialStore
import TrialStoreTesting

/// `trialdesk backup`, `restore` and the upgrade guard as an operator uses them: exit codes, messages that
/// name what is wrong, and a round trip that ends with the same audit chain head.
@Suite struct BackupRestoreCommandTests {
    static let password = "Demo-2026-trial"

    static func demo(in folder: URL, participants: Int = 3) async throws -> String {
        let db = folder.appendingPathComponent("source.sqlite").path
        let made = try await TrialDeskBinary.run(["demo", "--db", db, "--password", password, "--seed", "2", "--participants", String(participants),
                                            "--today", "2026-11-25"])
        #expect(made.status == 0, "\(made.stderr)")
        return db
    }

    static func head(_ json: Any?) -> (Int, String)? {
        guard let object = json as? [String: Any],
              let head = (object["auditChainHead"] ?? object["chainHead"]) as? [String: Any],
              let sequence = head["sequence"] as? Int, let hash = head["hash"] as? String else { return nil }
        return (sequence, hash)
    }

    /// Runs `trialdesk ARGS` and ends it after `seconds` (a server that should have refused to start would
    /// otherwise run on); the status is then that of a terminated process.
    static func runBriefly(_ arguments: [String], seconds: TimeInterval = 60) async throws -> (status: Int32, stderr: String) {
        // Waited for on a thread of its own, as `ChildProcess` says why.
        try await ChildProcess.onOwnThread { try runBrieflyWaiting(arguments, seconds: seconds) }
    }

    private static func runBrieflyWaiting(_ arguments: [String], seconds: TimeInterval) throws -> (status: Int32, stderr: String) {
        let process = Process()
        process.executableURL = try TrialDeskBinary.url()
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["DATABASE_URL"] = nil
        environment["TRIALDESK_DB"] = nil
        process.environment = environment
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.1) }
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self))
    }

    @Test func a_demo_study_backs_up_and_restores_into_a_new_file_with_the_same_chain_head() async throws {
        let folder = try TrialDeskBinary.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let source = try await Self.demo(in: folder)
        let archive = folder.appendingPathComponent("backup.zip").path

        let backup = try await TrialDeskBinary.run(["backup", "--db", source, "--out", archive, "--json"])
        #expect(backup.status == 0, "\(backup.stderr)")
        let manifestHead = try #require(Self.head(backup.json))
        #expect(manifestHead.0 > 0)
        let manifest = try #require(backup.json as? [String: Any])
        #expect(manifest["trialDeskVersion"] as? String == TrialDeskVersion.current)
        #expect((manifest["schema"] as? [String: Any])?["migrationCount"] as? Int ?? 0 >= StoreMigrations.all.count)

        let target = folder.appendingPathComponent("restored.sqlite").path
        let restored = try await TrialDeskBinary.run(["restore", archive, "--db", target, "--json"])
        #expect(restored.status == 0, "\(restored.stdout)\(restored.stderr)")
        let restoredHead = try #require(Self.head(restored.json))
        #expect(restoredHead == manifestHead)
        let text = try await TrialDeskBinary.run(["restore", archive, "--db", folder.appendingPathComponent("again.sqlite").path])
        #expect(text.stdout.contains("audit chain head: event \(manifestHead.0), hash \(manifestHead.1)"), "\(text.stdout)")

        let verify = try await TrialDeskBinary.run(["audit", "verify", "--db", target, "--json"])
        #expect(verify.status == 0, "\(verify.stdout)")
        // The restored database serves as it is: nothing is pending.
        let dryRun = try await TrialDeskBinary.run(["migrate", "--dry-run", "--db", target])
        #expect(dryRun.stdout.contains("up to date"), "\(dryRun.stdout)\(dryRun.stderr)")

        let intoFull = try await TrialDeskBinary.run(["restore", archive, "--db", target])
        #expect(intoFull.status == 1)
        #expect(intoFull.stderr.contains("already holds tables"), "\(intoFull.stderr)")
        let overwrite = try await TrialDeskBinary.run(["backup", "--db", source, "--out", archive])
        #expect(overwrite.status == 1)
        #expect(overwrite.stderr.contains("exists already"), "\(overwrite.stderr)")
    }

    @Test func a_truncated_backup_is_refused_and_leaves_no_target_behind() async throws {
        let folder = try TrialDeskBinary.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let source = try await Self.demo(in: folder, participants: 1)
        let archive = folder.appendingPathComponent("backup.zip")
        #expect(try await TrialDeskBinary.run(["backup", "--db", source, "--out", archive.path]).status == 0)
        let bytes = try Data(contentsOf: archive)
        let truncated = folder.appendingPathComponent("truncated.zip")
        try bytes.prefix(bytes.count / 2).write(to: truncated)

        let target = folder.appendingPathComponent("restored.sqlite").path
        let refused = try await TrialDeskBinary.run(["restore", truncated.path, "--db", target])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("is not a readable TrialDesk backup"), "\(refused.stderr)")
        #expect(!FileManager.default.fileExists(atPath: target))
    }

    @Test func an_existing_database_with_pending_migrations_is_migrated_only_when_asked() async throws {
        let folder = try TrialDeskBinary.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let db = try await Self.demo(in: folder, participants: 1)
        // What the previous release left: the same database without the newest migration.
        let newest = "TrialStore.CreateStoreVersion"
        try await StoreDatabaseConfiguration.sqlite(path: db).execute([
            "DROP TABLE store_version", "DELETE FROM _fluent_migrations WHERE name = '\(newest)'"])

        let dryRun = try await TrialDeskBinary.run(["migrate", "--dry-run", "--db", db])
        #expect(dryRun.status == 0, "\(dryRun.stderr)")
        #expect(dryRun.stdout.contains("1 pending") && dryRun.stdout.contains(newest), "\(dryRun.stdout)")

        let port = 21_000 + Int.random(in: 0..<4000)
        let serve = try await Self.runBriefly(["serve", "--db", db, "--port", String(port)])
        #expect(serve.status == 1, "serve started on a database with a pending migration: \(serve.stderr)")
        #expect(serve.stderr.contains("trialdesk backup") && serve.stderr.contains("trialdesk migrate") && serve.stderr.contains("serve --migrate"),
                "\(serve.stderr)")

        let migrated = try await TrialDeskBinary.run(["migrate", "--db", db])
        #expect(migrated.status == 0, "\(migrated.stderr)")
        let after = try await TrialDeskBinary.run(["migrate", "--dry-run", "--db", db])
        #expect(after.stdout.contains("up to date") && after.stdout.contains("TrialDesk \(TrialDeskVersion.current)"), "\(after.stdout)")
    }

    @Test func a_binary_older_than_the_database_refuses_to_start_naming_both_versions() async throws {
        let folder = try TrialDeskBinary.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let db = try await Self.demo(in: folder, participants: 1)
        // What a newer release leaves: a migration this binary does not know, and its version recorded.
        try await StoreDatabaseConfiguration.sqlite(path: db).execute([
            "INSERT INTO _fluent_migrations (id, name, batch) VALUES (X'00112233445566778899AABBCCDDEEFF', 'TrialStore.AddSomethingNewer', 9)",
            "UPDATE store_version SET trialdesk_version = '99.1.0'"])

        let port = 21_000 + Int.random(in: 0..<4000)
        let serve = try await Self.runBriefly(["serve", "--db", db, "--port", String(port), "--migrate"])
        #expect(serve.status == 1, "serve started on a newer database: \(serve.stderr)")
        #expect(serve.stderr.contains("TrialDesk 99.1.0") && serve.stderr.contains("TrialDesk \(TrialDeskVersion.current)")
                && serve.stderr.contains("TrialStore.AddSomethingNewer"), "\(serve.stderr)")
        let migrate = try await TrialDeskBinary.run(["migrate", "--db", db])
        #expect(migrate.status == 1)
        #expect(migrate.stderr.contains("older than the database"), "\(migrate.stderr)")
    }

    @Test(.enabled(if: ProcessInfo.processInfo.environment["DATABASE_URL"]?.isEmpty == false, "needs DATABASE_URL (PostgreSQL)"))
    func a_sqlite_backup_restores_into_postgresql_and_its_backup_back_into_sqlite() async throws {
        let folder = try TrialDeskBinary.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let source = try await Self.demo(in: folder)
        let fromSQLite = folder.appendingPathComponent("from-sqlite.zip").path
        let backup = try await TrialDeskBinary.run(["backup", "--db", source, "--out", fromSQLite, "--json"])
        let head = try #require(Self.head(backup.json), "\(backup.stderr)")

        let postgres = try await DisposableDatabase.create(postgresServerURL: ProcessInfo.processInfo.environment["DATABASE_URL"])
        guard case .postgres(let url) = postgres.configuration else { Issue.record("not PostgreSQL"); return }
        do {
            let intoPostgres = try await TrialDeskBinary.run(["restore", fromSQLite, "--json"], environment: ["DATABASE_URL": url])
            #expect(intoPostgres.status == 0, "\(intoPostgres.stdout)\(intoPostgres.stderr)")
            #expect(Self.head(intoPostgres.json).map { $0 == head } == true)
            let fromPostgres = folder.appendingPathComponent("from-postgresql.zip").path
            let again = try await TrialDeskBinary.run(["backup", "--out", fromPostgres, "--json"], environment: ["DATABASE_URL": url])
            #expect(Self.head(again.json).map { $0 == head } == true, "\(again.stderr)")
            #expect((again.json as? [String: Any])?["sourceDatabase"] as? String == "postgresql")
            let target = folder.appendingPathComponent("back-in-sqlite.sqlite").path
            let intoSQLite = try await TrialDeskBinary.run(["restore", fromPostgres, "--db", target, "--json"])
            #expect(intoSQLite.status == 0, "\(intoSQLite.stdout)\(intoSQLite.stderr)")
            #expect(Self.head(intoSQLite.json).map { $0 == head } == true)
            #expect(try await TrialDeskBinary.run(["audit", "verify", "--db", target]).status == 0)
            await postgres.destroy()
        } catch {
            await postgres.destroy()
            throw error
        }
    }
}
