import Foundation
import TrialCore

/// Stored forms already decoded, given again while their stored JSON is the same text. Every save reads and
/// decodes the participant's whole casebook for the edit checks, and so does every casebook page: decoding
/// the same unchanged forms again was 6% of building the demo. The decoded form is a function of the kind and
/// the exact stored text alone, so the text is the key (compared in full, never by a hash), and a corrected
/// form, whose text differs, is decoded anew.
final class DecodedFormCache: @unchecked Sendable {
    static let shared = DecodedFormCache()

    /// Forms of a trial ten times this one's size; past it the cache starts again empty.
    static let capacity = 20_000

    private struct Entry {
        var kind: CaseReportForm
        var json: String
        var decoded: CaseReportEntry
    }

    private let lock = NSLock()
    private var entries: [UUID: Entry] = [:]

    func entry(id: UUID, kind: CaseReportForm, json: String) throws -> CaseReportEntry {
        if let known = lock.withLock({ entries[id] }), known.kind == kind, known.json == json { return known.decoded }
        let decoded = try CaseReportEntry.decodeStored(kind: kind, json: Data(json.utf8))
        lock.withLock {
            if entries.count >= Self.capacity { entries.removeAll(keepingCapacity: true) }
            entries[id] = Entry(kind: kind, json: json, decoded: decoded)
        }
        return decoded
    }

    var count: Int { lock.withLock { entries.count } }
}
