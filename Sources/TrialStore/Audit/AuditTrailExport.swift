import Foundation
import TrialCore

/// Which events an audit-trail export holds. No filter is a complete export, which `audit verify --export`
/// checks end to end; any filter makes a partial one, whose events are checked one by one.
public struct AuditExportFilter: Codable, Hashable, Sendable {
    /// A participant ID such as `960-0001`: the events of the participant's record, screening, forms and queries.
    public var participantID: String?
    /// A site code: the events of that site's records (whoever made them), and of records without a site
    /// made by a user of that site.
    public var siteCode: String?
    /// A calendar date YYYY-MM-DD: events at or after its start (UTC). An empty participant or site is no filter.
    public var from: String?

    public init(participantID: String? = nil, siteCode: String? = nil, from: String? = nil) {
        self.participantID = participantID.flatMap { $0.isEmpty ? nil : $0 }
        self.siteCode = siteCode.flatMap { $0.isEmpty ? nil : $0 }
        // An empty date is not a date: it is refused by `validated()`, not read as no filter.
        self.from = from
    }

    public var isEmpty: Bool { participantID == nil && siteCode == nil && from == nil }

    /// Checks the date's shape, naming the field when it is wrong.
    public func validated() throws -> AuditExportFilter {
        if let from, CalendarDate(iso8601: from) == nil {
            throw ValidationFailure([FieldError(field: "from", RuleMessage("input.notADate", "'{value}' is not a date YYYY-MM-DD", ["value": String(from.prefix(40))]))])
        }
        return self
    }
}

/// One exported audit event: everything its hash covers, the hash it links to and its own hash, and the
/// participant its record belongs to (read from the record's history, for the reader; not hashed).
public struct AuditExportedEvent: Codable, Hashable, Sendable {
    public var sequence: Int64
    public var occurredAt: String
    public var user: String
    public var role: String
    public var site: String?
    public var action: String
    public var entityType: String
    public var entityID: String
    public var participantID: String?
    public var changes: [AuditFieldChange]
    public var reason: String?
    public var previousHash: String
    public var hash: String

    public init(sequence: Int64, occurredAt: String, user: String, role: String, site: String?, action: String, entityType: String,
                entityID: String, participantID: String?, changes: [AuditFieldChange], reason: String?, previousHash: String, hash: String) {
        self.sequence = sequence
        self.occurredAt = occurredAt
        self.user = user
        self.role = role
        self.site = site
        self.action = action
        self.entityType = entityType
        self.entityID = entityID
        self.participantID = participantID
        self.changes = changes
        self.reason = reason
        self.previousHash = previousHash
        self.hash = hash
    }

    enum CodingKeys: String, CodingKey {
        case sequence, occurredAt, user, role, site, action, entityType, entityID, participantID, changes, reason, previousHash, hash
    }

    // Nulls are written, not left out: a reader sees every column of every event.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(sequence, forKey: .sequence)
        try c.encode(occurredAt, forKey: .occurredAt)
        try c.encode(user, forKey: .user)
        try c.encode(role, forKey: .role)
        try c.encode(site, forKey: .site)
        try c.encode(action, forKey: .action)
        try c.encode(entityType, forKey: .entityType)
        try c.encode(entityID, forKey: .entityID)
        try c.encode(participantID, forKey: .participantID)
        try c.encode(changes, forKey: .changes)
        try c.encode(reason, forKey: .reason)
        try c.encode(previousHash, forKey: .previousHash)
        try c.encode(hash, forKey: .hash)
    }

    /// The hash of this event's content linked to its exported previous hash (the chain's own rule).
    public var recomputedHash: String {
        AuditChain.hash(of: hashedContent(reason: reason), previousHash: previousHash)
    }

    func hashedContent(reason: String?) -> AuditChain.HashedContent {
        AuditChain.HashedContent(sequence: sequence, occurredAt: occurredAt, actor: user, role: role, site: site, action: action,
                                 entityType: entityType, entityID: entityID, changes: AuditChain.canonicalChanges(changes), reason: reason)
    }
}

/// An audit-trail export: the events, the chain head and the signed checkpoints when it was made, so that
/// whoever receives the file can check it later without the database (`AuditExportVerifier`).
public struct AuditTrailExport: Codable, Sendable {
    public static let formatName = "trialdesk-audit-export-v1"

    public struct ChainHead: Codable, Hashable, Sendable {
        public var sequence: Int64
        public var hash: String

        public init(sequence: Int64, hash: String) {
            self.sequence = sequence
            self.hash = hash
        }
    }

    public var format: String
    public var exportedAt: String
    public var exportedBy: String?
    public var filter: AuditExportFilter
    public var chainHead: ChainHead
    public var checkpoints: [AuditCheckpoint]
    public var events: [AuditExportedEvent]

    public init(exportedAt: String, exportedBy: String?, filter: AuditExportFilter, chainHead: ChainHead, checkpoints: [AuditCheckpoint],
                events: [AuditExportedEvent]) {
        self.format = Self.formatName
        self.exportedAt = exportedAt
        self.exportedBy = exportedBy
        self.filter = filter
        self.chainHead = chainHead
        self.checkpoints = checkpoints
        self.events = events
    }

    /// A complete export holds every event of the chain; a filtered one is partial.
    public var isComplete: Bool { filter.isEmpty }

    public func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }
}

/// Reads the audit trail into an export, applying the reader's site scope once (a monitor's export holds
/// their own site's events only, as `AuditTrailReader` does for the history pages).
public struct AuditTrailExporter: Sendable {
    public let store: TrialStore

    public init(store: TrialStore) {
        self.store = store
    }

    /// The export for `scope` with `filter`. A site-bound reader who names another site is refused
    /// (`StoreError.outsideSite`); one who names none gets their own site.
    public func export(scope: SiteScope, filter requested: AuditExportFilter, exportedBy: String?) async throws -> AuditTrailExport {
        var filter = try requested.validated()
        if let own = scope.siteCode {
            if let asked = filter.siteCode, asked != own { throw StoreError.outsideSite(site: asked, scope: own) }
            filter.siteCode = own
        }
        // The head is read before the events: events appended meanwhile lie after it and are left out, so a
        // complete export ends exactly at the head it names.
        let head = try await store.chainHead()
        let checkpoints = try await AuditCheckpoints(store: store).all().filter { $0.sequence <= head.sequence }
        var rows: [ChainRow] = []
        let batchSize = 20_000
        while true {
            let batch = try await ChainRow.batch(after: rows.last?.sequence ?? 0, limit: batchSize, on: store.database)
            rows += batch.filter { $0.sequence <= head.sequence }
            if batch.count < batchSize || (batch.last?.sequence ?? 0) >= head.sequence { break }
        }
        let owners = RecordOwners(rows)
        let fromTime = filter.from
        let events: [AuditExportedEvent] = rows.compactMap { row in
            let participant = owners.participant[row.content.entityType + "/" + row.entityID]
            if let wanted = filter.participantID, participant != wanted { return nil }
            if let site = filter.siteCode {
                let recordSite = owners.site[row.content.entityType + "/" + row.entityID]
                guard recordSite == site || (recordSite == nil && row.content.site == site) else { return nil }
            }
            // Timestamps are ISO 8601 in UTC, so a date compares as the start of its day.
            if let fromTime, row.content.occurredAt < fromTime { return nil }
            return AuditExportedEvent(
                sequence: row.sequence, occurredAt: row.content.occurredAt, user: row.content.actor, role: row.content.role,
                site: row.content.site, action: row.action, entityType: row.entityType, entityID: row.entityID, participantID: participant,
                changes: row.changes, reason: row.content.reason, previousHash: row.previousHash, hash: row.hash)
        }
        return AuditTrailExport(exportedAt: UTCTimestamp.string(from: store.now()), exportedBy: exportedBy, filter: filter,
                                chainHead: .init(sequence: head.sequence, hash: head.hash), checkpoints: checkpoints, events: events)
    }

    /// Which participant and site each record belongs to, from the record's own history (its
    /// `participantID` and `siteCode` fields), so that a deleted form still counts for its participant.
    /// A screening belongs to the participant it was enrolled as.
    struct RecordOwners {
        var participant: [String: String] = [:]
        var site: [String: String] = [:]

        init(_ rows: [ChainRow]) {
            for row in rows {
                let key = row.entityType + "/" + row.entityID
                for change in row.changes {
                    switch change.field {
                    case "participantID":
                        if let value = change.new ?? change.old { participant[key] = value }
                    case "siteCode":
                        if let value = change.new ?? change.old { site[key] = value }
                    default: break
                    }
                }
            }
        }
    }
}
