import FluentKit
import Foundation

/// One thing `audit verify` found wrong.
public struct AuditProblem: Codable, Hashable, Sendable, CustomStringConvertible {
    public enum Kind: String, Codable, Sendable {
        case sequenceGap, brokenLink, hashMismatch, headMismatch
        case recordDiffersFromHistory, recordWithoutHistory, recordMissing
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
    public var isIntact: Bool { problems.isEmpty }

    public init(eventsChecked: Int, recordsChecked: Int, problems: [AuditProblem]) {
        self.eventsChecked = eventsChecked
        self.recordsChecked = recordsChecked
        self.problems = problems
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
    public let recordTypes: [any AuditedRecord.Type]

    public init(database: any Database, recordTypes: [any AuditedRecord.Type] = StoreSchema.auditedRecordTypes) {
        self.database = database
        self.recordTypes = recordTypes
    }

    public func verify() async throws -> AuditVerificationReport {
        var problems: [AuditProblem] = []
        var replayed: [String: [String: AuditSnapshot]] = [:]
        var expectedSequence: Int64 = 1
        var previousHash = AuditChain.genesisHash
        var checked = 0
        let batchSize = 2000
        var lastSeen: Int64 = 0

        while true {
            let batch = try await AuditEventRecord.query(on: database)
                .filter(\.$id > lastSeen)
                .sort(\.$id)
                .limit(batchSize)
                .all()
            for event in batch {
                checked += 1
                if event.sequence != expectedSequence {
                    problems.append(AuditProblem(
                        kind: .sequenceGap, sequence: event.sequence, entityType: event.entityType, entityID: event.entityID,
                        message: "audit event \(event.sequence) follows \(expectedSequence - 1): events \(expectedSequence)...\(event.sequence - 1) are missing"))
                }
                if event.previousHash != previousHash {
                    problems.append(AuditProblem(
                        kind: .brokenLink, sequence: event.sequence, entityType: event.entityType, entityID: event.entityID,
                        message: "audit event \(event.sequence) does not link to the event before it (previous hash differs)"))
                }
                let recomputed = AuditChain.hash(of: event, previousHash: event.previousHash)
                if recomputed != event.hash {
                    problems.append(AuditProblem(
                        kind: .hashMismatch, sequence: event.sequence, entityType: event.entityType, entityID: event.entityID,
                        message: "audit event \(event.sequence) (\(event.action) \(event.entityType) \(event.entityID)) was altered after it was written: its content no longer matches its hash"))
                }
                apply(event, to: &replayed)
                previousHash = event.hash
                expectedSequence = event.sequence + 1
                lastSeen = event.sequence
            }
            if batch.count < batchSize { break }
        }

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
        for type in recordTypes {
            recordsChecked += try await compare(type, with: replayed[type.auditEntityType] ?? [:], problems: &problems)
        }
        return AuditVerificationReport(eventsChecked: checked, recordsChecked: recordsChecked, problems: problems)
    }

    private func apply(_ event: AuditEventRecord, to replayed: inout [String: [String: AuditSnapshot]]) {
        let changes = event.changes
        guard !changes.isEmpty || event.action == "delete" else { return }
        var entities = replayed[event.entityType] ?? [:]
        if event.action == "delete" {
            entities[event.entityID] = nil
        } else {
            var state = entities[event.entityID] ?? [:]
            for change in changes { state[change.field] = change.new }
            entities[event.entityID] = state
        }
        replayed[event.entityType] = entities
    }

    private func compare<R: AuditedRecord>(_ type: R.Type, with expected: [String: AuditSnapshot], problems: inout [AuditProblem]) async throws -> Int {
        let records = try await R.query(on: database).all()
        var seen = Set<String>()
        for record in records {
            let id = record.auditEntityID
            seen.insert(id)
            guard let history = expected[id] else {
                problems.append(AuditProblem(kind: .recordWithoutHistory, sequence: nil, entityType: R.auditEntityType, entityID: id,
                                             message: "\(R.auditEntityType) \(id) exists but no audit event created it: it was inserted behind the application's back"))
                continue
            }
            let current = record.auditSnapshot
            for change in AuditChain.changes(from: history, to: current) {
                problems.append(AuditProblem(kind: .recordDiffersFromHistory, sequence: nil, entityType: R.auditEntityType, entityID: id,
                                             message: "\(R.auditEntityType) \(id) field \(change.field) is \(change.new.map { "'\($0)'" } ?? "null") but its audit history says \(change.old.map { "'\($0)'" } ?? "null"): it was changed behind the application's back"))
            }
        }
        for id in expected.keys.sorted() where !seen.contains(id) {
            problems.append(AuditProblem(kind: .recordMissing, sequence: nil, entityType: R.auditEntityType, entityID: id,
                                         message: "\(R.auditEntityType) \(id) is in the audit history but missing from the database: it was deleted behind the application's back"))
        }
        return records.count
    }
}

/// The record kinds of the store that carry an audit history.
public enum StoreSchema {
    public static var auditedRecordTypes: [any AuditedRecord.Type] {
        [StudyRecord.self, SiteRecord.self, UserRecord.self, APITokenRecord.self, ScreeningRecord.self, ParticipantRecord.self, CaseReportFormRecord.self, DataQueryRecord.self]
    }
}
