import FluentKit
import FluentSQL
import Foundation
import Logging
import NIOConcurrencyHelpers
import TrialStore
import TrialStoreTesting

/// A migrated, empty database for one test (SQLite, or PostgreSQL when `DATABASE_URL` is set).
final class StoreTestDatabase: @unchecked Sendable {
    let disposable: DisposableDatabase
    let databases: Databases
    let database: any Database

    var configuration: StoreDatabaseConfiguration { disposable.configuration }
    var store: TrialStore { TrialStore(database: database) }
    var sql: any SQLDatabase { database as! any SQLDatabase }

    private init(disposable: DisposableDatabase, databases: Databases, database: any Database) {
        self.disposable = disposable
        self.databases = databases
        self.database = database
    }

    static func make() async throws -> StoreTestDatabase {
        let disposable = try await DisposableDatabase.createMigrated(postgresServerURL: ProcessInfo.processInfo.environment["DATABASE_URL"])
        do {
            let (databases, database) = try await disposable.configuration.open()
            return StoreTestDatabase(disposable: disposable, databases: databases, database: database)
        } catch {
            await disposable.destroy()
            throw error
        }
    }

    /// A second, independent connection pool to the same database (as a second server process has).
    func openSecondPool() async throws -> (Databases, any Database) {
        try await configuration.open()
    }

    func close() async {
        await databases.shutdownAsync()
        await disposable.destroy()
    }
}

/// Runs `body` with a fresh database and always closes it.
func withStoreDatabase(_ body: (StoreTestDatabase) async throws -> Void) async throws {
    let database = try await StoreTestDatabase.make()
    do {
        try await body(database)
        await database.close()
    } catch {
        await database.close()
        throw error
    }
}

/// SQLite's query plan of `expression`, one detail line per step (EXPLAIN QUERY PLAN).
func sqliteQueryPlan(of expression: any SQLExpression, on sql: any SQLDatabase) async throws -> [String] {
    let serialized = sql.serialize(expression)
    var explain = SQLRaw("EXPLAIN QUERY PLAN " + serialized.sql)
    explain.binds = serialized.binds
    let plan = NIOLockedValueBox<[String]>([])
    try await sql.execute(sql: explain) { row in
        if let detail = try? row.decode(column: "detail", as: String.self) { plan.withLockedValue { $0.append(detail) } }
    }
    return plan.withLockedValue { $0 }
}
