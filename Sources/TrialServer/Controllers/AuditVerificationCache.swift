import Foundation
import TrialStore
import Vapor

/// The last full walk of the audit chain, answered again while the chain head is the same and the walk is
/// younger than `maximumAge`: a monitor's page or a script polling the verification does not re-read the
/// whole database on every call. The head moving (any write) or `fresh` walks again; a change made behind
/// the application's back, which does not move the head, is found by the next walk (at most `maximumAge`
/// later) and always by `trialdesk audit verify`.
actor AuditVerificationCache {
    static let maximumAge: TimeInterval = 600

    private var last: (sequence: Int64, hash: String, walkedAt: Date, report: AuditVerificationReport)?
    private var walking: (sequence: Int64, hash: String, task: Task<AuditVerificationReport, any Error>)?
    private(set) var walks = 0

    func report(head: (sequence: Int64, hash: String), now: Date, fresh: Bool,
                walk: @escaping @Sendable () async throws -> AuditVerificationReport) async throws -> AuditVerificationReport {
        if !fresh, let last, last.sequence == head.sequence, last.hash == head.hash, now.timeIntervalSince(last.walkedAt) < Self.maximumAge {
            return last.report
        }
        if let walking, walking.sequence == head.sequence, walking.hash == head.hash { return try await walking.task.value }
        walks += 1
        let task = Task { try await walk() }
        walking = (head.sequence, head.hash, task)
        defer { walking = nil }
        let report = try await task.value
        last = (head.sequence, head.hash, now, report)
        return report
    }
}

extension Application {
    private struct AuditVerificationCacheKey: StorageKey {
        typealias Value = AuditVerificationCache
    }

    /// Set when the server is configured; a bare application walks every time.
    var auditVerificationCache: AuditVerificationCache {
        get { storage[AuditVerificationCacheKey.self] ?? AuditVerificationCache() }
        set { storage[AuditVerificationCacheKey.self] = newValue }
    }
}
