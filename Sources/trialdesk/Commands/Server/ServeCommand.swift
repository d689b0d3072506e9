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

    func run() async throws {
        let publicURL = ProcessInfo.processInfo.environment["TRIALDESK_PUBLIC_URL"] ?? ""
        let auditKey: AuditSigningKey?
        do {
            auditKey = try ServerSettings.auditKeyFromEnvironment()
        } catch StoreError.invalidConfiguration(let message) {
            throw CommandOutput.reject(field: "TRIALDESK_AUDIT_KEY_FILE", message: message)
        }
        if auditKey == nil {
            print("The audit chain is unsigned: set TRIALDESK_AUDIT_KEY_FILE to a key made with `trialdesk audit keygen --out FILE` (kept outside the database) so that a rewritten chain is detected (docs/security.md).")
        }
        let settings = ServerSettings(
            database: database.configuration, host: host, port: port,
            secureCookies: publicURL.lowercased().hasPrefix("https://"), studyFile: study, auditKey: auditKey)
        var environment = Environment(name: "production", arguments: ["trialdesk", "serve", "--hostname", host, "--port", String(port)])
        environment.commandInput.arguments = ["serve", "--hostname", host, "--port", String(port)]
        let app = try await Application.make(environment)
        do {
            try await TrialServerApp.configure(app, settings: settings)
            app.logger.notice("TrialDesk: \(app.trialContext.studyTitle) on \(settings.database)")
            let users = try await UserDirectory(store: TrialStore(database: app.db)).userCount()
            if users == 0 {
                let dbFlag = database.db.map { " --db \($0)" } ?? ""
                print("""
                No user exists yet. Create the first administrator in another terminal:
                    swift run trialdesk user add admin --role administrator\(dbFlag)
                (the password is read from the terminal, never from the command line), then sign in at http://\(host):\(port)/
                """)
            }
            try await app.execute()
            try await app.asyncShutdown()
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
    }
}

struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Create or update the database schema (serve does this too)."
    )

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        try await CommandApplication.withDatabase(database.configuration) { app in
            let head = try await TrialStore(database: app.db).chainHead()
            print("Database \(database.configuration) is migrated; the audit chain holds \(head.sequence) events.")
        }
    }
}
