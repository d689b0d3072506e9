import Foundation
import NIOConcurrencyHelpers
import TrialCore
import Vapor

/// The casebook answers last given, each kept with the audit chain head and the trial day it was computed
/// for. Every change to the data (a form, a correction, a lock, SDV, a signature, an amendment) is an
/// audited write that moves the head, and the schedule's due and overdue visits change with the day, so an
/// answer is given again only while both are the same: an exact data version, not a time-to-live. The head
/// is read before the data, so an answer computed while a write lands is filed under the older head and
/// never served for the newer one. Site scope and role are checked before the cache is asked.
final class CasebookAnswerCache: Sendable {
    struct Version: Equatable, Sendable {
        var chainSequence: Int64
        var chainHash: String
        var day: CalendarDate

        init(_ head: (sequence: Int64, hash: String), day: CalendarDate) {
            chainSequence = head.sequence
            chainHash = head.hash
            self.day = day
        }
    }

    /// About the trial's participants ten times over; past it the oldest half is dropped.
    static let capacity = 2_400

    private struct Entry {
        var version: Version
        var body: Data
        var storedAt: UInt64
    }

    private let entries = NIOLockedValueBox<(byParticipant: [String: Entry], stored: UInt64)>(([:], 0))
    private let counts = NIOLockedValueBox<(hits: Int, misses: Int)>((0, 0))

    func answer(participantID: String, version: Version) -> Data? {
        let body = entries.withLockedValue { state -> Data? in
            guard let entry = state.byParticipant[participantID], entry.version == version else { return nil }
            return entry.body
        }
        counts.withLockedValue { body == nil ? ($0.misses += 1) : ($0.hits += 1) }
        return body
    }

    func keep(_ body: Data, participantID: String, version: Version) {
        entries.withLockedValue { state in
            state.stored += 1
            state.byParticipant[participantID] = Entry(version: version, body: body, storedAt: state.stored)
            if state.byParticipant.count > Self.capacity {
                let cut = state.byParticipant.values.map(\.storedAt).sorted()[state.byParticipant.count / 2]
                state.byParticipant = state.byParticipant.filter { $0.value.storedAt >= cut }
            }
        }
    }

    var hitsAndMisses: (hits: Int, misses: Int) { counts.withLockedValue { $0 } }
    var count: Int { entries.withLockedValue { $0.byParticipant.count } }
}

extension Application {
    private struct CasebookAnswerCacheKey: StorageKey {
        typealias Value = CasebookAnswerCache
    }

    /// Set when the server is configured; a bare application computes every answer.
    var casebookAnswerCache: CasebookAnswerCache? {
        get { storage[CasebookAnswerCacheKey.self] }
        set { storage[CasebookAnswerCacheKey.self] = newValue }
    }
}
