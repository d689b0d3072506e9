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
    private var entries: [UUID: (text: Text, value: Value)] = [:]

    /// Past `capacity` rows the cache starts again empty.
    init(capacity: Int) {
        self.capacity = capacity
    }

    func value(id: UUID, text: Text, decode: (Text) throws -> Value) throws -> Value {
        if let known = lock.withLock({ entries[id] }), known.text == text { return known.value }
        let value = try decode(text)
        lock.withLock {
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[id] = (text, value)
        }
        return value
    }

    var count: Int { lock.withLock { entries.count } }
}

/// The forms of a trial ten times this one's size.
enum DecodedForms {
    struct Stored: Equatable, Sendable {
        var kind: CaseReportForm
        var json: String
    }

    static let shared = DecodedTextCache<Stored, CaseReportEntry>(capacity: 20_000)

    static func entry(id: UUID, kind: CaseReportForm, json: String, in cache: DecodedTextCache<Stored, CaseReportEntry> = shared) throws -> CaseReportEntry {
        try cache.value(id: id, text: Stored(kind: kind, json: json)) { try CaseReportEntry.decodeStored(kind: $0.kind, json: Data($0.json.utf8)) }
    }
}
