import FluentKit
import FluentSQL
import Foundation
import Logging
import TrialStore

/// The one migrated database a test process copies for each test (`DisposableDatabase.createMigrated`).
/// It is built on first use; tests asking at the same time wait for the same build.
actor MigratedTemplate {
    static let shared = MigratedTemplate()

    enum Location: Sendable {
        case sqlite(path: String)
        case postgres(serverURL: String, name: String)
    }

    private var builds: [String: Task<Location, any Error>] = [:]

    func location(postgresServerURL: String?) async throws -> Location {
        let server = postgresServerURL.flatMap { $0.isEmpty ? nil : $0 }
        let key = server ?? "sqlite"
        if let build = builds[key] { return try await build.value }
        let build = Task { try await Self.build(postgresServerURL: server) }
        builds[key] = build
        return try await build.value
    }

    /// Templates older than this are left over from runs that ended; no test run lasts this long.
    private static let staleAfter: TimeInterval = 6 * 3600

    private static func build(postgresServerURL server: String?) async throws -> Location {
        let stamp = Int(Date().timeIntervalSince1970)
        if let server {
            try? await dropStalePostgresTemplates(server: server, now: stamp)
            // The name carries its creation time so that a later run can tell a leftover from a template in use.
            let name = "td_template_\(stamp)_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(8)
            try await DisposableDatabase.withServer(server) { sql in try await sql.raw("CREATE DATABASE \(unsafeRaw: name)").run() }
            guard var components = URLComponents(string: server) else { throw StoreError.invalidConfiguration("DATABASE_URL is not a URL") }
            components.path = "/" + name
            try await migrate(.postgres(url: components.string ?? server))
            return .postgres(serverURL: server, name: name)
        }
        let folder = FileManager.default.temporaryDirectory
        removeStaleSQLiteTemplates(in: folder)
        let path = folder.appendingPathComponent("trialdesk-template-\(stamp)-\(UUID().uuidString).sqlite").path
        try await migrate(.sqlite(path: path))
        // Closing the pool checkpointed the log into the file; a copy of the file alone is the whole database.
        for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        return .sqlite(path: path)
    }

    private static func migrate(_ configuration: StoreDatabaseConfiguration) async throws {
        let (databases, database) = try await configuration.open()
        do {
            try await migrateStandalone(StoreMigrations.all, databases: databases, database: database)
            if case .sqlite = configuration, let sql = database as? any SQLDatabase {
                try await sql.raw("PRAGMA wal_checkpoint(TRUNCATE)").run()
            }
            await databases.shutdownAsync()
        } catch {
            await databases.shutdownAsync()
            throw error
        }
    }

    private static func dropStalePostgresTemplates(server: String, now: Int) async throws {
        try await DisposableDatabase.withServer(server) { sql in
            let rows = try await sql.raw("SELECT datname FROM pg_database WHERE datname LIKE 'td_template_%'").all()
            for row in rows {
                guard let name = try? row.decode(column: "datname", as: String.self) else { continue }
                let parts = name.split(separator: "_")
                guard parts.count == 4, let created = Int(parts[2]), TimeInterval(now - created) > staleAfter else { continue }
                try? await sql.raw("DROP DATABASE IF EXISTS \(unsafeRaw: name)").run()
            }
        }
    }

    private static func removeStaleSQLiteTemplates(in folder: URL) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        for name in names where name.hasPrefix("trialdesk-template-") {
            let parts = name.split(separator: "-")
            guard parts.count > 2, let created = Int(parts[2]), Date().timeIntervalSince1970 - TimeInterval(created) > staleAfter else { continue }
            try? FileManager.default.removeItem(at: folder.appendingPathComponent(name))
        }
    }
}
