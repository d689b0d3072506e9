import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

/// Runs the real `trialdesk serve` binary in an empty folder, the way a site's first start looks.
@Suite struct ServeCommandTests {
    @Test func serve_starts_in_an_empty_folder_creates_the_database_and_answers_health() async throws {
        let binary = try TrialDeskBinary.url()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("trialdesk-serve-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let port = 18_000 + Int.random(in: 0..<2000)

        let process = Process()
        process.executableURL = binary
        process.arguments = ["serve", "--port", String(port)]
        process.currentDirectoryURL = folder
        var environment = ProcessInfo.processInfo.environment
        environment["DATABASE_URL"] = nil
        environment["TRIALDESK_DB"] = nil
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        defer {
            process.terminate()
            process.waitUntilExit()
        }

        let answer = await ServerHealthWait.body(of: URL(string: "http://127.0.0.1:\(port)")!, while: { process.isRunning })
        let data = try #require(answer, "serve did not answer /health")
        let health = try JSONDecoder().decode([String: String].self, from: data)
        #expect(health["status"] == "ok")
        #expect(health["database"] == "sqlite")
        #expect(health["study"]?.isEmpty == false)
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("trialdesk.sqlite").path))
    }
}

/// `serve --log-format json` writes every log line as a JSON object, and a first start says in one line how
/// many migrations it applied instead of logging each step of each migration.
@Suite struct ServeLogFormatTests {
    @Test func serve_with_json_logs_writes_one_object_per_line_and_one_migration_line() async throws {
        let folder = try TrialDeskBinary.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let port = 23_000 + Int.random(in: 0..<2000)
        let process = Process()
        process.executableURL = try TrialDeskBinary.url()
        process.arguments = ["serve", "--port", String(port), "--log-format", "json"]
        process.currentDirectoryURL = folder
        var environment = ProcessInfo.processInfo.environment
        environment["DATABASE_URL"] = nil
        environment["TRIALDESK_DB"] = nil
        process.environment = environment
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let healthy = await ServerHealthWait.body(of: URL(string: "http://127.0.0.1:\(port)")!, while: { process.isRunning }) != nil
        process.terminate()
        process.waitUntilExit()
        #expect(healthy, "serve --log-format json did not answer /health")
        let lines = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            .split(separator: "\n").map(String.init)
        #expect(!lines.isEmpty)
        var messages: [String] = []
        for line in lines {
            let object = try #require(try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "not JSON: \(line)")
            #expect(object["level"] is String && object["time"] is String, "\(line)")
            messages.append(object["message"] as? String ?? "")
        }
        #expect(messages.contains { $0.hasPrefix("Applied ") && $0.contains("migration(s)") }, "\(messages)")
        #expect(!messages.contains { $0.contains("prepare") }, "every migration step was logged: \(messages)")
        #expect(messages.contains { $0.contains("No user exists yet") }, "\(messages)")
    }
}

/// `serve --backup-every` and its environment variable refuse an interval they cannot read, naming the
/// option, before the database is opened.
@Suite struct ServeBackupFlagTests {
    @Test func serve_refuses_an_unreadable_backup_interval_naming_the_flag_or_variable() async throws {
        let folder = try TrialDeskBinary.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let flag = try await TrialDeskBinary.run(["serve", "--db", folder.appendingPathComponent("t.sqlite").path,
                                            "--backup-dir", folder.path, "--backup-every", "1w"], in: folder)
        #expect(flag.status == 2, "\(flag.stderr)")
        #expect(flag.stdout.contains("--backup-every") && flag.stdout.contains("30m, 6h, 24h, 7d"))
        let variable = try await TrialDeskBinary.run(["serve", "--db", folder.appendingPathComponent("t.sqlite").path], in: folder,
                                               environment: ["TRIALDESK_BACKUP_DIR": folder.path, "TRIALDESK_BACKUP_KEEP": "none"])
        #expect(variable.status == 2)
        #expect(variable.stdout.contains("TRIALDESK_BACKUP_KEEP"))
        let noFolder = try await TrialDeskBinary.run(["serve", "--db", folder.appendingPathComponent("t.sqlite").path, "--keep", "3"], in: folder)
        #expect(noFolder.status == 2 && noFolder.stdout.contains("--backup-dir"))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("t.sqlite").path), "refused before opening the database")
    }
}
