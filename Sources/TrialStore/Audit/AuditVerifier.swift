import FluentKit
import FluentSQL
import FluentSQLiteDriver
import Foundation

/// One thing `audit verify` found wrong.
public struct AuditProblem: Codable, Hashable, Sendable, CustomStringConvertible {
    public enum Kind: String, Codable, Sendable {
        case sequenceGap, brokenLink, hashMismatch, headMismatch
        case recordDiffersFromHistory, recordWithoutHistory, recordMissing
        case checkpointMismatch, checkpointSignatureInvalid, checkpointUntrustedKey
        case randomizationDiffers
    }

    public var kind: Kind
    public var sequence: Int64?
    public var entityType: String?
    public var entityID: String?
    public var message: String

    public var description: String { message }
}

public struct AuditVerificationReport: Codable, Sendable {
    public var eventsChecked: Int
    public var recordsChecked: Int
    public var problems: [AuditProblem]
    /// Signed checkpoints the chain was held to (stored ones and those of an exported file).
    public var checkpointsChecked: Int?
    /// The last sequence a valid checkpoint covers; events after it are protected by the hash chain only.
    public var signedThrough: Int64?
    /// How long the walk took (wall clock), for the operator and the benchmarks.
    public var seconds: Double?
    /// When the walk was made (UTC), when a server answers an earlier walk again.
    public var walkedAt: String?
    public var isIntact: Bool { problems.isEmpty }
    /// True when no checkpoint was checked: the chain proves itself only against edits that do not re-hash it.
    public var isUnsigned: Bool { (checkpointsChecked ?? 0) == 0 }

    public init(eventsChecked: Int, recordsChecked: Int, problems: [AuditProblem], checkpointsChecked: Int? = nil, signedThrough: Int64? = nil,
                walkedAt: String? = nil) {
        self.walkedAt = walkedAt
        self.eventsChecked = eventsChecked
        self.recordsChecked = recordsChecked
        self.problems = problems
        self.checkpointsChecked = checkpointsChecked
        self.signedThrough = signedThrough
    }

    /// The first broken link of the chain, if any (what an auditor looks at first).
    public var firstBrokenLink: AuditProblem? {
        problems.first { [.sequenceGap, .brokenLink, .hashMismatch, .headMismatch].contains($0.kind) }
    }
}

/// Walks the audit chain and checks (1) every link: contiguous sequence numbers, each event's previous
/// hash equal to the hash before it, each hash recomputed from the event's content; (2) the chain head;
/// (3) that every current record equals the state its audit events produce, so that an edit made in SQL
/// to a data table, not only to the audit table, is found.
public struct AuditVerifier: Sendable {
    public let database: any Database
    /// Where the current records are read: another connection to the same database lets them be read while the
    /// chain is (on one connection the reads queue behind each other).
    public let recordsDatabase: any Database
    public let recordTypes: [any AuditedRecord.Type]

    public init(database: any Database, recordsDatabase: (any Database)? = nil,
                recordTypes: [any AuditedRecord.Type] = StoreSchema.auditedRecordTypes) {
        self.database = database
        self.recordsDatabase = recordsDatabase ?? database
        self.recordTypes = recordTypes
    }

    /// Walks and checks everything. `checkpoints` (an exported file's) are checked beside the stored ones;
    /// with `trustedPublicKey` every checkpoint must be signed by that key, so that checkpoints forged with
    /// another key count as problems.
    public func verify(checkpoints exported: [AuditCheckpoint] = [], trustedPublicKey: String? = nil,
                       trustedPublicKeys: [String] = []) async throws -> AuditVerificationReport {
        // After a key rotation, checkpoints of the old key and of the new one are both trusted.
        let trusted = Set(trustedPublicKeys + [trustedPublicKey].compactMap { $0 })
        let started = ContinuousClock.now
        var problems: [AuditProblem] = []
        let checkpoints = try await AuditCheckpoints(store: TrialStore(database: database)).all() + exported
        let checkpointSequences = Set(checkpoints.map(\.sequence))
        var hashesAtCheckpoints: [Int64: String] = [:]
        var publishedListsDigest: String?
        let history = ReplayedHistory()
        var expectedSequence: Int64 = 1
        var previousHash = AuditChain.genesisHash
        var checked = 0
        // Batches small enough that checking starts soon after the walk does, and that the record reads, when
        // they share the chain's connection, are not held up behind one long read.
        let batchSize = 5_000
        var lastSeen: Int64 = 0
        // The current records are read and their snapshots taken on another core while the chain is walked: a
        // snapshot depends on the record alone; only the comparison needs the replayed history.
        let current = Task { [recordsDatabase, recordTypes] in try await Self.currentRecords(of: recordTypes, on: recordsDatabase) }
        // The next batch is read while this one is checked, and the hashes of a batch (each needs only its own
        // event and the previous hash stored with it) are recomputed on every core beside the replay of the
        // batch (which needs only the events in order); the links are then checked in order.
        // The batch before's last hash, as bytes: the links are compared without making strings of them.
        var previousHashBytes = Array(previousHash.utf8)
        var pending: Task<ChainBatch, any Error>? = Task { [database] in try await ChainBatch.read(after: 0, limit: batchSize, on: database) }
        while let reading = pending {
            let batch = try await reading.value
            pending = batch.count < batchSize ? nil
                : Task { [database, after = batch.sequences[batch.count - 1]] in try await ChainBatch.read(after: after, limit: batchSize, on: database) }
            async let replayed: Void = history.replay(batch)
            let hashMatches = await batch.hashesMatch()
            await replayed
            for event in 0..<batch.count {
                let sequence = batch.sequences[event]
                checked += 1
                // The few events a problem names are read as strings; the rest never are.
                func named() -> (type: String, id: String) { (batch.text(.entityType, of: event) ?? "", batch.text(.entityID, of: event) ?? "") }
                if sequence != expectedSequence {
                    let (type, id) = named()
                    problems.append(AuditProblem(
                        kind: .sequenceGap, sequence: sequence, entityType: type, entityID: id,
                        message: "audit event \(sequence) follows \(expectedSequence - 1): events \(expectedSequence)...\(sequence - 1) are missing"))
                }
                let linked = event == 0 ? batch.column(.previousHash, of: event, equals: previousHashBytes)
                    : batch.column(.previousHash, of: event, equals: .hash, of: event - 1)
                if !linked {
                    let (type, id) = named()
                    problems.append(AuditProblem(
                        kind: .brokenLink, sequence: sequence, entityType: type, entityID: id,
                        message: "audit event \(sequence) does not link to the event before it (previous hash differs)"))
                }
                if !hashMatches[event] {
                    let (type, id) = named()
                    problems.append(AuditProblem(
                        kind: .hashMismatch, sequence: sequence, entityType: type, entityID: id,
                        message: "audit event \(sequence) (\(batch.text(.action, of: event) ?? "") \(type) \(id)) was altered after it was written: its content no longer matches its hash"))
                }
                if checkpointSequences.contains(sequence) { hashesAtCheckpoints[sequence] = batch.text(.hash, of: event) }
                // Activation publishes the lists' digest; each extension publishes the digest of the longer lists.
                if batch.column(.action, of: event, equals: "activate-randomization".utf8) || batch.column(.action, of: event, equals: "extend-allocation-lists".utf8) {
                    publishedListsDigest = batch.row(event).changes.first { $0.field == "listsSHA256" }?.new
                }
                expectedSequence = sequence + 1
                lastSeen = sequence
            }
            if batch.count > 0 { previousHashBytes = batch.bytes(.hash, of: batch.count - 1) }
        }
        previousHash = String(decoding: previousHashBytes, as: UTF8.self)

        if let head = try await AuditChainHead.find(AuditChainHead.rowID, on: database) {
            if head.sequence != lastSeen || head.hash != previousHash {
                problems.append(AuditProblem(
                    kind: .headMismatch, sequence: head.sequence, entityType: nil, entityID: nil,
                    message: "the chain head names event \(head.sequence) but the last event found is \(lastSeen): events were removed from the end or the head was edited"))
            }
        } else {
            problems.append(AuditProblem(kind: .headMismatch, sequence: nil, entityType: nil, entityID: nil,
                                         message: "the audit chain head row is missing"))
        }

        var recordsChecked = 0
        let currentRecords = try await current.value
        // Each kind is compared with its history on whichever core is free; the problems keep the kinds' order.
        let replayed = history.records
        let compared = await withTaskGroup(of: (Int, [AuditProblem], Int).self) { group in
            for (index, records) in currentRecords.enumerated() {
                let expected = replayed[records.entityType] ?? [:]
                group.addTask {
                    let (found, count) = await Self.compare(records, with: expected)
                    return (index, found, count)
                }
            }
            var results = [(problems: [AuditProblem], count: Int)](repeating: ([], 0), count: currentRecords.count)
            for await (index, found, count) in group { results[index] = (found, count) }
            return results
        }
        for result in compared {
            problems += result.problems
            recordsChecked += result.count
        }
        // The participants' arms as just read for the comparison (their snapshots), not read a second time.
        let participants = currentRecords.first { $0.entityType == ParticipantRecord.auditEntityType }
        recordsChecked += try await verifyRandomization(published: publishedListsDigest, participants: participants, problems: &problems)
        var signedThrough: Int64?
        for checkpoint in checkpoints {
            let name = "checkpoint of event \(checkpoint.sequence) signed at \(checkpoint.signedAt)"
            guard checkpoint.hasValidSignature else {
                problems.append(AuditProblem(kind: .checkpointSignatureInvalid, sequence: checkpoint.sequence, entityType: nil, entityID: nil,
                                             message: "the \(name) has no valid signature: it was altered or forged"))
                continue
            }
            if !trusted.isEmpty, !trusted.contains(checkpoint.publicKey) {
                problems.append(AuditProblem(kind: .checkpointUntrustedKey, sequence: checkpoint.sequence, entityType: nil, entityID: nil,
                                             message: "the \(name) is signed by key \(AuditSigningKey.fingerprint(ofPublicKey: checkpoint.publicKey)), not by a trusted key (\(trusted.map(AuditSigningKey.fingerprint(ofPublicKey:)).sorted().joined(separator: ", ")))"))
                continue
            }
            guard hashesAtCheckpoints[checkpoint.sequence] == checkpoint.hash else {
                problems.append(AuditProblem(kind: .checkpointMismatch, sequence: checkpoint.sequence, entityType: nil, entityID: nil,
                                             message: "the chain no longer passes through the \(name): events up to \(checkpoint.sequence) were rewritten (or removed) after it was signed"))
                continue
            }
            signedThrough = max(signedThrough ?? 0, checkpoint.sequence)
        }
        var report = AuditVerificationReport(eventsChecked: checked, recordsChecked: recordsChecked, problems: problems,
                                             checkpointsChecked: checkpoints.count, signedThrough: signedThrough)
        let elapsed = ContinuousClock.now - started
        report.seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return report
    }

    /// The randomization as part of the verified record: the lists are the ones whose SHA-256 was published
    /// in the chain at activation, every used slot's arm is its participant's arm, and each stratum's
    /// slots were used in order. (An edited slot or arm passes the event replay when the chain is re-hashed;
    /// it does not pass this, and a re-hashed digest does not pass the signed checkpoints.)
    private func verifyRandomization(published: String?, participants: CurrentRecords?, problems: inout [AuditProblem]) async throws -> Int {
        guard let setup = try await RandomizationSetupRecord.query(on: database).first() else { return 0 }
        func differs(_ message: String) {
            problems.append(AuditProblem(kind: .randomizationDiffers, sequence: nil, entityType: "randomization", entityID: String(setup.listVersion), message: message))
        }
        guard let published else {
            differs("the randomization setup exists but no audit event activated it")
            return 1
        }
        if setup.listsSHA256 != published {
            differs("the randomization setup's list digest is \(setup.listsSHA256) but the chain published \(published) at activation or the last extension")
        }
        let slots = try await AllocationSlotRecord.read(listVersion: setup.listVersion, on: database)
        let digest = EnrollmentService.listsDigest(slots.map { ($0.stratum, $0.slotNumber, $0.blockNumber, $0.blockSize, $0.arm) })
        if digest != published {
            differs("the allocation lists in the database (SHA-256 \(digest)) are not the lists published at activation (\(published)): a slot was edited, added or removed")
        }
        let armPairs: [(String, String?)]
        if let participants {
            armPairs = participants.entries.compactMap { entry in entry.snapshot["participantID"].map { ($0, entry.snapshot["arm"]) } }
        } else {
            armPairs = try await ParticipantRecord.allForVerification(on: database).map { ($0.participantID, $0.arm) }
        }
        let arms = Dictionary(armPairs, uniquingKeysWith: { first, _ in first })
        for (stratum, stratumSlots) in Dictionary(grouping: slots, by: \.stratum) {
            let ordered = stratumSlots.sorted { $0.slotNumber < $1.slotNumber }
            var sawFree = false
            for slot in ordered {
                guard let participant = slot.participantID else { sawFree = true; continue }
                if sawFree {
                    differs("slot \(slot.slotNumber) of stratum \(stratum) is used while an earlier slot is free: slots are used in order")
                }
                if arms[participant] ?? nil != slot.arm {
                    differs("participant \(participant) has arm \((arms[participant] ?? nil) ?? "none") but was allocated slot \(slot.slotNumber) of stratum \(stratum), arm \(slot.arm)")
                }
            }
        }
        return 1 + slots.count
    }

    /// One record kind's stored records with their audit snapshots.
    struct CurrentRecords: Sendable {
        struct Entry: Sendable {
            enum Columns: Sendable {
                /// A form's columns: its snapshot is taken only when comparing them field by field declines.
                case form(FormAuditColumns)
                /// Another record's snapshot, and the reference writer's, asked for only when the snapshot
                /// differs from the history.
                case record(snapshot: AuditSnapshot, reference: @Sendable () -> AuditSnapshot)
            }

            var id: String
            var columns: Columns

            var snapshot: AuditSnapshot {
                switch columns {
                case .form(let form): form.auditSnapshot
                case .record(let snapshot, _): snapshot
                }
            }

            func reference() -> AuditSnapshot {
                switch columns {
                case .form(let form): form.referenceAuditSnapshot
                case .record(_, let reference): reference()
                }
            }

            /// Whether the record is what its history says (a form is compared field by field as stored first).
            func matches(_ history: AuditSnapshot) -> Bool {
                switch columns {
                case .form(let form): form.auditSnapshotEquals(history) || form.auditSnapshot == history
                case .record(let snapshot, _): snapshot == history
                }
            }
        }

        var entityType: String
        var entries: [Entry]
    }

    /// Every kind at once (each snapshot depends on its record alone), in the order of `types`.
    static func currentRecords(of types: [any AuditedRecord.Type], on database: any Database) async throws -> [CurrentRecords] {
        try await withThrowingTaskGroup(of: (Int, CurrentRecords).self) { group in
            for (index, type) in types.enumerated() {
                group.addTask { (index, try await currentRecords(type, on: database)) }
            }
            var result = [CurrentRecords?](repeating: nil, count: types.count)
            for try await (index, records) in group { result[index] = records }
            return result.compactMap { $0 }
        }
    }

    private static func currentRecords<R: AuditedRecord>(_ type: R.Type, on database: any Database) async throws -> CurrentRecords {
        if type == CaseReportFormRecord.self {
            // The forms are read as plain values, not a model each (a trial's forms are most of its records), and
            // compared with their history as stored, without a snapshot each.
            let forms = try await CaseReportFormRecord.auditColumnsForVerification(on: database)
            return CurrentRecords(entityType: R.auditEntityType, entries: forms.map { CurrentRecords.Entry(id: $0.id, columns: .form($0.columns)) })
        }
        let records = try await R.allForVerification(on: database)
        // Many records have their snapshots taken in parts on every core.
        return CurrentRecords(entityType: R.auditEntityType, entries: await mapInParts(records) { record in
            CurrentRecords.Entry(id: record.auditEntityID, columns: .record(snapshot: record.auditSnapshot, reference: { record.referenceAuditSnapshot }))
        })
    }

    /// `transform` of each item, in order, computed in parts on every core when there are many.
    static func mapInParts<Item: Sendable, Result: Sendable>(_ items: [Item], itemsPerPart: Int = 2_000,
                                                            _ transform: @escaping @Sendable (Item) -> Result) async -> [Result] {
        let parts = min(2 * ProcessInfo.processInfo.activeProcessorCount, items.count / max(1, itemsPerPart))
        guard parts > 1 else { return items.map(transform) }
        let size = (items.count + parts - 1) / parts
        return await withTaskGroup(of: (Int, [Result]).self) { group in
            for part in 0..<parts {
                let slice = items[(part * size)..<min(items.count, (part + 1) * size)]
                group.addTask { (part, slice.map(transform)) }
            }
            var results = [[Result]](repeating: [], count: parts)
            for await (part, values) in group { results[part] = values }
            return results.flatMap { $0 }
        }
    }

    /// The problems of one kind, in the order of its records, then the records missing from it.
    private static func compare(_ records: CurrentRecords, with expected: [String: AuditSnapshot]) async -> (problems: [AuditProblem], count: Int) {
        let entityType = records.entityType
        // Each record against its history, in parts on every core (a trial's forms are most of the records).
        var problems = await mapInParts(records.entries) { record -> [AuditProblem] in
            let id = record.id
            guard let history = expected[id] else {
                return [AuditProblem(kind: .recordWithoutHistory, sequence: nil, entityType: entityType, entityID: id,
                                     message: "\(entityType) \(id) exists but no audit event created it: it was inserted behind the application's back")]
            }
            guard !record.matches(history) else { return [] }
            // A difference is confirmed with the reference writer before it counts.
            return AuditChain.changes(from: history, to: record.reference()).map { change in
                AuditProblem(kind: .recordDiffersFromHistory, sequence: nil, entityType: entityType, entityID: id,
                             message: "\(entityType) \(id) field \(change.field) is \(change.new.map { "'\($0)'" } ?? "null") but its audit history says \(change.old.map { "'\($0)'" } ?? "null"): it was changed behind the application's back")
            }
        }.flatMap { $0 }
        let seen = Set(records.entries.map(\.id))
        for id in expected.keys.sorted() where !seen.contains(id) {
            problems.append(AuditProblem(kind: .recordMissing, sequence: nil, entityType: entityType, entityID: id,
                                         message: "\(entityType) \(id) is in the audit history but missing from the database: it was deleted behind the application's back"))
        }
        return (problems, records.entries.count)
    }
}

/// One audit event as the verifier reads it: the columns by name through SQL, without building a model per
/// row (the chain of a large trial has millions).
struct ChainRow: Sendable {
    var content: AuditChain.HashedContent
    var previousHash: String
    var hash: String

    var sequence: Int64 { content.sequence }
    var entityType: String { content.entityType }
    var entityID: String { content.entityID }
    var action: String { content.action }

    /// The changed fields, read from their canonical JSON (`AuditChangesReader`); JSON of another shape is
    /// read by the decoder; unreadable JSON is no change (its hash check has already failed then).
    var changes: [AuditFieldChange] {
        AuditChangesReader.read(content.changes)
            ?? (try? JSONDecoder().decode([AuditFieldChange].self, from: Data(content.changes.utf8))) ?? []
    }

    /// The changed fields with their new values, read as `changes` reads them (the same fallback to the
    /// decoder) without making strings of the old values.
    func newValues(into values: inout [(field: String, new: String?)]) {
        guard !AuditChangesReader.newValues(content.changes, into: &values) else { return }
        values = changes.map { ($0.field, $0.new) }
    }

    /// Whether the stored hash is the hash of the content and the stored previous hash: the fast canonical
    /// writer first, a mismatch confirmed with the encoder itself before it counts.
    var hashMatches: Bool {
        AuditChain.hash(of: content, previousHash: previousHash) == hash
            || AuditChain.referenceHash(of: content, previousHash: previousHash) == hash
    }

    static func batch(after sequence: Int64, limit: Int, on database: any Database) async throws -> [ChainRow] {
        if let sqlite = database as? any SQLiteDatabase {
            return try await sqliteBatch(after: sequence, limit: limit, on: sqlite)
        }
        guard let sql = database as? any SQLDatabase else {
            return try await AuditEventRecord.query(on: database).filter(\.$id > sequence).sort(\.$id).limit(limit).all().map(ChainRow.init)
        }
        let rows = try await sql.select()
            .columns("sequence", "occurred_at", "actor", "role", "site", "action", "entity_type", "entity_id", "changes", "reason",
                     "previous_hash", "hash")
            .from(AuditEventRecord.schema)
            .where("sequence", .greaterThan, SQLBind(sequence))
            .orderBy("sequence")
            .limit(limit)
            .all()
        return try rows.map { row in
            ChainRow(
                content: AuditChain.HashedContent(
                    sequence: try row.decode(column: "sequence", as: Int64.self),
                    occurredAt: try row.decode(column: "occurred_at", as: String.self),
                    actor: try row.decode(column: "actor", as: String.self),
                    role: try row.decode(column: "role", as: String.self),
                    site: try row.decode(column: "site", as: String?.self),
                    action: try row.decode(column: "action", as: String.self),
                    entityType: try row.decode(column: "entity_type", as: String.self),
                    entityID: try row.decode(column: "entity_id", as: String.self),
                    changes: try row.decode(column: "changes", as: String.self),
                    reason: try row.decode(column: "reason", as: String?.self)),
                previousHash: try row.decode(column: "previous_hash", as: String.self),
                hash: try row.decode(column: "hash", as: String.self))
        }
    }
}

extension ChainRow {
    /// SQLite's rows read by column without the generic row decoder (a third of the walk went there).
    private static func sqliteBatch(after sequence: Int64, limit: Int, on database: any SQLiteDatabase) async throws -> [ChainRow] {
        let rows = try await database.query(
            """
            SELECT sequence, occurred_at, actor, role, site, action, entity_type, entity_id, changes, reason, previous_hash, hash
            FROM \(AuditEventRecord.schema) WHERE sequence > ?1 ORDER BY sequence LIMIT ?2
            """, [.integer(SQLiteInt64(sequence)), .integer(SQLiteInt64(limit))])
        return try rows.map { row in
            func text(_ column: String) throws -> String {
                guard let value = row.column(column)?.string else { throw StoreError.invalidConfiguration("audit event column \(column) is empty") }
                return value
            }
            guard let number = row.column("sequence")?.integer else { throw StoreError.invalidConfiguration("an audit event has no sequence number") }
            return ChainRow(
                content: AuditChain.HashedContent(
                    sequence: Int64(number), occurredAt: try text("occurred_at"), actor: try text("actor"), role: try text("role"),
                    site: row.column("site")?.string, action: try text("action"), entityType: try text("entity_type"),
                    entityID: try text("entity_id"), changes: try text("changes"), reason: row.column("reason")?.string),
                previousHash: try text("previous_hash"), hash: try text("hash"))
        }
    }

    init(_ event: AuditEventRecord) {
        self.init(content: AuditChain.content(of: event), previousHash: event.previousHash, hash: event.hash)
    }
}

/// The state the audit events give each record (entity type -> id -> fields), replayed batch by batch. One task
/// replays at a time (the walk awaits each batch's replay before the next), so the class is not locked.
final class ReplayedHistory: @unchecked Sendable {
    private(set) var records: [String: [String: AuditSnapshot]] = [:]
    /// A buffer kept between events: the replay reads only the new values of each change.
    private var newValues: [(field: String, new: String?)] = []

    func replay(_ events: ChainBatch) {
        events.forEachChange(values: &newValues) { entityType, entityID, isDelete, values in
            // Mutated in place: copying a kind's whole dictionary per event made the replay quadratic; the
            // record's fields are found once per event, not once per changed field.
            if isDelete {
                records[entityType, default: [:]][entityID] = nil
            } else {
                records[entityType, default: [:]][entityID, default: [:]].set(values)
            }
        }
    }
}

extension AuditSnapshot {
    /// Sets each field to its new text (nil removes it), in order.
    fileprivate mutating func set(_ values: [(field: String, new: String?)]) {
        for (field, new) in values { self[field] = new }
    }
}

/// The record kinds of the store that carry an audit history.
public enum StoreSchema {
    public static var auditedRecordTypes: [any AuditedRecord.Type] {
        [StudyRecord.self, StudyVersionRecord.self, SiteRecord.self, UserRecord.self, APITokenRecord.self, ScreeningRecord.self, ParticipantRecord.self, CaseReportFormRecord.self, DataQueryRecord.self]
    }
}
