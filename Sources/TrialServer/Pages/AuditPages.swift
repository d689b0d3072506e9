import Foundation
import TrialCore
import TrialStore
import Vapor

/// The audit history of any record: who, when, which field from what to what, and why.
struct AuditPages: RouteCollection {
    struct Change: Encodable {
        var field: String
        var old: String
        var new: String
    }

    struct EventRow: Encodable {
        var sequence: String
        var when: String
        var actor: String
        var role: String
        var site: String
        var action: String
        /// The action as the trail records it (`save-baseline`), shown beside its label.
        var actionCode: String
        var entity: String
        var changes: [Change]
        var reason: String?
    }

    struct HistoryPage: Encodable {
        var entityType: String
        var entityID: String
        var events: [EventRow]
    }

    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, SiteURL.audit, access: AuditController.readers,
                  docs: .page("Audit history of a record (entityType, entityID), or the latest events"), use: ReadAnswerCache.keeping(history))
    }

    func history(_ req: Request) async throws -> View {
            let texts = req.texts
            let type = req.query[String.self, at: "entityType"]?.trimmingCharacters(in: .whitespaces) ?? ""
            let id = req.query[String.self, at: "entityID"]?.trimmingCharacters(in: .whitespaces) ?? ""
            let user = try req.requireUser()
            // One record's whole history oldest first; otherwise the latest events, newest first.
            let latest = type.isEmpty && id.isEmpty
            let events = try await AuditTrailReader(store: req.store).events(
                scope: user.scope, entityType: type.isEmpty ? nil : type, entityID: id.isEmpty ? nil : id,
                order: latest ? .newestFirst : .oldestFirst, page: try ListPage(limit: latest ? InputLimits.rowsPerScreen : 2000)).map { event in
                EventRow(sequence: String(event.sequence), when: texts.instant(event.occurredAt), actor: event.actor,
                         role: texts.catalogue.texts["role.\(event.role)"] ?? event.role, site: event.site ?? "",
                         action: Self.actionLabel(event.action, texts: texts), actionCode: event.action,
                         entity: "\(texts.catalogue.texts["audit.entity.\(event.entityType)"] ?? event.entityType) \(event.entityID)",
                         changes: event.changes.map { Change(field: $0.field, old: $0.old ?? "–", new: $0.new ?? "–") }, reason: event.reason)
            }
            return try await req.renderPage("audit", title: texts["page.audit"], HistoryPage(entityType: type, entityID: id, events: events))
    }

    /// An audit action in the page language: `save-<form>` and `correct-<form>` name the form; other actions
    /// have their own label; an action without one shows as recorded.
    static func actionLabel(_ action: String, texts: PageText) -> String {
        for (prefix, key) in [("save-", "audit.do.saveForm"), ("correct-", "audit.do.correctForm")] where action.hasPrefix(prefix) {
            let kind = String(action.dropFirst(prefix.count))
            if CaseReportForm(rawValue: kind) != nil { return texts.format(key, ["form": texts["form.\(kind)"]]) }
        }
        return texts.catalogue.texts["audit.do.\(action)"] ?? action
    }
}
