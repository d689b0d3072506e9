import FluentKit
import Foundation

/// One link of the append-only audit chain. Rows are only ever inserted; `audit verify` recomputes
/// every hash, so an UPDATE or DELETE made behind the application's back breaks the chain visibly.
public final class AuditEventRecord: Model, @unchecked Sendable {
    public static let schema = "audit_events"

    @ID(custom: "sequence", generatedBy: .user) public var id: Int64?
    @Field(key: "occurred_at") public var occurredAt: String
    @Field(key: "actor") public var actor: String
    @Field(key: "role") public var role: String
    @OptionalField(key: "site") public var site: String?
    @Field(key: "action") public var action: String
    @Field(key: "entity_type") public var entityType: String
    @Field(key: "entity_id") public var entityID: String
    /// Canonical JSON of the changed fields (`[{"field","old","new"}]`), the exact bytes that were hashed.
    @Field(key: "changes") public var changesJSON: String
    @OptionalField(key: "reason") public var reason: String?
    @Field(key: "previous_hash") public var previousHash: String
    @Field(key: "hash") public var hash: String

    public init() {}

    public var sequence: Int64 { id ?? 0 }

    public var changes: [AuditFieldChange] {
        (try? JSONDecoder().decode([AuditFieldChange].self, from: Data(changesJSON.utf8))) ?? []
    }
}

/// The single row that names the chain's last link. Every write transaction updates it first, which takes
/// the database's write lock (SQLite) or the row lock (PostgreSQL) and so orders writers across processes.
/// (Writes inside one `TrialStore.writesInOneTransaction` after the first find the lock held and the head known.)
final class AuditChainHead: Model, @unchecked Sendable {
    static let schema = "audit_chain_head"
    static let rowID = 1

    @ID(custom: "id", generatedBy: .user) var id: Int?
    @Field(key: "sequence") var sequence: Int64
    @Field(key: "hash") var hash: String
    @Field(key: "writes") var writes: Int64

    init() {}

    init(sequence: Int64, hash: String) {
        self.id = AuditChainHead.rowID
        self.sequence = sequence
        self.hash = hash
        self.writes = 0
    }
}
