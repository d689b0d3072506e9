import Foundation
import Testing
@testable import TrialServer
import TrialStore
import TrialStoreTesting
import Vapor
import VaporTesting

/// A database that stops accepting writes (disk full, read-only) is simulated here: a trigger refuses every
/// new audit event with the database's own disk-full error (SQLITE_FULL's message on SQLite, SQLSTATE
/// 53100 on PostgreSQL). A real full or read-only file system needs privileges the test suite does not have.
@Suite("A database that cannot store writes")
struct StorageFailureTests {
    static func simulateFullDisk(on database: StoreDatabaseConfiguration) -> [String] {
        if database.kind == "postgresql" {
            return [
                """
                CREATE FUNCTION simulated_disk_full() RETURNS trigger AS $$ BEGIN
                RAISE EXCEPTION 'could not extend file: No space left on device' USING ERRCODE = '53100'; END $$ LANGUAGE plpgsql
                """,
                "CREATE TRIGGER simulated_disk_full BEFORE INSERT ON audit_events FOR EACH ROW EXECUTE FUNCTION simulated_disk_full()",
            ]
        }
        return ["CREATE TRIGGER simulated_disk_full BEFORE INSERT ON audit_events BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END"]
    }

    static func freeDisk(on database: StoreDatabaseConfiguration) -> [String] {
        database.kind == "postgresql"
            ? ["DROP TRIGGER simulated_disk_full ON audit_events", "DROP FUNCTION simulated_disk_full()"]
            : ["DROP TRIGGER simulated_disk_full"]
    }

    @Test func a_write_the_database_cannot_store_is_answered_503_with_a_message_and_nothing_acknowledged_is_lost() async throws {
        try await TestServer.run { server in
            let tester = try server.app.testing()
            var coordinator = try await server.bearer(for: .coordinator)
            coordinator.contentType = .json
            let body = ScreeningAPITests.screeningJSON(date: ScreeningAPITests.today)
            let first = try await tester.sendRequest(.POST, "/api/v1/screenings", headers: coordinator, body: ByteBuffer(string: body))
            #expect(first.status == .created)
            let acknowledged = try first.content.decode(ScreeningController.ScreeningView.self).id
            let database = server.app.trialContext.settings.database
            let countBefore = try await SiteScopedRecords(store: TrialStore(database: server.app.db), scope: .allSites).screeningCount()

            try await database.execute(Self.simulateFullDisk(on: database))
            let refused = try await tester.sendRequest(.POST, "/api/v1/screenings", headers: coordinator, body: ByteBuffer(string: body))
            #expect(refused.status == .serviceUnavailable)
            #expect(refused.body.string.contains("the disk is full"), "\(refused.body.string)")
            #expect(refused.body.string.contains("nothing of it was saved"))
            #expect(try await SiteScopedRecords(store: TrialStore(database: server.app.db), scope: .allSites).screeningCount() == countBefore)
            // Reads go on, and the acknowledged screening is there.
            #expect(try await tester.sendRequest(.GET, "/health").status == .ok)
            #expect(try await tester.sendRequest(.GET, "/api/v1/screenings/\(acknowledged)", headers: coordinator).status == .ok)

            try await database.execute(Self.freeDisk(on: database))
            let again = try await tester.sendRequest(.POST, "/api/v1/screenings", headers: coordinator, body: ByteBuffer(string: body))
            #expect(again.status == .created, "the server writes again once the database can store")
            #expect(try await tester.sendRequest(.GET, "/api/v1/screenings/\(acknowledged)", headers: coordinator).status == .ok)
            #expect(try await AuditVerifier(database: server.app.db).verify().problems.isEmpty)
        }
    }
}
