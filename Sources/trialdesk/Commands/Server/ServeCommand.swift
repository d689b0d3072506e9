import ArgumentParser
import Foundation
import TrialServer
import TrialStore
import Vapor

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Start the TrialDesk web application and API.",
        discussion: """
        On first start the database is created and migrated and the study definition installed (the built-in \
        default study unless --study names a file). Set DATABASE_URL=postgres://user:password@host:port/db to \
        use PostgreSQL. Set TRIALDESK_PUBLIC_URL=https://... when served behind TLS (marks cookies Secure).
        """
    )

    @OptionGroup var database: DatabaseOptions

    @Option(help: "Address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "Port to listen on.")
    var port = 8080

    @Option(help: "Study definition YAML installed at first start (default: the built-in study).")
    var study: String?

    @Flag(help: "Apply pending migrations to an existing database before serving (back it up first). A new database is always migrated.")
    var migrate = false

    @Option(name: .customLong("log-format"), help: "text (default) or json: one JSON object per log line on standard error.")
    var logFormat: LogFormat = .text

    @Option(name: .customLong("backup-dir"), help: "Folder (on another disk) for scheduled backups taken by the server ($TRIALDESK_BACKUP_DIR).")
    var backupDir: String?

    @Option(name: .customLong("backup-every"), help: "Interval between scheduled backups: 30m, 6h, 24h, 7d (default 24h; $TRIALDESK_BACKUP_EVERY).")
    var backupEvery: String?

    @Option(name: .customLong("keep"), help: "How many scheduled backups to keep in --backup-dir (default 14; $TRIALDESK_BACKUP_KEEP).")
    var keep: String?

    /// The scheduled backups asked for by flags, else by environment variables; nil when no folder is named.
    static func backupPlan(directory: String?, every: String?, keep: String?, environment: [String: String]) throws -> BackupPlan? {
        func pick(_ flag: String?, _ flagName: String, _ variable: String) -> (value: String, name: String)? {
            if let flag { return (flag, flagName) }
            if let value = environment[variable], !value.isEmpty { return (value, variable) }
            return nil
        }
        let directoryValue = pick(directory, "--backup-dir", "TRIALDESK_BACKUP_DIR")
        let everyValue = pick(every, "--backup-every", "TRIALDESK_BACKUP_EVERY")
        let keepValue = pick(keep, "--keep", "TRIALDESK_BACKUP_KEEP")
        guard let directoryValue else {
            if everyValue != nil || keepValue != nil { throw BackupPlanError.missingDirectory(option: "--backup-dir") }
            return nil
        }
        return try BackupPlan.parse(directory: directoryValue.value, interval: everyValue?.value ?? "24h", keep: keepValue?.value ?? "14",
                                    names: (directoryValue.name, everyValue?.name ?? "--backup-every", keepValue?.name ?? "--keep"))
    }

    func run() async throws {
        let backupPlan: BackupPlan?
        do {
            backupPlan = try Self.backupPlan(directory: backupDir, every: backupEvery, keep: keep, environment: ProcessInfo.processInfo.environment)
        } catch let problem as BackupPlanError {
            throw CommandOutput.reject(field: problem.option, message: problem.description)
        }
        if logFormat == .json {
            LoggingSystem.bootstrap { label in JSONLineLogHandler(label: label) }
        }
        // What serve tells its operator at start: plain lines, or log entries when the log is JSON.
        let tell: (String) -> Void = { [logFormat] text in
            if logFormat == .json { Logger(label: "trialdesk.serve").notice("\(text)") } else { print(text) }
        }
        let publicURL = ProcessInfo.processInfo.environment["TRIALDESK_PUBLIC_URL"] ?? ""
        let auditKey: AuditSigningKey?
        do {
            auditKey = try ServerSettings.auditKeyFromEnvironment()
        } catch StoreError.invalidConfiguration(let message) {
            throw CommandOutput.reject(field: "TRIALDESK_AUDIT_KEY_FILE", message: message)
        }
        if auditKey == nil {
            tell("The audit chain is unsigned: set TRIALDESK_AUDIT_KEY_FILE to a key made with `trialdesk audit keygen --out FILE` (kept outside the database) so that a rewritten chain is detected (docs/security.md).")
        }
        let settings = ServerSettings(
            database: database.configuration, host: host, port: port,
            secureCookies: publicURL.lowercased().hasPrefix("https://"), studyFile: study, auditKey: auditKey,
            pendingMigrations: migrate ? .apply : .refuseOnExistingDatabase, backupPlan: backupPlan)
        var environment = Environment(name: "production", arguments: ["trialdesk", "serve", "--hostname", host, "--port", String(port)])
        environment.commandInput.arguments = ["serve", "--hostname", host, "--port", String(port)]
        let app = try await Application.make(environment)
        do {
            try await TrialServerApp.configure(app, settings: settings)
            app.logger.notice("TrialDesk: \(app.trialContext.studyTitle) on \(settings.database)")
            let users = try await UserDirectory(store: TrialStore(database: app.db)).userCount()
            if users == 0 {
                let dbFlag = database.db.map { " --db \($0)" } ?? ""
                tell("""
                No user exists yet. Create the first administrator in another terminal:
                    swift run trialdesk user add admin --role administrator\(dbFlag)
                (the password is read from the terminal, never from the command line), then sign in at http://\(host):\(port)/
                """)
            }
            try await app.execute()
            try await app.asyncShutdown()
        } catch let refusal as SchemaVersionError {
            try? await app.asyncShutdown()
            throw CommandOutput.fail(refusal.description)
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
    }
}

struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Create or update the database schema (serve does this for a new database, and with --migrate).",
        discussion: "Back up an existing database first (trialdesk backup --out FILE). A database migrated by a newer TrialDesk is refused."
    )

    @OptionGroup var database: DatabaseOptions

    @Flag(name: .customLong("dry-run"), help: "List the migrations that would run, and change nothing.")
    var dryRun = false

    func run() async throws {
        let configuration = database.configuration
        do {
            if dryRun {
                try await CommandApplication.withDatabase(configuration, migrate: false, signsWhatItWrote: false) { app in
                    let status = try await TrialServerApp.schemaGuard(app, configuration).check(.apply)
                    let from = status.recordedVersion.map { " (last migrated by TrialDesk \($0))" } ?? ""
                    if status.pending.isEmpty {
                        print("\(configuration) is up to date\(from): \(status.applied.count) migrations applied, none pending.")
                    } else {
                        print("\(configuration)\(status.isNewDatabase ? " is new" : from): \(status.applied.count) migrations applied, \(status.pending.count) pending for TrialDesk \(TrialDeskVersion.current):")
                        for name in status.pending { print("  \(name)") }
                    }
                }
                return
            }
            try await CommandApplication.withDatabase(configuration, pendingMigrations: .apply) { app in
                let head = try await TrialStore(database: app.db).chainHead()
                print("Database \(configuration) is migrated (TrialDesk \(TrialDeskVersion.current)); the audit chain holds \(head.sequence) events.")
            }
        } catch let refusal as SchemaVersionError {
            throw CommandOutput.fail(refusal.description)
        }
    }
}
