import Foundation
import TrialCore
import Vapor

/// Counts password attempts per client address in this process (`ClientAttemptLimit`). Behind a reverse
/// proxy every request comes from the proxy's address, so the proxy must limit per client itself
/// (docs/security.md); several server processes each keep their own count.
actor ClientAttemptCounter {
    private var attempts: [String: [Date]] = [:]
    let limit: ClientAttemptLimit

    init(limit: ClientAttemptLimit = .standard) {
        self.limit = limit
    }

    /// Records an attempt from `address` when the limit allows it; false when it does not.
    func admit(_ address: String, now: Date) -> Bool {
        let recent = limit.recent(attempts[address] ?? [], now: now)
        guard limit.allowsAnother(after: recent, now: now) else {
            attempts[address] = recent
            return false
        }
        attempts[address] = recent + [now]
        if attempts.count > 10_000 { attempts = attempts.filter { !limit.recent($0.value, now: now).isEmpty } }
        return true
    }
}

struct ClientAttemptCounterKey: StorageKey {
    typealias Value = ClientAttemptCounter
}
