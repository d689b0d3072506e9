import FluentKit
import FluentSQL
import Foundation
import TrialCore

/// The serious adverse event alert list and its acknowledgement. Which events alert, their 24-hour
/// deadline and who may acknowledge are `SeriousEventAlert`'s rules; this type reads the saved adverse
/// events and records the acknowledgement as an audited change of the event's record.
public struct SeriousEventAlertService: Sendable {
    public let store: TrialStore

    public init(store: TrialStore) {
        self.store = store
    }

    /// Every serious event within `scope`, open alerts first (nearest deadline first); acknowledged ones
    /// only when asked for.
    public func alerts(scope: SiteScope, includeAcknowledged: Bool = false, on database: (any Database)? = nil) async throws -> [SeriousEventAlert] {
        let db = database ?? store.database
        // Only the forms that report a serious event (kept beside the forms), not every adverse event, in one plain
        // read: building a Fluent model for every serious event and then every form was a tenth of a dashboard.
        let forms = try await CaseReportFormRecord.read(on: db) { select in
            var select = select
                .where("form", .equal, SQLBind(CaseReportForm.adverseEvents.rawValue))
                .where(SQLIdentifier("id"), .in, SQLSubquery.select { subquery in
                    var subquery = subquery.column("form_id").from(SeriousAdverseEventRecord.schema)
                    if let site = scope.siteCode { subquery = subquery.where("site_code", .equal, SQLBind(site)) }
                    return subquery
                })
            if let site = scope.siteCode { select = select.where("site_code", .equal, SQLBind(site)) }
            // The alert list (`SeriousEventAlert.isOpen`) needs only the unacknowledged ones: the acknowledged events
            // of a long trial are not read and decoded on every dashboard.
            if !includeAcknowledged { select = select.where("acknowledged_at", .is, SQLLiteral.null) }
            return select
        }
        let now = store.now()
        var alerts: [SeriousEventAlert] = []
        for record in forms {
            guard case .adverseEvent(let event) = try record.entry() else { continue }
            let alert = SeriousEventAlert(
                participantId: record.participantID, formId: record.auditEntityID, event: event,
                enteredAt: UTCTimestamp.date(from: record.createdAt) ?? now,
                acknowledgedBy: record.acknowledgedBy, acknowledgedAt: record.acknowledgedAt.flatMap(UTCTimestamp.date(from:)), now: now)
            if let alert, includeAcknowledged || alert.isOpen { alerts.append(alert) }
        }
        return alerts.sorted(by: SeriousEventAlert.listOrder)
    }

    /// Acknowledges a serious event's alert; refused for other roles, for a non-serious event, twice, or
    /// outside the user's sites.
    public func acknowledge(formID: UUID, scope: SiteScope, role: Role, by actor: AuditActor) async throws -> SeriousEventAlert {
        guard SeriousEventAlert.mayAcknowledge(role) else {
            throw ValidationFailure(field: "role", RuleMessage("store.acknowledgerRole", "only an investigator, a monitor or a data manager acknowledges a serious adverse event"))
        }
        return try await store.write(as: actor, reason: "serious adverse event acknowledged") { tx in
            guard let record = try await CaseReportFormRecord.stored(id: formID, on: tx.database),
                  record.form == CaseReportForm.adverseEvents.rawValue, scope.covers(siteCode: record.siteCode) else {
                throw StoreError.notFound(entity: "adverse event", id: formID.uuidString)
            }
            guard case .adverseEvent(let event) = try record.entry(), event.isSerious else {
                throw ValidationFailure(field: "formID", RuleMessage("store.eventNotOnAlertList", "adverse event {id} is not serious: only serious events are on the alert list",
                                                                  ["id": formID.uuidString.lowercased()]))
            }
            guard record.acknowledgedAt == nil else {
                throw StoreError.conflict(RuleMessage("store.alreadyAcknowledged", "this serious adverse event was already acknowledged by {actor} at {at}", ["actor": record.acknowledgedBy ?? "?", "at": record.acknowledgedAt ?? ""]))
            }
            record.acknowledgedBy = actor.username
            record.acknowledgedAt = tx.occurredAt
            try await tx.update(record, action: "acknowledge-serious-event")
            let now = UTCTimestamp.date(from: tx.occurredAt) ?? store.now()
            guard let alert = SeriousEventAlert(
                participantId: record.participantID, formId: record.auditEntityID, event: event,
                enteredAt: UTCTimestamp.date(from: record.createdAt) ?? now,
                acknowledgedBy: record.acknowledgedBy, acknowledgedAt: now, now: now) else {
                throw StoreError.conflict(RuleMessage("store.notSerious", "the event is not serious"))
            }
            return alert
        }
    }
}
