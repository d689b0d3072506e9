import Foundation

/// What this process's audited writes have done since it started, for `/metrics`: transactions committed,
/// retries after a busy database or a serialization failure, time spent waiting for the writers' lock,
/// and writes under way. Counted where the store writes, so every caller is included.
public final class StoreWriteStatistics: @unchecked Sendable {
    public static let shared = StoreWriteStatistics()

    public struct Snapshot: Sendable, Equatable {
        public var committed = 0
        public var failed = 0
        public var retries = 0
        public var lockWaits = 0
        public var lockWaitSeconds = 0.0
        public var inFlight = 0
    }

    private let lock = NSLock()
    private var current = Snapshot()

    public var snapshot: Snapshot { lock.withLock { current } }

    func started() { lock.withLock { current.inFlight += 1 } }
    func ended(committed: Bool) {
        lock.withLock {
            current.inFlight -= 1
            if committed { current.committed += 1 } else { current.failed += 1 }
        }
    }
    func retried() { lock.withLock { current.retries += 1 } }
    func waitedForLock(seconds: Double) {
        lock.withLock {
            current.lockWaits += 1
            current.lockWaitSeconds += seconds
        }
    }
}
