import FluentKit
import FluentSQL
import FluentSQLiteDriver
import Foundation
import TrialCore

/// The only way TrialDesk writes data: one database transaction that changes records and appends their
/// audit events to the chain. A rejected write leaves nothing behind.
public struct TrialStore: Sendable {
    public let database: any Database
    public let now: @Sendable () -> Date

    public init(database: any Database, now: @escaping @Sendable () -> Date = { Date() }) {
        self.database = database
        self.now = now
    }

    /// Runs `body` in one transaction. The transaction first takes the chain head's lock, so concurrent
    /// writers (threads or processes) queue up instead of forking the chain; database conflicts that a
    /// retry resolves (SQLite busy, PostgreSQL serialization failure) are retried a few times.
    @discardableResult
    public func write<T: Sendable>(
        as actor: AuditActor,
        reason: String? = nil,
        _ body: @escaping @Sendable (StoreTransaction) async throws -> T
    ) async throws -> T {
        // One write transaction at a time per process on SQLite (WriteQueue says why); a write made inside
        // another's body (the same task) does not queue behind itself.
        let queue = WriteQueue.inside || !(database is any SQLiteDatabase) ? nil : WriteQueue.sqlite
        await queue?.enter()
        do {
            let result = try await WriteQueue.$inside.withValue(true) { try await writeAttempts(as: actor, reason: reason, body) }
            queue?.leave()
            return result
        } catch {
            queue?.leave()
            throw error
        }
    }

    private func writeAttempts<T: Sendable>(
        as actor: AuditActor,
        reason: String?,
        _ body: @escaping @Sendable (StoreTransaction) async throws -> T
    ) async throws -> T {
        var attempt = 0
        let statistics = StoreWriteStatistics.shared
        statistics.started()
        var committed = false
        defer { statistics.ended(committed: committed) }
        while true {
            attempt += 1
            do {
                // Only a write made inside the transaction `writesInOneTransaction` opened finds the head held there.
                let held = database.inTransaction ? HeldChainHead.current : nil
                let result = try await database.transaction { db in
                    let transaction = try await StoreTransaction.begin(on: db, actor: actor, reason: reason, now: now(), held: held)
                    let result = try await body(transaction)
                    try await transaction.finish()
                    return result
                }
                committed = true
                return result
            } catch let error where attempt < Self.maximumAttempts && Self.isRetryable(error) {
                statistics.retried()
                try await Task.sleep(nanoseconds: Self.backoff(attempt: attempt))
            } catch {
                // A full disk or a read-only database is said as such, not as an unexplained failure.
                throw StoreError.storageFailure(in: error) ?? error
            }
        }
    }

    /// Runs `body` as one database transaction in which every `write` (each still appending its own audited
    /// events) takes the chain head from the write before it instead of locking and reading the head row again.
    /// The first write locks the head as always, and the lock is then held until this transaction ends, so
    /// no other writer can move the head in between; the head row is still written by every write. Writes
    /// through another database than the one `body` is handed are not part of it.
    public func writesInOneTransaction<T: Sendable>(_ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        try await database.transaction { db in
            try await HeldChainHead.$current.withValue(HeldChainHead()) { try await body(db) }
        }
    }

    /// A busy database is retried for about four seconds in all: many writers on a loaded machine queue for
    /// the one write lock longer than a fixed handful of short retries would wait.
    static let maximumAttempts = 12

    /// Exponential backoff from 25 ms, capped at 500 ms, with jitter so that waiting writers do not retry in step.
    static func backoff(attempt: Int) -> UInt64 {
        let base: UInt64 = min(UInt64(25_000_000) << UInt64(min(max(attempt - 1, 0), 5)), 500_000_000)
        return base / 2 + UInt64.random(in: 0...(base / 2))
    }

    static func isRetryable(_ error: any Error) -> Bool {
        let text = String(reflecting: error).lowercased()
        return text.contains("database is locked") || text.contains("sqlite_busy") || text.contains("busy")
            || text.contains("could not serialize") || text.contains("deadlock detected")
    }

    /// The version of a record as edits see it: the sequence number of its latest audit event. A form
    /// carries it back with an edit, so that an edit made from a stale copy is refused (no lost update).
    public func version<R: AuditedRecord>(of record: R) async throws -> Int64 {
        try await StoreTransaction.latestEvent(of: R.auditEntityType, id: record.auditEntityID, on: database)?.sequence ?? 0
    }

    /// The versions of many records of one kind with one query per 500 (a list shows each row's version; one
    /// query per row made lists grow slower than the trial). A record without events has version 0.
    public func versions<R: AuditedRecord>(of records: [R]) async throws -> [String: Int64] {
        let ids = records.map(\.auditEntityID)
        var versions: [String: Int64] = Dictionary(ids.map { ($0, 0) }, uniquingKeysWith: { first, _ in first })
        guard let sql = database as? any SQLDatabase else {
            for record in records { versions[record.auditEntityID] = try await version(of: record) }
            return versions
        }
        var start = 0
        while start < ids.count {
            let chunk = Array(ids[start..<min(start + 500, ids.count)])
            start += 500
            // Plain rows: SQLKit's row decoder (a Decoder per column) was most of this read on long lists.
            let rows = try await PlainRow.all(sql.select()
                .column("entity_id")
                .column(SQLFunction("MAX", args: SQLColumn("sequence")), as: "version")
                .from(AuditEventRecord.schema)
                .where("entity_type", .equal, SQLBind(R.auditEntityType))
                .where("entity_id", .in, SQLBind.group(chunk))
                .groupBy("entity_id"))
            for row in rows {
                versions[try row.string("entity_id")] = Int64(try row.integer("version"))
            }
        }
        return versions
    }

    /// The chain's last sequence number and hash.
    /// Read as a plain row: the caches of the pages and of the casebook answer ask for it on every request.
    public func chainHead() async throws -> (sequence: Int64, hash: String) {
        guard let sql = database as? any SQLDatabase else { throw StoreError.invalidConfiguration("the database does not speak SQL") }
        let select = sql.select().columns(SQLIdentifier("sequence"), SQLIdentifier("hash")).from(AuditChainHead.schema)
            .where("id", .equal, SQLBind(AuditChainHead.rowID))
        guard let row = try await PlainRow.all(select).first else { throw StoreError.auditChainUninitialised }
        return (Int64(try row.integer("sequence")), try row.string("hash"))
    }
}

/// The changes of one write, and the audit events they produce.
public final class StoreTransaction: @unchecked Sendable {
    public let database: any Database
    public let actor: AuditActor
    public let reason: String?
    public let occurredAt: String
    public let now: Date
    /// The chain head under this transaction's lock, as the events it appends move it.
    private var head: (sequence: Int64, hash: String)
    private let sql: any SQLDatabase
    /// The last event this transaction appended for each record (type and ID): a record's version after a
    /// save is known without asking the database.
    private var appended: [RecordKey: Int64] = [:]

    private struct RecordKey: Hashable {
        var entityType: String
        var entityID: String
    }
    /// The chain head this transaction locked, before its own events.
    private let lockedHash: String
    /// The protocol versions as this transaction read them (`studyHistory()`), while it changes none.
    private var studyHistoryRead: StudyVersionHistory?
    private var changesStudyVersions = false
    /// The casebook this write leaves for the next write at the head it leaves (`KeptCasebooks`), and the
    /// sequence it was left at: an event appended after it would make it stale.
    private var casebookLeft: (kept: KeptCasebook, sequence: Int64)?
    /// The participants whose casebook this write changed (their record or one of their forms), and whether it
    /// changed such a record without saying whose: then no kept casebook outlives this write.
    private var casebooksChanged = Set<String>()
    private var casebooksChangedUnknown = false

    /// The head held for the next write of the same database transaction (`writesInOneTransaction`).
    private let held: HeldChainHead?

    private init(database: any Database, sql: any SQLDatabase, actor: AuditActor, reason: String?, now: Date, head: (sequence: Int64, hash: String),
                 held: HeldChainHead?) {
        self.held = held
        self.sql = sql
        self.database = database
        self.actor = actor
        self.reason = reason?.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty == false ? reason : nil
        self.now = now
        self.occurredAt = UTCTimestamp.string(from: now)
        self.head = head
        self.lockedHash = head.hash
    }

    static func begin(on db: any Database, actor: AuditActor, reason: String?, now: Date, held: HeldChainHead? = nil) async throws -> StoreTransaction {
        guard let sql = db as? any SQLDatabase else { throw StoreError.invalidConfiguration("the database does not speak SQL") }
        // Inside `writesInOneTransaction` the write before already holds the lock and left the head it wrote.
        // It is taken out while this write runs: a write that fails leaves none, and the next one reads the row.
        if let held, let head = held.take() {
            return StoreTransaction(database: db, sql: sql, actor: actor, reason: reason, now: now, head: head, held: held)
        }
        // Take the writers' lock before reading anything: an UPDATE as the first statement makes SQLite
        // acquire its write lock at once (no read-then-upgrade deadlock) and makes PostgreSQL lock the row.
        // The same statement returns the head it locked: one round trip of every write instead of two.
        let waitStarted = ContinuousClock.now
        let lock = sql.update(AuditChainHead.schema)
            .set("writes", to: SQLBinaryExpression(SQLColumn("writes"), .add, SQLLiteral.numeric("1")))
            .where("id", .equal, SQLBind(AuditChainHead.rowID))
        lock.returning = SQLReturning([SQLColumn("sequence"), SQLColumn("hash")])
        // The head and (below) the events are read and written as plain SQL: they are part of every write, and
        // building Fluent models by reflection cost more than the statements.
        let rows = try await PlainRow.all(lock.update, on: sql)
        let waited = ContinuousClock.now - waitStarted
        StoreWriteStatistics.shared.waitedForLock(seconds: Double(waited.components.seconds) + Double(waited.components.attoseconds) / 1e18)
        guard let row = rows.first else { throw StoreError.auditChainUninitialised }
        let head = (sequence: Int64(try row.integer("sequence")), hash: try row.string("hash"))
        return StoreTransaction(database: db, sql: sql, actor: actor, reason: reason, now: now, head: head, held: held)
    }

    /// The sequence number of the last event this transaction appended (the version of what it saved).
    public var lastSequence: Int64 { head.sequence }

    /// The chain head as this transaction sees it (under the writers' lock).
    public var chainHead: (sequence: Int64, hash: String) { (head.sequence, head.hash) }

    func finish() async throws {
        try await sql.update(AuditChainHead.schema)
            .set("sequence", to: SQLBind(head.sequence))
            .set("hash", to: SQLBind(head.hash))
            .where("id", .equal, SQLBind(AuditChainHead.rowID))
            .run()
        held?.hold(head)
        // The versions are unchanged by this write, so they are the same at the head it leaves: the next write
        // need not read them. (Were the commit to fail, that head would name no state; a later write reaching
        // the same hash has appended the same events to the same chain.)
        if !changesStudyVersions, let history = studyHistoryRead ?? StoredStudyHistory.history(atHead: lockedHash) {
            StoredStudyHistory.remember(history, atHead: head.hash)
        }
        let left = casebookLeft.flatMap { $0.sequence == head.sequence ? $0.kept : nil }
        KeptCasebooks.advance(from: lockedHash, to: head.hash, changed: casebooksChangedUnknown ? nil : casebooksChanged, left: left)
    }

    /// The participant's casebook as the write before this one left it, when that write left this head.
    func keptCasebook(of participantID: String) -> KeptCasebook? {
        KeptCasebooks.casebook(of: participantID, atHead: head.hash)
    }

    /// Leaves `kept` for the next write at the head this write leaves, unless this write changed the participant
    /// record itself (then the next write reads it). Called last: any event after it makes it stale.
    func leave(_ kept: KeptCasebook) {
        guard appended[RecordKey(entityType: ParticipantRecord.auditEntityType, entityID: kept.participantEntityID)] == nil,
              !casebooksChangedUnknown else {
            casebookLeft = nil
            return
        }
        casebookLeft = (kept, head.sequence)
    }

    /// The protocol versions on record (nil before a study is installed), as this write sees them. Every form
    /// save needs them and only an amendment (itself an audited write) changes them, so they are read at most
    /// once per write, and not at all when an earlier write of this process left the chain at this head.
    public func studyHistory() async throws -> StudyVersionHistory? {
        if let studyHistoryRead { return studyHistoryRead }
        if !changesStudyVersions, let known = StoredStudyHistory.history(atHead: lockedHash) {
            studyHistoryRead = known
            return known
        }
        let history = try await StoredStudyHistory.load(on: database)
        if !changesStudyVersions, let history {
            studyHistoryRead = history
            StoredStudyHistory.remember(history, atHead: lockedHash)
        }
        return history
    }

    /// Appends one audit event to the chain.
    @discardableResult
    public func appendEvent(
        action: String, entityType: String, entityID: String,
        changes: [AuditFieldChange], reason: String? = nil
    ) async throws -> AuditEventRecord {
        try await append(action: action, entityType: entityType, entityID: entityID, changes: changes, reason: reason, casebookOf: nil)
    }

    /// The participant whose casebook a change of `record` changes: a form's or the participant record's own.
    private static func casebookParticipant<R: AuditedRecord>(of record: R) -> String? {
        if let form = record as? CaseReportFormRecord { return form.participantID }
        if let participant = record as? ParticipantRecord { return participant.participantID }
        return nil
    }

    /// `casebookOf` names the participant whose casebook the event changes, when the caller knows it; an event
    /// of a form or a participant that names none leaves every kept casebook behind.
    private func append(
        action: String, entityType: String, entityID: String,
        changes: [AuditFieldChange], reason: String?, casebookOf participantID: String?
    ) async throws -> AuditEventRecord {
        if entityType == CaseReportFormRecord.auditEntityType || entityType == ParticipantRecord.auditEntityType {
            if let participantID { casebooksChanged.insert(participantID) } else { casebooksChangedUnknown = true }
        }
        // An event must name what it is about: a record without an ID is a defect, never an invented one.
        guard !entityID.isEmpty else {
            throw StoreError.invalidConfiguration("an audit event of \(entityType) '\(action)' names no record: the record has no ID")
        }
        let event = AuditEventRecord()
        event.id = head.sequence + 1
        event.occurredAt = occurredAt
        event.actor = actor.username
        event.role = actor.role
        event.site = actor.site
        event.action = action
        event.entityType = entityType
        event.entityID = entityID
        event.changesJSON = AuditChain.canonicalChanges(changes)
        event.reason = reason ?? self.reason
        event.previousHash = head.hash
        event.hash = AuditChain.hash(of: event, previousHash: head.hash)
        try await sql.insert(into: AuditEventRecord.schema)
            .columns([AuditEventRecord.selectedColumns])
            .values(SQLBind(event.sequence), SQLBind(event.occurredAt), SQLBind(event.actor), SQLBind(event.role), SQLBind(event.site),
                    SQLBind(event.action), SQLBind(event.entityType), SQLBind(event.entityID), SQLBind(event.changesJSON),
                    SQLBind(event.reason), SQLBind(event.previousHash), SQLBind(event.hash))
            .run()
        head = (event.sequence, event.hash)
        appended[RecordKey(entityType: entityType, entityID: entityID)] = event.sequence
        if entityType == StudyVersionRecord.auditEntityType {
            changesStudyVersions = true
            studyHistoryRead = nil
        }
        return event
    }

    /// Saves a new record and its creation event (every field, old value null).
    public func create<R: AuditedRecord>(_ record: R, action: String? = nil) async throws {
        if record.id == nil { record.id = UUID() }
        if let plain = record as? any PlainlyWrittenRecord { try await plain.insertPlainly(on: sql) } else { try await record.create(on: database) }
        try await append(
            action: action ?? "create", entityType: R.auditEntityType, entityID: record.auditEntityID,
            changes: AuditChain.changes(from: nil, to: record.auditSnapshot), reason: nil, casebookOf: Self.casebookParticipant(of: record))
    }

    /// Saves changes to an existing record. The saved state is read back inside the transaction, the
    /// changed fields are audited with old and new values, and a reason is required (data already saved).
    /// Returns the changes (empty when nothing changed: then nothing is written).
    @discardableResult
    public func update<R: AuditedRecord>(
        _ record: R, action: String? = nil, reason: String? = nil, expectedVersion: Int64? = nil
    ) async throws -> [AuditFieldChange] {
        guard let id = record.id, let saved = try await R.stored(id: id, on: database) else {
            throw StoreError.notFound(entity: R.auditEntityType, id: record.auditEntityID)
        }
        if let expectedVersion {
            // Inside the writers' lock, so no other edit can slip in between this check and the save.
            let latest = try await Self.latestEvent(of: R.auditEntityType, id: record.auditEntityID, on: database)
            if let latest, latest.sequence != expectedVersion {
                throw StoreError.conflict(RuleMessage(
                    "store.staleVersion", "this {entity} was changed by {actor} at {at} after you opened it (version {version}, now {current}): reload it and make your change again",
                    ["entity": R.auditEntityType, "actor": latest.actor, "at": latest.occurredAt, "version": String(expectedVersion), "current": String(latest.sequence)]))
            }
        }
        let changes = AuditChain.changes(from: saved.auditSnapshot, to: record.auditSnapshot)
        guard !changes.isEmpty else { return [] }
        let why = reason.flatMap { $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : $0 } ?? self.reason
        guard let why else { throw StoreError.reasonRequired(entity: R.auditEntityType, id: record.auditEntityID) }
        if let plain = record as? any PlainlyWrittenRecord { try await plain.updatePlainly(on: sql) } else { try await record.update(on: database) }
        // A record moved from one participant to another changes both casebooks.
        if let before = Self.casebookParticipant(of: saved), before != Self.casebookParticipant(of: record) { casebooksChanged.insert(before) }
        try await append(action: action ?? "update", entityType: R.auditEntityType, entityID: record.auditEntityID,
                         changes: changes, reason: why, casebookOf: Self.casebookParticipant(of: record))
        return changes
    }

    /// A record's version as this transaction leaves it: its latest event, appended here or stored before.
    public func version(ofEntity entityType: String, id: String) async throws -> Int64 {
        if let sequence = appended[RecordKey(entityType: entityType, entityID: id)] { return sequence }
        return try await Self.latestEvent(of: entityType, id: id, on: database)?.sequence ?? 0
    }

    /// Who changed a record last, and when: what a stale edit is told.
    struct LatestEvent {
        var sequence: Int64
        var actor: String
        var occurredAt: String
    }

    /// Read as a plain row (by the index on entity type and ID): every save answers with the version, and
    /// every correction checks it.
    static func latestEvent(of entityType: String, id: String, on database: any Database) async throws -> LatestEvent? {
        guard let sql = database as? any SQLDatabase else { throw StoreError.invalidConfiguration("the database does not speak SQL") }
        let select = sql.select().columns(SQLIdentifier("sequence"), SQLIdentifier("actor"), SQLIdentifier("occurred_at"))
            .from(AuditEventRecord.schema)
            .where("entity_type", .equal, SQLBind(entityType))
            .where("entity_id", .equal, SQLBind(id))
            .orderBy("sequence", .descending)
            .limit(1)
        guard let row = try await PlainRow.all(select).first else { return nil }
        return LatestEvent(sequence: Int64(try row.integer("sequence")), actor: try row.string("actor"), occurredAt: try row.string("occurred_at"))
    }

    /// Deletes a record with a reason; the event keeps every old value.
    public func delete<R: AuditedRecord>(_ record: R, reason: String? = nil) async throws {
        let why = reason ?? self.reason
        guard let why else { throw StoreError.reasonRequired(entity: R.auditEntityType, id: record.auditEntityID) }
        let changes = AuditChain.changes(from: record.auditSnapshot, to: nil)
        try await record.delete(force: true, on: database)
        try await append(action: "delete", entityType: R.auditEntityType, entityID: record.auditEntityID,
                         changes: changes, reason: why, casebookOf: Self.casebookParticipant(of: record))
    }
}

/// The chain head as the last write of one database transaction left it (`TrialStore.writesInOneTransaction`),
/// for the next write of the same transaction. Empty at first and after a write that did not finish.
final class HeldChainHead: @unchecked Sendable {
    @TaskLocal static var current: HeldChainHead?

    private let lock = NSLock()
    private var head: (sequence: Int64, hash: String)?

    /// The head, taken out: until the write that took it finishes, there is none to take.
    func take() -> (sequence: Int64, hash: String)? {
        lock.withLock {
            defer { head = nil }
            return head
        }
    }

    func hold(_ head: (sequence: Int64, hash: String)) {
        lock.withLock { self.head = head }
    }
}

/// Write transactions of this process, one after the other, in the order they asked. SQLite has one writer at a
/// time, and the driver's busy handler retries a locked database at once, without sleeping: a second connection
/// of the same process waiting for the write lock kept a core busy on the blocking pool while the writer it was
/// waiting for needed that core, and readers queued behind both. Waiting here costs nothing; other processes on
/// the same file are still ordered by SQLite's lock and the retries of `TrialStore.write`.
final class WriteQueue: @unchecked Sendable {
    static let sqlite = WriteQueue()
    /// Set while a write's body runs, so that a write inside it is not queued behind the write it is part of.
    @TaskLocal static var inside = false

    private let lock = NSLock()
    private var writing = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    func enter() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let proceed: Bool = lock.withLock {
                if writing { waiting.append(continuation); return false }
                writing = true
                return true
            }
            if proceed { continuation.resume() }
        }
    }

    func leave() {
        let next: CheckedContinuation<Void, Never>? = lock.withLock {
            if waiting.isEmpty { writing = false; return nil }
            return waiting.removeFirst()
        }
        next?.resume()
    }
}
