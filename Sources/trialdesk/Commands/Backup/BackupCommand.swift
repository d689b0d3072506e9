import ArgumentParser
import Foundation
import TrialServer
import TrialStore

struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Write a consistent backup of the database to FILE while the server runs and writes.",
        discussion: """
        The backup is a zip archive: manifest.json (TrialDesk version, applied migrations, audit chain head, \
        SHA-256 of every table file) and one JSON-lines file per table, all read inside one snapshot \
        transaction. It restores into SQLite or PostgreSQL alike (trialdesk restore FILE). Web sessions are \
        not included: after a restore everyone signs in again. An existing FILE is never overwritten.
        """
    )

    @OptionGroup var database: DatabaseOptions

    @Option(help: "The backup file to write (e.g. trialdesk-2026-12-06.zip).")
    var out: String

    @Flag(help: "Print the manifest as JSON.")
    var json = false

    func run() async throws {
        let configuration = database.configuration
        if case .sqlite(let path) = configuration, !FileManager.default.fileExists(atPath: path) {
            throw CommandOutput.reject(field: "db", message: "\(path) does not exist: there is nothing to back up")
        }
        let manifest: BackupManifest
        do {
            // A backup writes nothing, so it signs nothing, even when the server's writes move the head meanwhile.
            manifest = try await CommandApplication.withDatabase(configuration, migrate: false, signsWhatItWrote: false) { app in
                try await StoreBackupWriter(database: app.db, knownMigrations: TrialServerApp.migrationNames).write(to: out)
            }
        } catch let failure as BackupError {
            throw CommandOutput.fail(failure.description)
        } catch StoreError.auditChainUninitialised {
            throw CommandOutput.fail("\(configuration) holds no TrialDesk audit chain: there is nothing to back up")
        }
        if json {
            try CommandOutput.printJSON(manifest)
            return
        }
        let rows = manifest.tables.reduce(0) { $0 + $1.rows }
        print("""
        Backed up \(configuration) to \(out):
          \(manifest.tables.count) tables, \(rows) rows; schema of \(manifest.schema.migrationCount) migrations; TrialDesk \(manifest.trialDeskVersion)
          audit chain head: event \(manifest.auditChainHead.sequence), hash \(manifest.auditChainHead.hash)
          content SHA-256: \(manifest.contentSHA256)
        """)
    }
}

struct RestoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Restore a backup into a new SQLite file (--db NEW) or an empty PostgreSQL database (DATABASE_URL).",
        discussion: """
        Refuses a damaged or truncated backup and a target that already holds tables. The target is migrated \
        to the backup's schema, the rows are loaded in one transaction, and the audit chain is verified as \
        `trialdesk audit verify` does; its head must equal the manifest's. A backup older than this TrialDesk \
        leaves migrations pending: run `trialdesk migrate` afterwards.
        """
    )

    @Argument(help: "The backup file (from trialdesk backup --out FILE).")
    var file: String

    @OptionGroup var database: DatabaseOptions

    @Flag(help: "Print the result as JSON.")
    var json = false

    struct Summary: Encodable {
        var restoredInto: String
        var tables: Int
        var rows: Int
        var chainHead: BackupManifest.ChainHead
        var eventsVerified: Int
        var recordsVerified: Int
        var pendingMigrations: [String]
    }

    func run() async throws {
        let configuration = database.configuration
        var trusted: [String] = []
        do {
            if let key = try ServerSettings.auditKeyFromEnvironment() { trusted = [key.publicKeyText] }
        } catch StoreError.invalidConfiguration(let message) {
            throw CommandOutput.reject(field: "TRIALDESK_AUDIT_KEY_FILE", message: message)
        }
        var createdFile: String?
        if case .sqlite(let path) = configuration, !FileManager.default.fileExists(atPath: path) { createdFile = path }
        let report: StoreBackupRestorer.Report
        do {
            let archive = try StoreBackupArchive(path: file)
            let migrations = try StoreBackupRestorer.migrationsToApply(for: archive, knownMigrations: TrialServerApp.migrationNames)
            report = try await CommandApplication.withDatabase(configuration, migrate: false, onlyMigrations: migrations,
                                                               signsWhatItWrote: false) { app in
                try await TrialServerApp.prepareSQLite(app, configuration)
                app.fluent.migrationLogLevel = .debug
                return try await StoreBackupRestorer(database: app.db, targetDescription: configuration.description,
                                                     knownMigrations: TrialServerApp.migrationNames)
                    .restore(archive, trustedPublicKeys: trusted) { try await app.autoMigrate() }
            }
        } catch let failure as BackupError {
            // A new SQLite file that did not receive the backup is removed, so that a second try starts clean.
            if let createdFile {
                for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: createdFile + suffix) }
            }
            throw CommandOutput.fail(failure.description)
        }
        let summary = Summary(
            restoredInto: configuration.description, tables: report.manifest.tables.count, rows: report.rowsLoaded,
            chainHead: .init(sequence: report.chainHead.sequence, hash: report.chainHead.hash),
            eventsVerified: report.verification.eventsChecked, recordsVerified: report.verification.recordsChecked,
            pendingMigrations: report.pendingMigrations)
        if json {
            try CommandOutput.printJSON(summary)
            return
        }
        print("""
        Restored \(file) (TrialDesk \(report.manifest.trialDeskVersion), from \(report.manifest.sourceDatabase)) into \(configuration):
          \(summary.tables) tables, \(summary.rows) rows
          audit chain intact: \(summary.eventsVerified) events, \(summary.recordsVerified) records match their history
          audit chain head: event \(summary.chainHead.sequence), hash \(summary.chainHead.hash) (equal to the manifest's)
        """)
        if !report.pendingMigrations.isEmpty {
            print("The backup predates \(report.pendingMigrations.count) migration(s) of this TrialDesk \(TrialDeskVersion.current): run `trialdesk migrate` before serving.")
        }
    }
}
