import ArgumentParser
import Foundation
import TrialServer
import TrialStore
import Vapor

/// `--db PATH`: the SQLite file (default `TRIALDESK_DB`, then ./trialdesk.sqlite); `DATABASE_URL` selects PostgreSQL.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: "SQLite database file (default: $TRIALDESK_DB or ./trialdesk.sqlite). DATABASE_URL selects PostgreSQL instead.")
    var db: String?

    var configuration: StoreDatabaseConfiguration {
        StoreDatabaseConfiguration.resolve(flag: db)
    }
}

/// A Vapor application that only opens the database (for commands that do not serve HTTP).
enum CommandApplication {
    /// `migrate` runs the version guard and the migrations first; an existing database with pending
    /// migrations is refused unless `pendingMigrations` is `.apply` (only `trialdesk migrate` says so).
    /// `onlyMigrations` registers just those (a restore rebuilds the schema its backup was taken at).
    static func withDatabase<T>(
        _ configuration: StoreDatabaseConfiguration,
        migrate: Bool = true,
        pendingMigrations: SchemaVersionGuard.PendingMigrations = .refuseOnExistingDatabase,
        onlyMigrations: [String]? = nil,
        signsWhatItWrote: Bool = true,
        _ body: (Application) async throws -> T
    ) async throws -> T {
        let auditKey: AuditSigningKey?
        do {
            auditKey = try ServerSettings.auditKeyFromEnvironment()
        } catch StoreError.invalidConfiguration(let message) {
            throw CommandOutput.reject(field: "TRIALDESK_AUDIT_KEY_FILE", message: message)
        }
        var environment = Environment(name: "production", arguments: ["trialdesk"])
        environment.commandInput.arguments = []
        let app = try await Application.make(environment)
        app.logger.logLevel = .warning
        do {
            if migrate {
                try await TrialServerApp.prepareStore(app, settings: ServerSettings(database: configuration, auditKey: auditKey,
                                                                                    pendingMigrations: pendingMigrations))
            } else {
                try TrialServerApp.useDatabase(app, configuration, onlyMigrations: onlyMigrations)
            }
            let store = TrialStore(database: app.db)
            let headBefore = try? await store.chainHead()
            app.storage[CommandAuditKey.self] = auditKey
            let result = try await body(app)
            // A command that wrote signs a checkpoint of what it wrote, when the audit key is configured.
            if signsWhatItWrote, let auditKey, let head = try? await store.chainHead(), head.sequence != headBefore?.sequence {
                try await AuditCheckpoints(store: store).sign(with: auditKey)
            }
            try await app.asyncShutdown()
            return result
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
    }
}

/// The audit key a command was started with, for commands that seal or unseal (the demo, randomization verify).
struct CommandAuditKey: StorageKey {
    typealias Value = AuditSigningKey
}
