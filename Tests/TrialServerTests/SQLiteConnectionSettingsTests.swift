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
                checked += 1
            }
            #expect(checked >= 1)
        }
    }
}
