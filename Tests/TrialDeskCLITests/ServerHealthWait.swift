import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Waits until a `trialdesk serve` started by a test answers `/health` with 200.
///
/// It counts attempts, not wall-clock time. The test process runs hundreds of tests on as many cooperative
/// threads as the machine has cores (two here); while other tests hold them (a demo built by a child
/// process, a Python schema check, a long simulation), this wait cannot run at all. With a wall-clock
/// deadline, a busy machine let it expire while the server had been answering for a minute.
enum ServerHealthWait {
    /// About two minutes of pauses when nothing holds the test back.
    static let attempts = 480
    static let pause: UInt64 = 250_000_000

    /// Each attempt gives up after a few seconds, so that one request lost at start-up cannot use up the wait.
    static let session: URLSession = {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = 5
        return URLSession(configuration: configuration)
    }()

    /// The body of the first 200 answer, or nil when the process ended or every attempt failed.
    static func body(of base: URL, while running: () -> Bool) async -> Data? {
        let url = base.appendingPathComponent("health")
        for _ in 0..<attempts {
            guard running() else { return nil }
            if let (data, response) = try? await session.data(from: url), (response as? HTTPURLResponse)?.statusCode == 200 {
                return data
            }
            try? await Task.sleep(nanoseconds: pause)
        }
        return nil
    }
}
