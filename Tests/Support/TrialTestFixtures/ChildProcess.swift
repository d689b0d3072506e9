import Foundation
import Synchronization

/// A program a test runs (a Python or R checker, a shell script, the built binary), waited for on a thread
/// of its own while the test's task is suspended.
///
/// Swift's tasks share as many threads as the machine has cores (two on the CI machine). A test that waited
/// for a child on one of them held it for the child's whole run; with two such waits at once no other test
/// moved, and tests holding database connections let the tests queued behind them time out.
public enum ChildProcess {
    public struct Outcome: Sendable {
        public var status: Int32
        /// Standard output and standard error together, in the order written.
        public var output: String
    }

    /// Runs `executable ARGUMENTS` and returns its status and output.
    public static func run(_ executable: URL, _ arguments: [String], environment: [String: String]? = nil) async throws -> Outcome {
        try await onOwnThread {
            let process = Process()
            process.executableURL = executable
            process.arguments = arguments
            if let environment { process.environment = environment }
            let pipe = Pipe()
            process.standardOutput = pipe
            process.standardError = pipe
            try process.run()
            let output = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return Outcome(status: process.terminationStatus, output: String(decoding: output, as: UTF8.self))
        }
    }

    /// `python3 ARGUMENTS`, the interpreter found on the PATH.
    public static func python(_ arguments: [String]) async throws -> Outcome {
        try await run(URL(fileURLWithPath: "/usr/bin/env"), ["python3"] + arguments)
    }

    /// Whether `python3` can import every one of `modules`; asked once per set of modules and process, so
    /// that the suites enabled by it do not each start an interpreter.
    public static func pythonCanImport(_ modules: [String]) async -> Bool {
        await probe(key: "python:" + modules.joined(separator: ",")) {
            (try? await python(["-c", "import " + modules.joined(separator: ", ")]).status) == 0
        }
    }

    /// The answer of `check`, computed once for `key`: concurrent askers wait for the same answer.
    public static func probe(key: String, _ check: @escaping @Sendable () async -> Bool) async -> Bool {
        let task = probes.withLock { probes in
            if let task = probes[key] { return task }
            let task = Task { await check() }
            probes[key] = task
            return task
        }
        return await task.value
    }

    private static let probes = Mutex<[String: Task<Bool, Never>]>([:])

    /// `body`, run on a new thread while the calling task is suspended (it blocks on a child process).
    public static func onOwnThread<Value: Sendable>(_ body: @escaping @Sendable () throws -> Value) async throws -> Value {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try body() }) }.start()
        }
    }
}
