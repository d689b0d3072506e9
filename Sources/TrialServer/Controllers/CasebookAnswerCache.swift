import Foundation
import NIOConcurrencyHelpers
import TrialCore
import TrialStore
import Vapor

/// The casebook answers last given, each kept with the version of the data it was computed from and the day.
///
/// Before an answer is given again, one statement reads the chain head and the participant's data version
/// (`CasebookDataVersion`). Two checks, the cheap one first:
/// - The audit chain head. Every change to the data (a form, a correction, a lock, SDV, a signature, an
///   amendment) is an audited write that moves it; while it has not moved, the answer is given again.
/// - When the head has moved (another participant's data changed, or a screening was logged), the marker of
///   the participant's own data: while it is the same, so is the answer, and the entry takes the newer head.
///   A write elsewhere in the trial no longer recomputes it, nor reads the casebook again.
///
/// The schedule's due and overdue visits change with the day, so the day is part of both checks. An answer is
/// computed from a `CasebookSnapshot`, which reads the data and their version in one read transaction, so it
/// is never kept under a version newer than the data it was computed from. Site scope and role are checked
/// before the cache is asked.
final class CasebookAnswerCache: Sendable {
    /// About the trial's participants ten times over; past it the oldest half is dropped.
    static let capacity = 2_400

    private struct Entry {
        var version: CasebookDataVersion
        /// The forms the answer was computed from, whose latest event the marker holds.
        var formIDs: [String]
        var day: CalendarDate
        var body: Data
        var storedAt: UInt64
    }

    private let entries = NIOLockedValueBox<(byParticipant: [String: Entry], stored: UInt64)>(([:], 0))
    private let counts = NIOLockedValueBox<(hits: Int, misses: Int)>((0, 0))

    /// The forms of the kept answer, to read the data version with; nil when none is kept.
    func keptFormIDs(participantID: String) -> [String]? {
        entries.withLockedValue { $0.byParticipant[participantID]?.formIDs }
    }

    /// The answer kept for this day and the same head or the same data; with the same data the entry takes the
    /// newer head, so the next read takes the cheap check. Counts a miss when there is none.
    func answer(participantID: String, version: CasebookDataVersion, day: CalendarDate) -> Data? {
        let body = entries.withLockedValue { state -> Data? in
            guard var entry = state.byParticipant[participantID], entry.day == day else { return nil }
            if entry.version.headSequence == version.headSequence, entry.version.headHash == version.headHash { return entry.body }
            guard entry.version.marker == version.marker else { return nil }
            entry.version = version
            state.byParticipant[participantID] = entry
            return entry.body
        }
        counts.withLockedValue { body == nil ? ($0.misses += 1) : ($0.hits += 1) }
        return body
    }

    func keep(_ body: Data, participantID: String, version: CasebookDataVersion, formIDs: [String], day: CalendarDate) {
        entries.withLockedValue { state in
            state.stored += 1
            state.byParticipant[participantID] = Entry(version: version, formIDs: formIDs, day: day, body: body, storedAt: state.stored)
            if state.byParticipant.count > Self.capacity {
                let cut = state.byParticipant.values.map(\.storedAt).sorted()[state.byParticipant.count / 2]
                state.byParticipant = state.byParticipant.filter { $0.value.storedAt >= cut }
            }
        }
    }

    /// A computation with no kept answer to check first.
    func countComputed() { counts.withLockedValue { $0.misses += 1 } }

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
