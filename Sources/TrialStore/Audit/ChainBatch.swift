import Crypto
import FluentKit
import FluentSQLiteDriver
import Foundation
import TrialCore

/// A batch of audit events as one byte buffer with the place of each column in it, for `audit verify`.
///
/// SQLite hands the verifier a batch as one packed text: reading it row by row made a row, a value per column
/// and a Swift string per text (five of them over fifteen bytes, so five allocations) for every event, and
/// copying and freeing those was a third of the walk. Here the hash is recomputed from the bytes, the links are
/// compared as bytes, and strings are made only of what the replay keeps and of the events a problem names.
/// Other databases (and a batch SQLite cannot pack) are read row by row into the same buffer.
struct ChainBatch: Sendable {
    enum Column: Int, CaseIterable {
        case occurredAt, actor, role, site, action, entityType, entityID, changes, reason, previousHash, hash

        /// The columns the chain allows to be NULL.
        var isOptional: Bool { self == .site || self == .reason }
    }

    private static let columnCount = Column.allCases.count
    private static let hexDigits = Array("0123456789abcdef".utf8)

    private(set) var bytes: [UInt8] = []
    private(set) var sequences: [Int64] = []
    /// Start and length in `bytes` of each event's columns, `columnCount` pairs an event; length -1 is NULL.
    private var spans: [Int] = []

    var count: Int { sequences.count }

    init() {}

    /// An event read as strings (another database, or SQLite's rows when a batch cannot be packed).
    mutating func append(_ row: ChainRow) {
        sequences.append(row.sequence)
        let content = row.content
        let columns: [String?] = [content.occurredAt, content.actor, content.role, content.site, content.action, content.entityType,
                                  content.entityID, content.changes, content.reason, row.previousHash, row.hash]
        for column in columns {
            spans.append(bytes.count)
            if let column {
                bytes.append(contentsOf: column.utf8)
                spans.append(bytes.count - spans[spans.count - 1])
            } else {
                spans.append(-1)
            }
        }
    }

    // MARK: Reading a column

    private func span(_ column: Column, of event: Int) -> (start: Int, length: Int) {
        let slot = (event * Self.columnCount + column.rawValue) * 2
        return (spans[slot], spans[slot + 1])
    }

    /// The column's bytes in `all` (this batch's `bytes`), nil for NULL.
    private func slice(_ column: Column, of event: Int, in all: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8>? {
        let (start, length) = span(column, of: event)
        return length < 0 ? nil : UnsafeBufferPointer(rebasing: all[start..<(start + length)])
    }

    func text(_ column: Column, of event: Int) -> String? {
        bytes.withUnsafeBufferPointer { all in slice(column, of: event, in: all).map { String(decoding: $0, as: UTF8.self) } }
    }

    /// Whether the column holds exactly these bytes.
    func column(_ column: Column, of event: Int, equals expected: some Collection<UInt8>) -> Bool {
        bytes.withUnsafeBufferPointer { all in slice(column, of: event, in: all).map { $0.elementsEqual(expected) } ?? false }
    }

    /// Whether one event's column holds the same bytes as another event's (the chain's links).
    func column(_ column: Column, of event: Int, equals other: Column, of otherEvent: Int) -> Bool {
        bytes.withUnsafeBufferPointer { all in
            guard let left = slice(column, of: event, in: all), let right = slice(other, of: otherEvent, in: all) else { return false }
            return left.elementsEqual(right)
        }
    }

    func bytes(_ column: Column, of event: Int) -> [UInt8] {
        bytes.withUnsafeBufferPointer { all in slice(column, of: event, in: all).map(Array.init) ?? [] }
    }

    /// The event as strings: for the messages of problems, the rare events whose changes the walk reads in
    /// full, and the reference hash that confirms a mismatch.
    func row(_ event: Int) -> ChainRow {
        ChainRow(
            content: AuditChain.HashedContent(
                sequence: sequences[event], occurredAt: text(.occurredAt, of: event) ?? "", actor: text(.actor, of: event) ?? "",
                role: text(.role, of: event) ?? "", site: text(.site, of: event), action: text(.action, of: event) ?? "",
                entityType: text(.entityType, of: event) ?? "", entityID: text(.entityID, of: event) ?? "",
                changes: text(.changes, of: event) ?? "", reason: text(.reason, of: event)),
            previousHash: text(.previousHash, of: event) ?? "", hash: text(.hash, of: event) ?? "")
    }

    // MARK: Hashes

    /// Whether each event's stored hash is the hash of its content and its stored previous hash, split over
    /// the cores. A mismatch is confirmed through the strings and the encoder itself (`ChainRow.hashMatches`)
    /// before it counts, so the byte path can never raise a false alarm.
    func hashesMatch(eventsPerTask: Int = 2_000) async -> [Bool] {
        let parts = max(1, min(ProcessInfo.processInfo.activeProcessorCount, count / max(1, eventsPerTask)))
        guard parts > 1 else { return hashesMatch(in: 0..<count) }
        let size = (count + parts - 1) / parts
        return await withTaskGroup(of: (Int, [Bool]).self) { group in
            for part in 0..<parts {
                let range = (part * size)..<min(count, (part + 1) * size)
                group.addTask { (part, self.hashesMatch(in: range)) }
            }
            var results = [[Bool]](repeating: [], count: parts)
            for await (part, matches) in group { results[part] = matches }
            return results.flatMap { $0 }
        }
    }

    func hashesMatch(in range: Range<Int>) -> [Bool] {
        var hashed: [UInt8] = []
        hashed.reserveCapacity(4_096)
        return range.map { event in
            let fast = bytes.withUnsafeBufferPointer { all in hashMatches(event, in: all, hashed: &hashed) }
            return fast || row(event).hashMatches
        }
    }

    /// SHA-256 over the previous hash, a line break and the canonical JSON (`AuditChain.hash`), written from
    /// the column bytes into `hashed` (kept between events), compared with the stored lower-case hex.
    private func hashMatches(_ event: Int, in all: UnsafeBufferPointer<UInt8>, hashed: inout [UInt8]) -> Bool {
        guard let previous = slice(.previousHash, of: event, in: all), let stored = slice(.hash, of: event, in: all), stored.count == 64
        else { return false }
        hashed.removeAll(keepingCapacity: true)
        hashed.append(contentsOf: previous)
        hashed.append(0x0A)
        CanonicalEventJSON.write(sequence: sequences[event], into: &hashed) { field, out in
            let column: Column = switch field {
            case .action: .action
            case .actor: .actor
            case .changes: .changes
            case .entityID: .entityID
            case .entityType: .entityType
            case .occurredAt: .occurredAt
            case .reason: .reason
            case .role: .role
            case .site: .site
            }
            if let value = slice(column, of: event, in: all) {
                JSONStringLiteral.append(utf8: value, to: &out)
            } else {
                out.append(contentsOf: "null".utf8)
            }
        }
        return SHA256.hash(data: hashed).withUnsafeBytes { digest in
            for (index, byte) in digest.enumerated()
            where stored[2 * index] != Self.hexDigits[Int(byte >> 4)] || stored[2 * index + 1] != Self.hexDigits[Int(byte & 0x0F)] {
                return false
            }
            return true
        }
    }

    // MARK: Replay

    /// Calls `apply` with each event's entity type, id, whether it deletes, and its changed fields' new values
    /// (`values`, kept between events). Changes of another shape than the canonical one are read as
    /// `ChainRow.newValues` reads them.
    func forEachChange(values: inout [(field: String, new: String?)],
                       _ apply: (_ entityType: String, _ entityID: String, _ isDelete: Bool, _ values: [(field: String, new: String?)]) -> Void) {
        bytes.withUnsafeBufferPointer { all in
            for event in 0..<count {
                if !(slice(.changes, of: event, in: all).map { AuditChangesReader.newValues(utf8: $0, into: &values) } ?? false) {
                    row(event).newValues(into: &values)
                }
                let isDelete = slice(.action, of: event, in: all).map { $0.elementsEqual("delete".utf8) } ?? false
                guard !values.isEmpty || isDelete else { continue }
                apply(slice(.entityType, of: event, in: all).map { String(decoding: $0, as: UTF8.self) } ?? "",
                      slice(.entityID, of: event, in: all).map { String(decoding: $0, as: UTF8.self) } ?? "", isDelete, values)
            }
        }
    }

    // MARK: Reading a batch

    /// Up to `limit` events after `sequence`, in order.
    static func read(after sequence: Int64, limit: Int, on database: any Database) async throws -> ChainBatch {
        if let sqlite = database as? any SQLiteDatabase, let packed = try? await packed(after: sequence, limit: limit, on: sqlite) {
            return packed
        }
        var batch = ChainBatch()
        for row in try await ChainRow.batch(after: sequence, limit: limit, on: database) { batch.append(row) }
        return batch
    }

    /// SQLite's batch as one text: per event its sequence and `;`, then per column its length in bytes, `:`
    /// and its bytes, or `-` for NULL. Nil when the text does not unpack into the events counted (a NULL
    /// where the chain allows none, say): the rows are then read one by one and name the fault.
    static func packed(after sequence: Int64, limit: Int, on database: any SQLiteDatabase) async throws -> ChainBatch? {
        let names = ["occurred_at", "actor", "role", "site", "action", "entity_type", "entity_id", "changes", "reason", "previous_hash", "hash"]
        let columns = names.map { "coalesce(octet_length(\($0)) || ':' || \($0), '-')" }.joined(separator: " || ")
        let rows = try await database.query(
            """
            SELECT CAST(group_concat(sequence || ';' || \(columns), '') AS BLOB) AS packed, count(*) AS events
            FROM (SELECT * FROM \(AuditEventRecord.schema) WHERE sequence > ?1 ORDER BY sequence LIMIT ?2)
            """, [.integer(SQLiteInt64(sequence)), .integer(SQLiteInt64(limit))])
        guard let row = rows.first, let events = row.column("events")?.integer else { return nil }
        guard events > 0 else { return ChainBatch() }
        guard case .blob(let buffer)? = row.column("packed"), var batch = ChainBatch(unpacking: Array(buffer.readableBytesView)),
              batch.count == events else { return nil }
        // SQLite concatenates in the subquery's order as it reads it; an ORDER BY inside the aggregate made it sort
        // the whole text again through a temporary file. The order is checked here rather than assumed.
        batch.sortBySequence()
        return batch
    }

    /// The events in sequence order (the columns stay where they are; only their spans move).
    mutating func sortBySequence() {
        guard zip(sequences, sequences.dropFirst()).contains(where: { $0 >= $1 }) else { return }
        let order = sequences.indices.sorted { sequences[$0] < sequences[$1] }
        let width = 2 * Self.columnCount
        spans = order.flatMap { spans[($0 * width)..<(($0 + 1) * width)] }
        sequences = order.map { sequences[$0] }
    }

    /// The packed text's events; the columns stay where they are in it.
    init?(unpacking packed: [UInt8]) {
        bytes = packed
        var index = 0
        /// A decimal number up to `end`, which is stepped over.
        func number(until end: UInt8) -> Int? {
            var value = 0
            var digits = 0
            var negative = false
            if index < packed.count, packed[index] == UInt8(ascii: "-") { negative = true; index += 1 }
            while index < packed.count, packed[index] != end {
                let digit = Int(packed[index]) - Int(UInt8(ascii: "0"))
                guard (0...9).contains(digit), digits < 18 else { return nil }
                value = value * 10 + digit
                digits += 1
                index += 1
            }
            guard digits > 0, index < packed.count else { return nil }
            index += 1
            return negative ? -value : value
        }
        while index < packed.count {
            guard let sequence = number(until: UInt8(ascii: ";")) else { return nil }
            sequences.append(Int64(sequence))
            for column in Column.allCases {
                if index < packed.count, packed[index] == UInt8(ascii: "-") {
                    guard column.isOptional else { return nil }
                    spans.append(index)
                    spans.append(-1)
                    index += 1
                    continue
                }
                guard let length = number(until: UInt8(ascii: ":")), length >= 0, packed.count - index >= length else { return nil }
                spans.append(index)
                spans.append(length)
                index += length
            }
        }
    }
}
