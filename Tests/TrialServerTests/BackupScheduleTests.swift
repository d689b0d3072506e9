import Fluent
import Foundation
import Testing
@testable import TrialServer
import TrialStore
import Vapor
import VaporTesting

/// A sleep the test controls: the first `allowed` calls return at once, the next one ends the schedule.
final class CountedSleep: @unchecked Sendable {
    private let lock = NSLock()
    private var calls = 0
    let allowed: Int

    init(allowed: Int) { self.allowed = allowed }

    func sleep(_ seconds: TimeInterval) async throws {
        if nextCall() > allowed { throw CancellationError() }
    }

    private func nextCall() -> Int {
        lock.withLock {
            calls += 1
            return calls
        }
    }
}

@Suite("Scheduled backups by the server")
struct BackupScheduleTests {
    @Test func intervals_and_counts_are_parsed_or_refused_naming_the_option() throws {
        #expect(try BackupPlan.parseInterval("30m", option: "--backup-every") == 1800)
        #expect(try BackupPlan.parseInterval("6h", option: "--backup-every") == 21_600)
        #expect(try BackupPlan.parseInterval("24h", option: "--backup-every") == 86_400)
        #expect(try BackupPlan.parseInterval("7d", option: "--backup-every") == 604_800)
        for text in ["24", "0h", "1w", "h", "-3h", "1.5h", ""] {
            #expect(throws: BackupPlanError.invalidInterval(option: "TRIALDESK_BACKUP_EVERY", text: text)) {
                try BackupPlan.parseInterval(text, option: "TRIALDESK_BACKUP_EVERY")
            }
        }
        #expect(throws: BackupPlanError.invalidKeep(option: "--keep", text: "0")) {
            try BackupPlan.parse(directory: "/backups", interval: "24h", keep: "0", names: ("--backup-dir", "--backup-every", "--keep"))
        }
        let plan = try BackupPlan.parse(directory: "/backups", interval: "6h", keep: "14", names: ("--backup-dir", "--backup-every", "--keep"))
        #expect(plan == BackupPlan(directory: "/backups", interval: 21_600, keep: 14))
        #expect(BackupPlanError.invalidInterval(option: "--backup-every", text: "1w").description.contains("--backup-every"))
    }

    @Test func backups_are_written_audited_pruned_to_keep_and_reported_on_health() async throws {
        try await TestServer.run { server in
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("trialdesk-backups-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: folder) }
            let before = try await TestServer.healthFields(server)
            #expect(before["backup"] == nil, "no plan, no backup field")
            #expect(before["databaseStatus"] == "answers")

            let plan = BackupPlan(directory: folder, interval: 60, keep: 2)
            let sleep = CountedSleep(allowed: 3)
            try BackupSchedule(plan: plan, sleep: { try await sleep.sleep($0) }).didBoot(server.app)
            await server.app.storage[BackupScheduleTaskKey.self]?.value

            let status = try #require(server.app.backupStatus?.snapshot)
            #expect(status.successes == 3 && status.failures == 0)
            let rotation = BackupRotation(plan: plan, store: TrialStore(database: server.app.db), knownMigrations: TrialServerApp.migrationNames)
            let files = rotation.existingBackups()
            #expect(files.count == 2, "pruned to keep: \(files)")
            #expect(status.lastSuccessFile.map { ($0 as NSString).lastPathComponent } == files.last)
            let archive = try StoreBackupArchive(path: (folder as NSString).appendingPathComponent(try #require(files.last)))
            #expect(archive.manifest.format == BackupManifest.formatName)
            let written = try await AuditEventRecord.query(on: server.app.db).filter(\.$action == "backup-written").all()
            #expect(written.count == 3)
            #expect(written.allSatisfy { $0.actor == AuditActor.system.username && $0.entityType == "backup" })
            #expect(try await AuditVerifier(database: server.app.db).verify().problems.isEmpty)

            let health = try await TestServer.healthFields(server)
            #expect(health["backup"] == "ok")
            #expect(health["lastBackupAt"] != nil && health["lastBackupFailureAt"] == nil)
        }
    }

    @Test func a_failed_backup_is_audited_and_shown_on_health_and_the_administrators_dashboard_only() async throws {
        try await TestServer.run { server in
            // A file where the folder should be: the backup cannot be written, whoever runs the test.
            let blocker = FileManager.default.temporaryDirectory.appendingPathComponent("trialdesk-not-a-folder-\(UUID().uuidString)").path
            try Data("x".utf8).write(to: URL(fileURLWithPath: blocker))
            defer { try? FileManager.default.removeItem(atPath: blocker) }
            let sleep = CountedSleep(allowed: 1)
            try BackupSchedule(plan: BackupPlan(directory: blocker, interval: 60, keep: 3), sleep: { try await sleep.sleep($0) }).didBoot(server.app)
            await server.app.storage[BackupScheduleTaskKey.self]?.value

            let status = try #require(server.app.backupStatus?.snapshot)
            #expect(status.isFailing && status.failures == 1)
            #expect(status.lastFailureMessage?.contains("not a folder") == true)
            let failed = try await AuditEventRecord.query(on: server.app.db).filter(\.$action == "backup-failed").count()
            #expect(failed == 1)

            let health = try await TestServer.healthFields(server)
            #expect(health["status"] == "ok", "a failed backup does not make the server unhealthy")
            #expect(health["backup"] == "failed" && health["lastBackupFailureAt"] != nil)

            let tester = try server.app.testing()
            let admin = try await tester.sendRequest(.GET, "/", headers: try await server.bearer(for: .administrator))
            #expect(admin.status == .ok)
            #expect(admin.body.string.contains("The last scheduled backup failed at"))
            #expect(admin.body.string.contains("not a folder"))
            let coordinator = try await tester.sendRequest(.GET, "/", headers: try await server.bearer(for: .coordinator))
            #expect(coordinator.status == .ok)
            #expect(!coordinator.body.string.contains("scheduled backup"))
        }
    }

    @Test func readiness_answers_200_when_the_database_answers_and_migrations_are_current() async throws {
        try await TestServer.run { server in
            let ready = try await server.app.testing().sendRequest(.GET, "/health/ready")
            #expect(ready.status == .ok)
            let body = try ready.content.decode(HealthController.Readiness.self)
            #expect(body.ready && body.database == "answers" && body.migrations == "current")
        }
    }
}

extension TestServer {
    /// `/health` as the flat map of strings that scripts and probes read.
    static func healthFields(_ server: TestServer) async throws -> [String: String] {
        let response = try await server.app.testing().sendRequest(.GET, "/health")
        return try JSONDecoder().decode([String: String].self, from: Data(response.body.readableBytesView))
    }
}
