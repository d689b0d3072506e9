import FluentKit
import TrialStore
import FluentSQL
import Foundation
import Logging
import NIOCore
import NIOPosix

extension StoreDatabaseConfiguration {
    /// Opens a connection pool outside any web application, for a test. Close it with
    /// `databases.shutdownAsync()`.
    ///
    /// A request waits up to five minutes for a pooled connection, not the server's minute: the tests run
    /// hundreds at once on two cores, and a test that queues forty writers behind four connections (to show
    /// that they keep one chain) measures correctness, not how fast an overloaded machine serves them.
    public func open(logger: Logger = Logger(label: "trialdesk.store")) async throws -> (Databases, any Database) {
        let databases = Databases(threadPool: NIOThreadPool.singleton, on: MultiThreadedEventLoopGroup.singleton)
        databases.use(try factory(connectionWait: .minutes(5)), as: databaseID)
        guard let database = databases.database(databaseID, logger: logger, on: MultiThreadedEventLoopGroup.singleton.any()) else {
            throw StoreError.invalidConfiguration("the \(kind) database could not be opened")
        }
        if case .sqlite = self, let sql = database as? any SQLDatabase {
            try await sql.raw("PRAGMA journal_mode=WAL").run()
        }
        return (databases, database)
    }
}

/// Runs `list` on `database` of a pool opened with `open`, outside any web application: the tests' migrated
/// template, and the restore tests' schemas at a given migration.
public func migrateStandalone(_ list: [any Migration], databases: Databases, database: any Database) async throws {
    let migrations = Migrations()
    migrations.add(list)
    let migrator = Migrator(databases: databases, migrations: migrations, logger: Logger(label: "test"), on: database.eventLoop)
    try await migrator.setupIfNeeded().get()
    try await migrator.prepareBatch().get()
}

/// A database that exists for one job and is removed after it: a new SQLite file in a temporary folder,
/// or, given a PostgreSQL server URL, a new database on that server. Tests use it for isolation, so that
/// suites run in parallel on both kinds of database.
public struct DisposableDatabase: Sendable {
    public let configuration: StoreDatabaseConfiguration
    private let remove: @Sendable () async -> Void

    public static func create(postgresServerURL: String?) async throws -> DisposableDatabase {
        try await create(postgresServerURL: postgresServerURL, template: nil)
    }

    private static func create(postgresServerURL: String?, template: String?) async throws -> DisposableDatabase {
        if let url = postgresServerURL, !url.isEmpty {
            let name = "td_scratch_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
            let copying = template.map { " TEMPLATE \($0)" } ?? ""
            try await withServer(url) { sql in
                // A template's last connection (its migration) may still be closing on the server, which then refuses
                // the copy for a moment ("being accessed by other users").
                var attempt = 0
                while true {
                    attempt += 1
                    do {
                        try await sql.raw("CREATE DATABASE \(unsafeRaw: String(name))\(unsafeRaw: copying)").run()
                        return
                    } catch where template != nil && attempt < 20 && String(reflecting: error).contains("being accessed by other users") {
                        try await Task.sleep(nanoseconds: 250_000_000)
                    }
                }
            }
            guard var components = URLComponents(string: url) else {
                throw StoreError.invalidConfiguration("DATABASE_URL is not a URL")
            }
            components.path = "/" + name
            return DisposableDatabase(configuration: .postgres(url: components.string ?? url)) {
                try? await withServer(url) { sql in
                    try await sql.raw("DROP DATABASE IF EXISTS \(unsafeRaw: String(name)) WITH (FORCE)").run()
                }
            }
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("trialdesk-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return DisposableDatabase(configuration: .sqlite(path: folder.appendingPathComponent("trialdesk.sqlite").path)) {
            try? FileManager.default.removeItem(at: folder)
        }
    }

    /// A new database that already holds every store migration: a copy of one migrated template (a file copy
    /// on SQLite, `CREATE DATABASE … TEMPLATE` on PostgreSQL) made once per test process. Migrating each test's
    /// database on its own ran some forty schema steps hundreds of times at once, most of a PostgreSQL run's load.
    /// Tests of migrations themselves (upgrades, restores, concurrent first starts) use `create`.
    public static func createMigrated(postgresServerURL: String?) async throws -> DisposableDatabase {
        let template = try await MigratedTemplate.shared.location(postgresServerURL: postgresServerURL)
        switch template {
        case .postgres(let serverURL, let templateName):
            return try await create(postgresServerURL: serverURL, template: templateName)
        case .sqlite(let templatePath):
            let disposable = try await create(postgresServerURL: nil)
            guard case .sqlite(let path) = disposable.configuration else { return disposable }
            do {
                try FileManager.default.copyItem(atPath: templatePath, toPath: path)
            } catch {
                await disposable.destroy()
                throw error
            }
            return disposable
        }
    }

    public func destroy() async {
        await remove()
    }

    static func withServer(_ url: String, _ body: (any SQLDatabase) async throws -> Void) async throws {
        let (databases, database) = try await StoreDatabaseConfiguration.postgres(url: url).open()
        do {
            guard let sql = database as? any SQLDatabase else { throw StoreError.invalidConfiguration("not an SQL database") }
            try await body(sql)
            await databases.shutdownAsync()
        } catch {
            await databases.shutdownAsync()
            throw error
        }
    }
}
