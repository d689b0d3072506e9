import Foundation
import Testing
import TrialTestFixtures

/// Finds and runs the built `trialdesk` executable.
enum TrialDeskBinary {
    struct NotBuilt: Error, CustomStringConvertible {
        var description: String { "the trialdesk executable was not found next to the test bundle: run swift build first" }
    }

    static func url() throws -> URL {
        // The test bundle lives in the build folder next to the executable.
        var folder = Bundle.main.bundleURL
        for _ in 0..<3 {
            let candidate = folder.appendingPathComponent("trialdesk")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            folder.deleteLastPathComponent()
        }
        throw NotBuilt()
    }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String

        var json: Any? { try? JSONSerialization.jsonObject(with: Data(stdout.utf8)) }
    }

    /// Runs `trialdesk ARGS` with `stdin` as standard input, in `folder` (a new temporary one by default).
    /// The child is waited for on a thread of its own (`ChildProcess` says why).
    static func run(_ arguments: [String], stdin: String = "", in folder: URL? = nil, environment extra: [String: String] = [:]) async throws -> Result {
        try await ChildProcess.onOwnThread { try runWaiting(arguments, stdin: stdin, in: folder, environment: extra) }
    }

    private static func runWaiting(_ arguments: [String], stdin: String, in folder: URL?, environment extra: [String: String]) throws -> Result {
        let process = Process()
        process.executableURL = try url()
        process.arguments = arguments
        if let folder { process.currentDirectoryURL = folder }
        var environment = ProcessInfo.processInfo.environment
        environment["DATABASE_URL"] = nil
        environment["TRIALDESK_DB"] = nil
        for (key, value) in extra { environment[key] = value }
        process.environment = environment
        let input = Pipe(), output = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        input.fileHandleForWriting.write(Data(stdin.utf8))
        try input.fileHandleForWriting.close()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: out, as: UTF8.self), stderr: String(decoding: err, as: UTF8.self))
    }

    static func temporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("trialdesk-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    static func write(_ text: String, named name: String, in folder: URL) throws -> String {
        let file = folder.appendingPathComponent(name)
        try text.write(to: file, atomically: true, encoding: .utf8)
        return file.path
    }
}
