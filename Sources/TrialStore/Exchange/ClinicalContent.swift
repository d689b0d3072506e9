import FluentKit
import FluentSQL
import Foundation
import TrialCore

/// One saved form with its history: every version that changed a recorded value, rebuilt from the audit
/// chain, and which audit event last set each value that the form holds now.
struct FormHistory: Sendable {
    struct ItemKey: Hashable, Sendable {
        var group: String
        var repeatKey: Int?
        var item: String
    }

    struct Version: Sendable {
        var event: AuditEventRecord
        var record: OriginalAuditRecord
        var rows: [FormItemRow]
    }

    var id: String
    var kind: CaseReportForm
    var createdAt: String
    /// The form's values as stored now.
    var current: [FormItemRow]
    var versions: [Version]
    var created: OriginalAuditRecord
    var lastChange: [ItemKey: OriginalAuditRecord]

    /// Replays the form's audit events: each event's new field values over the previous snapshot; an event
    /// that changed a `form.*` field is a version (SDV marks, locks and recomputed responses are not).
    init(record: CaseReportFormRecord, kind: CaseReportForm, events: [AuditEventRecord]) throws {
        id = record.auditEntityID
        self.kind = kind
        createdAt = record.createdAt
        current = try CaseReportFormItems.rows(of: kind, json: record.payloadJSON)
        var snapshot: [String: String] = [:]
        var versions: [Version] = []
        for event in events {
            let changes = event.changes
            for change in changes { snapshot[change.field] = change.new }
            guard changes.contains(where: { $0.field.hasPrefix("form.") }) else { continue }
            let fields = snapshot.filter { $0.key.hasPrefix("form.") }.sorted { $0.key < $1.key }
            let json = "{" + fields.map { "\"\($0.key.dropFirst(5))\":\($0.value)" }.joined(separator: ",") + "}"
            let rows = try CaseReportFormItems.rows(of: kind, json: json)
            // A change of the stored text that changed no value (the order of a set) is no version of the values.
            if let last = versions.last, last.rows == rows { continue }
            versions.append(Version(event: event, record: OriginalAuditRecord(event: event), rows: rows))
        }
        self.versions = versions
        guard let first = versions.first ?? events.first.map({ Version(event: $0, record: OriginalAuditRecord(event: $0), rows: []) }) else {
            throw StoreError.conflict(RuleMessage("exchange.formWithoutHistory", "form {id} has no audit events: run audit verify", ["id": record.auditEntityID]))
        }
        created = first.record
        var lastChange: [ItemKey: OriginalAuditRecord] = [:]
        var previous: [ItemKey: String] = [:]
        for version in versions {
            var values: [ItemKey: String] = [:]
            for row in version.rows {
                for (item, value) in row.values { values[ItemKey(group: row.groupPath, repeatKey: row.repeatKey, item: item)] = value }
            }
            for (key, value) in values where previous[key] != value { lastChange[key] = version.record }
            previous = values
        }
        self.lastChange = lastChange
    }
}

/// A participant's enrolment values and the audit record of the event that last set each.
struct EnrolmentContent: Sendable {
    var values: [String: String]
    var lastChange: [String: OriginalAuditRecord]

    init(participant: ParticipantRecord, screening: ScreeningRecord?, events: [AuditEventRecord]) {
        values = EnrolmentItems.values(participant: participant, screening: screening)
        var lastChange: [String: OriginalAuditRecord] = [:]
        for event in events {
            let changed = Set(event.changes.map(\.field))
            for source in EnrolmentItems.sources where source.entity == event.entityType && changed.contains(source.field) {
                lastChange[source.item] = OriginalAuditRecord(event: event)
            }
        }
        self.lastChange = lastChange
    }
}

/// What the clinical part of an export reads from the store, in the file's order: participants by ID, each
/// participant's forms in the order they were saved, the accounts, and every user and site the audit
/// records name.
struct ClinicalContent: Sendable {
    var participants: [ParticipantRecord]
    var forms: [String: [FormHistory]]
    var enrolments: [String: EnrolmentContent]
    var users: [UserRecord]
    var referencedUsers: [String]
    var referencedSites: [String]
    var signatureMeanings: [String]
    var studyLoadedAt: String

    static func read(store: TrialStore, siteCode: String?) async throws -> ClinicalContent {
        let db = store.database
        var participantQuery = ParticipantRecord.query(on: db)
        if let siteCode { participantQuery = participantQuery.filter(\.$siteCode == siteCode) }
        let participants = try await participantQuery.sort(\.$participantID).all()
        let included = Set(participants.map(\.participantID))
        let records = try await CaseReportFormRecord.read(on: db) { select in
            let ordered = select.orderBy("created_at").orderBy("id")
            return siteCode.map { ordered.where("site_code", .equal, SQLBind($0)) } ?? ordered
        }.filter { included.contains($0.participantID) }
        let formIDs = Set(records.map(\.auditEntityID))
        let events = try await AuditEventRecord.query(on: db)
            .filter(\.$entityType == CaseReportFormRecord.auditEntityType)
            .sort(\.$id).all()
        var eventsByForm: [String: [AuditEventRecord]] = [:]
        for event in events where formIDs.contains(event.entityID) { eventsByForm[event.entityID, default: []].append(event) }
        var forms: [String: [FormHistory]] = [:]
        var users = Set<String>()
        var sites = Set<String>()
        for record in records {
            guard let kind = record.kind else {
                throw StoreError.conflict(RuleMessage("store.unknownFormKind", "stored form {id} has an unknown kind {kind}", ["id": record.auditEntityID, "kind": record.form]))
            }
            let history = try FormHistory(record: record, kind: kind, events: eventsByForm[record.auditEntityID] ?? [])
            for version in history.versions {
                users.insert(version.record.user)
                if let site = version.record.location { sites.insert(site) }
            }
            users.insert(history.created.user)
            if let site = history.created.location { sites.insert(site) }
            forms[record.participantID, default: []].append(history)
        }
        let screenings = Dictionary(try await ScreeningRecord.query(on: db).all().compactMap { record in record.id.map { ($0, record) } },
                                    uniquingKeysWith: { first, _ in first })
        var enrolmentEvents: [String: [AuditEventRecord]] = [:]
        let enrolmentEntities = Dictionary(participants.flatMap { participant in
            [(participant.auditEntityID, participant.participantID), (participant.screeningID.uuidString.lowercased(), participant.participantID)]
        }, uniquingKeysWith: { first, _ in first })
        for event in try await AuditEventRecord.query(on: db)
            .filter(\.$entityType ~~ [ParticipantRecord.auditEntityType, ScreeningRecord.auditEntityType]).sort(\.$id).all() {
            if let participantID = enrolmentEntities[event.entityID] { enrolmentEvents[participantID, default: []].append(event) }
        }
        var enrolments: [String: EnrolmentContent] = [:]
        for participant in participants {
            if let signer = participant.signedBy { users.insert(signer) }
            sites.insert(participant.siteCode)
            let enrolment = EnrolmentContent(participant: participant, screening: screenings[participant.screeningID],
                                             events: enrolmentEvents[participant.participantID] ?? [])
            for record in enrolment.lastChange.values {
                users.insert(record.user)
                if let site = record.location { sites.insert(site) }
            }
            enrolments[participant.participantID] = enrolment
        }
        let meanings = Set(participants.compactMap { $0.signedBy == nil ? nil : $0.signatureMeaning }).sorted()
        let loadedAt = try await StudyRecord.query(on: db).first()?.loadedAt ?? UTCTimestamp.string(from: store.now())
        return ClinicalContent(participants: participants, forms: forms, enrolments: enrolments, users: try await UserRecord.query(on: db).sort(\.$username).all(),
                               referencedUsers: users.sorted(), referencedSites: sites.sorted(), signatureMeanings: meanings, studyLoadedAt: loadedAt)
    }
}
