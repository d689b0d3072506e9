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

        var body: [String: String]?
        let deadline = Date().addingTimeInterval(90)
        while Date() < deadline, process.isRunning {
            if let (data, response) = try? await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(port)/health")!),
               (response as? HTTPURLResponse)?.statusCode == 200 {
                body = try JSONDecoder().decode([String: String].self, from: data)
                break
            }
            try await Task.sleep(nanoseconds: 250_000_000)
        }
        let health = try #require(body, "serve did not answer /health within 90 s")
        #expect(health["status"] == "ok")
        #expect(health["database"] == "sqlite")
        #expect(health["study"]?.isEmpty == false)
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("trialdesk.sqlite").path))
    }
}
