import FluentKit
import Foundation
import TrialCore

/// Raising, answering, closing and re-opening queries; every step is an audited change of the query.
/// Who may take which step is `DataQueryLifecycle`'s rule.
public struct DataQueryService: Sendable {
    public let store: TrialStore

    public init(store: TrialStore) {
        self.store = store
    }

    public func raise(participantID: String, formID: String?, field: String, text: String, role: Role, by actor: AuditActor) async throws -> DataQueryRecord {
        guard DataQueryLifecycle.canRaise(role) else {
            throw ValidationFailure(field: "role", RuleMessage("store.queryRaiserRole", "only a monitor or data manager raises a query"))
        }
        try ValidationFailure.throwIfAny(DataQueryLifecycle.problems(raisingOn: field, text: text))
        return try await store.write(as: actor) { tx in
            guard let participant = try await ParticipantRecord.read(participantID: participantID, on: tx.database) else {
                throw StoreError.notFound(entity: "participant", id: participantID)
            }
            // A query is about this participant's own data: a form of another participant, or one that does
            // not exist, would file the question where no one looking at this casebook sees it.
            if let formID {
                var form: CaseReportFormRecord?
                if let id = UUID(uuidString: formID) { form = try await CaseReportFormRecord.stored(id: id, on: tx.database) }
                guard let form, form.participantID == participantID else {
                    throw ValidationFailure(field: "formID", RuleMessage("store.queryFormNotOfParticipant", "is not a form of participant {participant}",
                                                                         ["participant": participantID]))
                }
            }
            return try await Self.open(in: tx, participantID: participantID, siteCode: participant.siteCode, formID: formID,
                                       field: field, text: text, origin: "manual")
        }
    }

    /// Opens a query inside an existing write (automatic queries from a form save use this).
    static func open(in tx: StoreTransaction, participantID: String, siteCode: String, formID: String?, field: String,
                     text: String, origin: String, rule: RuleMessage? = nil) async throws -> DataQueryRecord {
        let query = DataQueryRecord()
        query.id = UUID()
        query.participantID = participantID
        query.siteCode = siteCode
        query.formID = formID
        query.field = field
        query.text = text
        query.origin = origin
        query.status = DataQueryStatus.open.rawValue
        query.openedBy = tx.actor.username
        query.openedAt = tx.occurredAt
        query.answer = nil
        query.answeredBy = nil
        query.textRuleJSON = try rule.map { String(decoding: try JSONEncoder().encode($0), as: UTF8.self) }
        try await tx.create(query, action: "raise-query")
        return query
    }

    /// Closes, inside a form save, the open automatic queries of edit-check findings the save resolved: the
    /// rule no longer finds anything to ask, and the trail says which change resolved it.
    static func closeResolved(in tx: StoreTransaction, participantID: String, resolved: [EditCheckFinding], by formID: String) async throws {
        guard !resolved.isEmpty else { return }
        let open = try await DataQueryRecord.query(on: tx.database)
            .filter(\.$participantID == participantID)
            .filter(\.$status != DataQueryStatus.closed.rawValue).all()
        for finding in resolved {
            for query in open where query.origin == finding.check.rawValue && query.formID == finding.recordId && query.field == finding.field
                && query.status != DataQueryStatus.closed.rawValue {
                query.status = DataQueryStatus.closed.rawValue
                try await tx.update(query, action: "close-query",
                                    reason: "resolved automatically: \(finding.check.rawValue) no longer applies after form \(formID) was saved")
            }
        }
    }

    public func act(_ action: DataQueryAction, on queryID: UUID, text: String?, role: Role, by actor: AuditActor) async throws -> DataQueryRecord {
        try await store.write(as: actor, reason: "query \(action.rawValue)") { tx in
            guard let query = try await DataQueryRecord.find(queryID, on: tx.database) else {
                throw StoreError.notFound(entity: "query", id: queryID.uuidString)
            }
            switch DataQueryLifecycle.transition(from: try query.knownStatus(), action, by: role, text: text) {
            case .failure(let error):
                // A step the query's present status does not allow (closing a closed query) conflicts with the
                // saved state, like a stale version: 409. Missing text or the wrong role is invalid input: 422.
                if error.field == "status", let rule = error.rule { throw StoreError.conflict(rule) }
                throw ValidationFailure([error])
            case .success(let next):
                query.status = next.rawValue
                if action == .answer {
                    query.answer = text
                    query.answeredBy = actor.username
                }
                if action == .reopen, let text {
                    query.text = query.text + "\n[re-opened] " + text
                }
                try await tx.update(query, action: "\(action.rawValue)-query", reason: text.flatMap { $0.isEmpty ? nil : $0 } ?? "query \(action.rawValue)")
                return query
            }
        }
    }
}
