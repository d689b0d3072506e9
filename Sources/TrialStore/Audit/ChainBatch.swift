import Crypto
import FluentKit
import FluentSQLiteDriver
import Foundation
import TrialCore

/// A batch of audit events as one byte buffer with the place of each column in it (`PackedRows`), for
/// `audit verify`.
///
/// SQLite hands the verifier a batch as one packed text: reading it row by row made a row, a value per column
/// and a Swift string per text (five of them over fifteen bytes, so five allocations) for every event, and
/// copying and freeing those was a third of the walk. Here the hash is recomputed from the bytes, the links are
/// compared as bytes, and strings are made only of what the replay keeps and of the events a problem names.
/// Other databases (and a batch SQLite cannot pack) are read row by row into the same buffer.
struct ChainBatch: Sendable {
    /// The columns after the sequence number (column 0), as the packed rows hold them.
    enum Column: Int, CaseIterable {
        case occurredAt = 1, actor, role, site, action, entityType, entityID, changes, reason, previousHash, hash

        /// The columns the chain allows to be NULL.
        var isOptional: Bool { self == .site || self == .reason }
    }

    static let columnNames = ["sequence", "occurred_at", "actor", "role", "site", "action", "entity_type", "entity_id", "changes",
                                      "reason", "previous_hash", "hash"]
    private static let hexDigits = Array("0123456789abcdef".utf8)

    private var rows = PackedRows(columnCount: ChainBatch.columnNames.count)
    private(set) var sequences: [Int64] = []

    var count: Int { sequences.count }

    init() {}

    /// An event read as strings (another database, or SQLite's rows when a batch cannot be packed).
    mutating func append(_ row: ChainRow) {
        sequences.append(row.sequence)
        let content = row.content
        rows.append([String(row.sequence), content.occurredAt, content.actor, content.role, content.site, content.action, content.entityType,
                     content.entityID, content.changes, content.reason, row.previousHash, row.hash])
    }

    /// The events of SQLite's packed rows in sequence order; nil when a sequence number is not one or a column
    /// the chain requires is NULL (the rows read one by one then name the fault).
    init?(_ packed: PackedRows) {
        rows = packed
        for event in 0..<packed.count {
            guard let sequence = packed.integer(row: event, column: 0) else { return nil }
            for column in Column.allCases where !column.isOptional && packed.isNull(row: event, column: column.rawValue) { return nil }
            sequences.append(sequence)
        }
        sortBySequence()
    }

    // MARK: Reading a column

    /// The column's bytes in `all` (this batch's `bytes`), nil for NULL.
    private func slice(_ column: Column, of event: Int, in all: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8>? {
        rows.slice(row: event, column: column.rawValue, in: all)
    }

    private var bytes: [UInt8] { rows.bytes }

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
        if let sqlite = database as? any SQLiteDatabase, let batch = try await packed(after: sequence, limit: limit, on: sqlite) {
            return batch
        }
        var batch = ChainBatch()
        for row in try await ChainRow.batch(after: sequence, limit: limit, on: database) { batch.append(row) }
        return batch
    }

    /// SQLite's batch as packed rows; nil when it does not pack or unpack into a chain's events.
    static func packed(after sequence: Int64, limit: Int, on database: any SQLiteDatabase) async throws -> ChainBatch? {
        let rows = try await PackedRows.read(columnNames, of: "SELECT * FROM \(AuditEventRecord.schema) WHERE sequence > ?1 ORDER BY sequence LIMIT ?2",
                                             binds: [.integer(SQLiteInt64(sequence)), .integer(SQLiteInt64(limit))], on: database)
        return rows.flatMap(ChainBatch.init)
    }

    /// The events in sequence order: the aggregate reads its ordered subquery in order, which is checked here
    /// rather than assumed.
    mutating func sortBySequence() {
        guard zip(sequences, sequences.dropFirst()).contains(where: { $0 >= $1 }) else { return }
        let order = sequences.indices.sorted { sequences[$0] < sequences[$1] }
        rows.reorder(order)
        sequences = order.map { sequences[$0] }
    }
}
