import Foundation
import TrialCore

/// Stored JSON already decoded, given again while the stored text is the same. Every save reads and decodes the
/// participant's whole casebook for the edit checks, as does every casebook page, and the screening log API
/// decodes every screening's values and answers: decoding the same unchanged rows again was 6% of building the
/// demo and a third of the screening log. A decoded value is a function of the exact stored text alone, so the
/// text is the key (compared in full, never by a hash), and a corrected row, whose text differs, is decoded anew.
final class DecodedTextCache<Text: Equatable & Sendable, Value: Sendable>: @unchecked Sendable {
    private let capacity: Int
    private let lock = NSLock()
    private var entries: [UUID: (text: Text, value: Value, used: UInt64)] = [:]
    private var clock: UInt64 = 0

    /// Past `capacity` rows the half used longest ago is dropped.
    init(capacity: Int) {
        self.capacity = capacity
    }

    func value(id: UUID, text: Text, decode: (Text) throws -> Value) throws -> Value {
        let known: Value? = lock.withLock {
            guard let entry = entries[id], entry.text == text else { return nil }
            clock += 1
            entries[id]?.used = clock
            return entry.value
        }
        if let known { return known }
        let value = try decode(text)
        lock.withLock {
            clock += 1
            entries[id] = (text, value, clock)
            if entries.count > capacity {
                let cut = entries.values.map(\.used).sorted()[entries.count / 2]
                entries = entries.filter { $0.value.used >= cut }
            }
        }
        return value
    }

    var count: Int { lock.withLock { entries.count } }
}

/// The forms of single casebooks as read for saves and casebook pages, about 1,700 participants' worth. The scale
/// demo (1,200 participants, 16,756 forms) saves in calendar order across every participant in follow-up: with
/// room for 8,000 a late save found its participant's forms evicted and decoded them all again (4% of the demo's
/// CPU); with room for all of them the demo took 7% less time for 2 MB more at its peak.
enum DecodedForms {
    struct Stored: Equatable, Sendable {
        var kind: CaseReportForm
        var json: String
    }

    static let shared = DecodedTextCache<Stored, CaseReportEntry>(capacity: 24_000)

    static func entry(id: UUID, kind: CaseReportForm, json: String, in cache: DecodedTextCache<Stored, CaseReportEntry> = shared) throws -> CaseReportEntry {
        try cache.value(id: id, text: Stored(kind: kind, json: json)) { try CaseReportEntry.decodeStored(kind: $0.kind, json: Data($0.json.utf8)) }
    }
}
