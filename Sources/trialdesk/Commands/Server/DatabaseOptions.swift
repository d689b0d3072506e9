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
    static func withDatabase<T>(
        _ configuration: StoreDatabaseConfiguration,
        migrate: Bool = true,
        _ body: (Application) async throws -> T
    ) async throws -> T {
        var environment = Environment(name: "production", arguments: ["trialdesk"])
        environment.commandInput.arguments = []
        let app = try await Application.make(environment)
        app.logger.logLevel = .warning
        do {
            if migrate {
                try await TrialServerApp.prepareStore(app, settings: ServerSettings(database: configuration))
            } else {
                try TrialServerApp.useDatabase(app, configuration)
            }
            let result = try await body(app)
            try await app.asyncShutdown()
            return result
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
    }
}
