import Crypto
import FluentKit
import Foundation

/// A record's fields as the audit trail sees them: field name -> canonical text. A missing key is null.
public typealias AuditSnapshot = [String: String]

/// A record kind whose every change is audited and whose current state `audit verify` can rebuild
/// from its audit events.
public protocol AuditedRecord: Model where IDValue == UUID {
    static var auditEntityType: String { get }
    var auditSnapshot: AuditSnapshot { get }
    /// The snapshot by the definition a fast `auditSnapshot` is held to; `audit verify` confirms a difference
    /// with it before reporting one, so a fast writer can never raise a false alarm.
    var referenceAuditSnapshot: AuditSnapshot { get }
    /// Every stored record, for `audit verify` to compare with its history.
    static func allForVerification(on database: any Database) async throws -> [Self]
    /// The record as saved now, which an update reads back inside its transaction to diff against.
    static func stored(id: UUID, on database: any Database) async throws -> Self?
}

extension AuditedRecord {
    public var referenceAuditSnapshot: AuditSnapshot { auditSnapshot }
    public static func allForVerification(on database: any Database) async throws -> [Self] { try await query(on: database).all() }
    public static func stored(id: UUID, on database: any Database) async throws -> Self? { try await find(id, on: database) }
}

extension AuditedRecord {
    /// The record's id as its audit events name it (empty before the record has one: `create` gives it one
    /// first; an id is never invented here, which would file the record's history under a name no row has).
    public var auditEntityID: String { id?.uuidString.lowercased() ?? "" }
}

/// One field of one change: old and new value (nil = no value).
public struct AuditFieldChange: Codable, Hashable, Sendable {
    public var field: String
    public var old: String?
    public var new: String?

    public init(field: String, old: String?, new: String?) {
        self.field = field
        self.old = old
        self.new = new
    }

    enum CodingKeys: String, CodingKey { case field, old, new }

    // Nulls are written explicitly so that the hashed bytes never depend on an encoder's choice.
    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(field, forKey: .field)
        try container.encode(old, forKey: .old)
        try container.encode(new, forKey: .new)
    }
}

/// The hashing rules of the audit chain.
///
/// hash(n) = SHA-256( hash(n-1) + "\n" + canonical JSON of event n ), hex encoded, where the canonical JSON
/// holds sequence, occurredAt, actor, role, site, action, entityType, entityID, changes and reason with keys
/// sorted and no insignificant white space. The first event links to 64 zeros.
public enum AuditChain {
    public static let genesisHash = String(repeating: "0", count: 64)

    public static func sha256Hex(_ text: String) -> String {
        hex(SHA256.hash(data: Data(text.utf8)))
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// Lower-case hex of a digest (a formatter per byte made hashing the chain slower than reading it).
    static func hex(_ digest: some Sequence<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for byte in digest {
            out.append(hexDigits[Int(byte >> 4)])
            out.append(hexDigits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func canonicalEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    public static func canonicalChanges(_ changes: [AuditFieldChange]) -> String {
        let sorted = changes.sorted { $0.field < $1.field }
        let data = (try? canonicalEncoder().encode(sorted)) ?? Data("[]".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    struct HashedContent: Encodable, Sendable {
        let sequence: Int64
        let occurredAt: String
        let actor: String
        let role: String
        let site: String?
        let action: String
        let entityType: String
        let entityID: String
        let changes: String
        let reason: String?

        enum CodingKeys: String, CodingKey {
            case sequence, occurredAt, actor, role, site, action, entityType, entityID, changes, reason
        }

        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(sequence, forKey: .sequence)
            try c.encode(occurredAt, forKey: .occurredAt)
            try c.encode(actor, forKey: .actor)
            try c.encode(role, forKey: .role)
            try c.encode(site, forKey: .site)
            try c.encode(action, forKey: .action)
            try c.encode(entityType, forKey: .entityType)
            try c.encode(entityID, forKey: .entityID)
            try c.encode(changes, forKey: .changes)
            try c.encode(reason, forKey: .reason)
        }
    }

    public static func hash(of event: AuditEventRecord, previousHash: String) -> String {
        hash(of: content(of: event), previousHash: previousHash)
    }

    static func content(of event: AuditEventRecord) -> HashedContent {
        HashedContent(
            sequence: event.sequence, occurredAt: event.occurredAt, actor: event.actor, role: event.role,
            site: event.site, action: event.action, entityType: event.entityType, entityID: event.entityID,
            changes: event.changesJSON, reason: event.reason)
    }

    /// The chain's hash of one event's content: SHA-256 over the previous hash, a line break and the canonical
    /// JSON, written directly (`CanonicalEventJSON`) with the bytes `JSONEncoder` writes (sorted keys, no
    /// escaped slashes); `referenceHash` is the encoder's own, and a test holds the two equal.
    static func hash(of content: HashedContent, previousHash: String) -> String {
        var bytes: [UInt8] = []
        // Room for the whole text at once (the changes are most of it), not grown step by step.
        bytes.reserveCapacity(previousHash.utf8.count + content.changes.utf8.count + content.changes.utf8.count / 8 + 512)
        bytes.append(contentsOf: previousHash.utf8)
        bytes.append(0x0A)
        CanonicalEventJSON.write(content, into: &bytes)
        return hex(SHA256.hash(data: bytes))
    }

    /// The same hash through `JSONEncoder`: the definition the fast path is held to.
    static func referenceHash(of content: HashedContent, previousHash: String) -> String {
        let json = String(decoding: (try? canonicalEncoder().encode(content)) ?? Data(), as: UTF8.self)
        return sha256Hex(previousHash + "\n" + json)
    }

    /// The field changes between two snapshots (nil = the record does not exist on that side).
    public static func changes(from old: AuditSnapshot?, to new: AuditSnapshot?) -> [AuditFieldChange] {
        let fields = Set((old ?? [:]).keys).union((new ?? [:]).keys)
        return fields.sorted().compactMap { field in
            let before = old?[field]
            let after = new?[field]
            return before == after ? nil : AuditFieldChange(field: field, old: before, new: after)
        }
    }
}
