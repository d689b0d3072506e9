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
                                          query: ["entityType", "entityID", .limit, .offset]), use: ReadAnswerCache.keeping(listEvents))
        audit.on(.GET, "verification", access: Self.readers,
                 docs: RouteDocumentation("Walk the audit chain and compare every record with its history; the last walk is answered again while the chain head is the same and the walk is under 10 minutes old (walkedAt says when), fresh=true walks now",
                                          response: .json(AuditVerificationReport(eventsChecked: 1, recordsChecked: 1, problems: [], walkedAt: "2026-11-25T20:00:00.000Z")),
                                          query: [.choice("fresh", ["true", "false"])]), use: verifyChain)
        registerExport(on: audit)
    }

    /// Who may export the audit trail: data managers and statisticians every site's, a monitor their own
    /// site's (the exporter applies the user's site scope).
    static let exporters: AccessPolicy = .roles(.dataManager, .monitor, .statistician, confinedToOwnSite: false)

    // Identifiers and a date, each bounded: two free-text filters of 4,000 characters made a request line
    // longer than the HTTP parser takes, and the connection closed without an answer.
    static let exportQuery: [QueryParameter] = [
        QueryParameter(name: "participant", schema: ["type": "string", "maxLength": 64]),
        QueryParameter(name: "site", schema: ["type": "string", "maxLength": 64]),
        QueryParameter(name: "from", schema: ["type": "string", "format": "date", "maxLength": 10]),
    ]

    static var exportExample: AuditTrailExport {
        AuditTrailExport(
            exportedAt: "2026-11-25T20:00:00.000Z", exportedBy: "data-manager", filter: AuditExportFilter(siteCode: "960"),
            chainHead: .init(sequence: 2, hash: String(repeating: "b", count: 64)),
            checkpoints: [AuditCheckpoint(sequence: 1, hash: String(repeating: "a", count: 64), signedAt: "2026-11-25T20:00:00.000Z", publicKey: "key", signature: "signature")],
            events: [AuditExportedEvent(sequence: 2, occurredAt: "2026-11-25T20:00:00.000Z", user: "coordinator", role: "coordinator", site: "960",
                                        action: "update", entityType: "case-report-form", entityID: "id", participantID: "960-0001",
                                        changes: [AuditFieldChange(field: "form.ecog", old: "1", new: nil)], reason: "why",
                                        previousHash: String(repeating: "a", count: 64), hash: String(repeating: "b", count: 64))])
    }

    func registerExport(on audit: any RoutesBuilder) {
        audit.on(.GET, "export", access: Self.exporters,
                 docs: RouteDocumentation("Audit-trail export as JSON: every event with field-level old and new values, reason and hash, the chain head and the signed checkpoints (verify it later with trialdesk audit verify --export FILE); participant, site and from make a partial export; a monitor gets their own site's events",
                                          response: .json(Self.exportExample), query: Self.exportQuery), use: exportJSON)
        audit.on(.GET, "export", "csv", access: Self.exporters,
                 docs: RouteDocumentation("The same audit-trail export as CSV for a spreadsheet: one row per changed field, with the chain head and checkpoints as rows of their own",
                                          response: .plainText("text/csv; charset=utf-8"), query: Self.exportQuery), use: exportCSV)
    }

    func export(_ req: Request) async throws -> AuditTrailExport {
        let user = try req.requireUser()
        let filter = AuditExportFilter(participantID: req.query[String.self, at: "participant"], siteCode: req.query[String.self, at: "site"],
                                       from: req.query[String.self, at: "from"])
        return try await AuditTrailExporter(store: req.store).export(scope: user.scope, filter: filter, exportedBy: user.username)
    }

    func exportJSON(_ req: Request) async throws -> Response {
        let body = try await export(req).json()
        return Response(status: .ok, headers: ["Content-Type": "application/json; charset=utf-8"], body: .init(data: body))
    }

    func exportCSV(_ req: Request) async throws -> Response {
        let body = try await export(req).csv()
        return Response(status: .ok, headers: ["Content-Type": "text/csv; charset=utf-8",
                                               "Content-Disposition": "attachment; filename=\"audit-trail.csv\""], body: .init(data: body))
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
