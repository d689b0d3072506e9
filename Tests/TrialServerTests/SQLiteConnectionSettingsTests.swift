import FluentKit
import FluentSQL
import Foundation
import Testing
@testable import TrialServer
import TrialStore
import Vapor

@Suite struct SQLiteConnectionSettingsTests {
    /// Every connection of the pool (one per event loop), not only the first one asked, keeps the larger page
    /// cache; a PostgreSQL run has nothing to check.
    @Test func every_sqlite_connection_keeps_the_larger_page_cache() async throws {
        try await TestServer.run { server in
            guard case .sqlite = server.app.trialContext.settings.database else { return }
            var checked = 0
            for loop in server.app.eventLoopGroup.makeIterator() {
                let connection = try #require(server.app.databases.database(.sqlite, logger: server.app.logger, on: loop) as? any SQLDatabase)
                let rows = try await connection.raw("PRAGMA cache_size").all()
                let size = try #require(rows.first).decode(column: "cache_size", as: Int.self)
                #expect(size == -TrialServerApp.sqlitePageCacheKibibytes)
                // The server keeps SQLite's default (a statement journal past 64 KiB goes to a file); only a bulk load
                // keeps every statement journal in memory.
                #expect(try await Self.tempStore(of: connection) == 0)
                checked += 1
            }
            #expect(checked >= 1)
        }
    }

    /// A bulk load's one long transaction keeps its statement journals in memory on every connection.
    @Test func a_bulk_load_keeps_statement_journals_in_memory_on_every_connection() async throws {
        try await TestServer.run { server in
            guard case .sqlite = server.app.trialContext.settings.database else { return }
            try await TrialServerApp.prepareSQLite(server.app, server.app.trialContext.settings.database, bulkLoad: true)
            var checked = 0
            for loop in server.app.eventLoopGroup.makeIterator() {
                let connection = try #require(server.app.databases.database(.sqlite, logger: server.app.logger, on: loop) as? any SQLDatabase)
                #expect(try await Self.tempStore(of: connection) == 2)
                checked += 1
            }
            #expect(checked >= 1)
        }
    }

    /// SQLite's temp_store: 0 the compiled default, 1 file, 2 memory.
    private static func tempStore(of connection: any SQLDatabase) async throws -> Int {
        let rows = try await connection.raw("PRAGMA temp_store").all()
        return try #require(rows.first).decode(column: "temp_store", as: Int.self)
    }
}
