import Foundation
import TrialCore
import TrialReports
import Vapor

/// The report page's computed documents, keyed by the exact data version they were computed from: the audit
/// chain head (every write appends an event, so an unchanged head is unchanged data), the cut-off and the
/// language. Concurrent requests for the same version wait for one computation; a write makes the next
/// request compute once. Only the newest versions are kept.
actor ReportCache {
    struct Key: Hashable, Sendable {
        var chainSequence: Int64
        var chainHash: String
        var cutoff: CalendarDate
        var language: ReportLanguage
    }

    private var documents: [Key: Task<String, any Error>] = [:]
    private var order: [Key] = []
    private let capacity: Int
    private(set) var computations = 0

    init(capacity: Int = 6) {
        self.capacity = capacity
    }

    func document(for key: Key, compute: @escaping @Sendable () async throws -> String) async throws -> String {
        if let pending = documents[key] { return try await pending.value }
        computations += 1
        let task = Task { try await compute() }
        documents[key] = task
        order.append(key)
        // Older data versions are never asked for again once the head has moved on.
        while order.count > capacity { documents[order.removeFirst()] = nil }
        do {
            return try await task.value
        } catch {
            // A failed computation is not remembered: the next request tries again.
            documents[key] = nil
            order.removeAll { $0 == key }
            throw error
        }
    }
}

extension Application {
    private struct ReportCacheKey: StorageKey {
        typealias Value = ReportCache
    }

    /// Set when the server is configured; an application without one (a bare test app) computes every time.
    var reportCache: ReportCache {
        get { storage[ReportCacheKey.self] ?? ReportCache(capacity: 0) }
        set { storage[ReportCacheKey.self] = newValue }
    }
}
