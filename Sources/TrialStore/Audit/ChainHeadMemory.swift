import Foundation

/// What a write of this process knew to hold at a chain head, for the next write that finds that head.
///
/// The head's hash covers every audited change, so one head names one state of the audited records: a write
/// that finds, under the head's lock, a head an earlier write of this process left may take what that write
/// knew instead of reading it again. A head new to the process (another process wrote, or the process started
/// since) is simply not found, and the write reads the database. The oldest heads are forgotten first: a write
/// needs the head the write before it left, and several databases of one process (tests) write at once.
final class ChainHeadMemory<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var byHead: [String: Value] = [:]
    private var headsInOrder: [String] = []
    private let limit: Int

    init(limit: Int) {
        self.limit = limit
    }

    func value(atHead hash: String) -> Value? {
        lock.withLock { byHead[hash] }
    }

    /// What is known at `hash`, forgotten there: for a write that carries it on to the head it leaves.
    func take(atHead hash: String) -> Value? {
        lock.withLock {
            guard let value = byHead.removeValue(forKey: hash) else { return nil }
            headsInOrder.removeAll { $0 == hash }
            return value
        }
    }

    func remember(_ value: Value, atHead hash: String) {
        lock.withLock {
            guard byHead.updateValue(value, forKey: hash) == nil else { return }
            headsInOrder.append(hash)
            if headsInOrder.count > limit {
                let forgotten = headsInOrder.count - limit / 2
                for old in headsInOrder.prefix(forgotten) { byHead[old] = nil }
                headsInOrder.removeFirst(forgotten)
            }
        }
    }
}
