import Foundation
import NIOConcurrencyHelpers
import TrialCore
import Vapor

/// The casebook answers last given, each kept with the data it was computed from and the trial day.
///
/// Two checks, the cheap one first:
/// - The audit chain head. Every change to the data (a form, a correction, a lock, SDV, a signature, an
///   amendment) is an audited write that moves it; while it has not moved, the answer is given again.
/// - When the head has moved (another participant's data changed, or a screening was logged), the answer's
///   own data: the participant's arm and randomization date, each form's ID and version (its latest audit
///   event, which every change of the form's row makes), and the protocol versions. While these are the
///   same, so is the answer; a write elsewhere in the trial no longer recomputes it.
///
/// The schedule's due and overdue visits change with the day, so the day is part of both checks. The head, the
/// participant, the forms and their versions are read in one read transaction (`CasebookSnapshot`), so an
/// answer is never kept under a head or a version newer than the data it was computed from. Site scope and
/// role are checked before the cache is asked.
final class CasebookAnswerCache: Sendable {
    struct Head: Equatable, Sendable {
        var sequence: Int64
        var hash: String

        init(_ head: (sequence: Int64, hash: String)) {
            sequence = head.sequence
            hash = head.hash
        }
    }

    /// About the trial's participants ten times over; past it the oldest half is dropped.
    static let capacity = 2_400

    private struct Entry {
        var head: Head
        var data: String
        var day: CalendarDate
        var body: Data
        var storedAt: UInt64
    }

    private let entries = NIOLockedValueBox<(byParticipant: [String: Entry], stored: UInt64)>(([:], 0))
    private let counts = NIOLockedValueBox<(hits: Int, misses: Int)>((0, 0))

    /// The answer kept for this head and day, if the head has not moved since.
    func answer(participantID: String, head: Head, day: CalendarDate) -> Data? {
        let body = entries.withLockedValue { state -> Data? in
            guard let entry = state.byParticipant[participantID], entry.head == head, entry.day == day else { return nil }
            return entry.body
        }
        if body != nil { counts.withLockedValue { $0.hits += 1 } }
        return body
    }

    /// The answer kept for the same data and day, read consistently at `head`; the entry then carries the newer
    /// head, so the next read takes the cheap check. Counts a miss when there is none.
    func answer(participantID: String, data: String, day: CalendarDate, head: Head) -> Data? {
        let body = entries.withLockedValue { state -> Data? in
            guard var entry = state.byParticipant[participantID], entry.data == data, entry.day == day else { return nil }
            entry.head = head
            state.byParticipant[participantID] = entry
            return entry.body
        }
        counts.withLockedValue { body == nil ? ($0.misses += 1) : ($0.hits += 1) }
        return body
    }

    func keep(_ body: Data, participantID: String, head: Head, data: String, day: CalendarDate) {
        entries.withLockedValue { state in
            state.stored += 1
            state.byParticipant[participantID] = Entry(head: head, data: data, day: day, body: body, storedAt: state.stored)
            if state.byParticipant.count > Self.capacity {
                let cut = state.byParticipant.values.map(\.storedAt).sorted()[state.byParticipant.count / 2]
                state.byParticipant = state.byParticipant.filter { $0.value.storedAt >= cut }
            }
        }
    }

    /// What the answer is computed from, as one comparable text.
    static func dataKey(arm: String?, randomizedOn: String?, forms: [(id: String, version: Int64)], protocolVersions: [String]) -> String {
        var key = "arm=\(arm ?? "-");randomized=\(randomizedOn ?? "-");protocol=\(protocolVersions.joined(separator: ","))"
        for form in forms { key += ";\(form.id)@\(form.version)" }
        return key
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
