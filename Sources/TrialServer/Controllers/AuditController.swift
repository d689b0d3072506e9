import TrialCore
import TrialStore
import Vapor

/// The audit history of any record (who, when, what changed from what to what, and why), for monitors,
/// data managers and the administrator; and the chain check.
struct AuditController: RouteCollection {
    struct HistoryEntry: Content {
        var sequence: Int64
        var occurredAt: String
        var actor: String
        var role: String
        var site: String?
        var action: String
        var entityType: String
        var entityID: String
        var changes: [AuditFieldChange]
        var reason: String?
    }

    static let readers: AccessPolicy = .roles(.administrator, .monitor, .dataManager, confinedToOwnSite: false)

    func boot(routes: any RoutesBuilder) throws {
        let audit = routes.grouped("api", "v1", "audit")
        audit.on(.GET, "events", access: Self.readers,
                 docs: RouteDocumentation("Audit history: who, when, old and new values, reason", response: .json([HistoryEntry(sequence: 1, occurredAt: "2026-11-25T20:00:00.000Z", actor: "coordinator", role: "coordinator", site: "960", action: "update", entityType: "screening", entityID: "id", changes: [AuditFieldChange(field: "f", old: "a", new: "b")], reason: "why")]),
                                          query: ["entityType", "entityID", .limit, .offset]), use: listEvents)
        audit.on(.GET, "verification", access: Self.readers,
                 docs: RouteDocumentation("Walk the audit chain and compare every record with its history; the last walk is answered again while the chain head is the same and the walk is under 10 minutes old (walkedAt says when), fresh=true walks now",
                                          response: .json(AuditVerificationReport(eventsChecked: 1, recordsChecked: 1, problems: [], walkedAt: "2026-11-25T20:00:00.000Z")),
                                          query: [.choice("fresh", ["true", "false"])]), use: verifyChain)
    }

    func listEvents(_ req: Request) async throws -> [HistoryEntry] {
        let user = try req.requireUser()
        let events = try await AuditTrailReader(store: req.store).events(
            scope: user.scope, entityType: req.query[String.self, at: "entityType"], entityID: req.query[String.self, at: "entityID"],
            page: try req.listPage())
        return events.map { event in
            HistoryEntry(sequence: event.sequence, occurredAt: event.occurredAt, actor: event.actor, role: event.role,
                         site: event.site, action: event.action, entityType: event.entityType, entityID: event.entityID,
                         changes: event.changes, reason: event.reason)
        }
    }

    func verifyChain(_ req: Request) async throws -> AuditVerificationReport {
        let store = req.store
        let database = req.db
        let now = store.now()
        return try await req.application.auditVerificationCache.report(
            head: try await store.chainHead(), now: now, fresh: req.query[String.self, at: "fresh"] == "true") {
            var report = try await AuditVerifier(database: database).verify()
            report.walkedAt = UTCTimestamp.string(from: now)
            return report
        }
    }
}

extension AuditVerificationReport: AsyncResponseEncodable, ResponseEncodable, Content {}
