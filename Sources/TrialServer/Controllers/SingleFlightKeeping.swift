import NIOConcurrencyHelpers
import TrialCore

/// The version of the data an answer was computed from: the audit chain head (every change of the trial's
/// data is an audited write that moves it) and the trial day (visits fall due and overdue with the day).
struct DataVersion: Hashable, Sendable {
    var chainSequence: Int64
    var chainHash: String
    var day: CalendarDate
}

/// A key that says which data version its value was computed from.
protocol DataVersionedKey: Hashable, Sendable {
    var dataVersion: DataVersion { get }
}

/// Values kept while the data they were computed from are unchanged, each computed once however many requests
/// ask for it at the same time: after a write, 32 readers opening the same page at once each computed it, and
/// the last waited some 200 ms.
///
/// Only values of the newest data version are kept (an older one can never be asked for again); past
/// `capacity` entries or `byteBudget` bytes everything is dropped and kept anew.
final class SingleFlightKeeping<Key: DataVersionedKey, Value: Sendable>: Sendable {
    let capacity: Int
    let byteBudget: Int
    private let size: @Sendable (Value) -> Int

    private struct Kept {
        var values: [Key: Value] = [:]
        var bytes = 0
        var newest: DataVersion?
    }

    private let kept = NIOLockedValueBox(Kept())
    private let running = NIOLockedValueBox<[Key: Task<Value, any Error>]>([:])
    private let counts = NIOLockedValueBox<(reused: Int, computed: Int)>((0, 0))

    init(capacity: Int, byteBudget: Int = .max, size: @escaping @Sendable (Value) -> Int = { _ in 0 }) {
        self.capacity = capacity
        self.byteBudget = byteBudget
        self.size = size
    }

    /// The kept value, the one another request is computing for the same key, or `compute()`'s, kept when
    /// `keep` says so. A value given again, kept or shared, counts as reused.
    func value(for key: Key, keep: @escaping @Sendable (Value) -> Bool = { _ in true },
               compute: @escaping @Sendable () async throws -> Value) async throws -> Value {
        if let value = kept.withLockedValue({ $0.values[key] }) {
            counts.withLockedValue { $0.reused += 1 }
            return value
        }
        let (task, ours) = running.withLockedValue { running -> (Task<Value, any Error>, Bool) in
            if let task = running[key] { return (task, false) }
            let task = Task { try await compute() }
            running[key] = task
            return (task, true)
        }
        guard ours else {
            counts.withLockedValue { $0.reused += 1 }
            return try await task.value
        }
        counts.withLockedValue { $0.computed += 1 }
        do {
            let value = try await task.value
            // Kept before the computation is forgotten, so that a later reader finds one or the other.
            if keep(value) { store(value, for: key) }
            running.withLockedValue { $0[key] = nil }
            return value
        } catch {
            running.withLockedValue { $0[key] = nil }
            throw error
        }
    }

    private func store(_ value: Value, for key: Key) {
        let bytes = size(value)
        guard bytes <= byteBudget else { return }
        kept.withLockedValue { kept in
            let version = key.dataVersion
            if let newest = kept.newest, newest != version {
                // A value computed at an older head, finished after a newer one was kept, is not kept.
                if version.chainSequence < newest.chainSequence { return }
                kept = Kept()
            }
            if kept.values.count >= capacity || kept.bytes + bytes > byteBudget { kept = Kept() }
            kept.newest = version
            if let earlier = kept.values.updateValue(value, forKey: key) { kept.bytes -= size(earlier) }
            kept.bytes += bytes
        }
    }

    var reusedAndComputed: (reused: Int, computed: Int) { counts.withLockedValue { $0 } }
    var count: Int { kept.withLockedValue { $0.values.count } }
}
