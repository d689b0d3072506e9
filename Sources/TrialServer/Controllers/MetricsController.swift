import Foundation
import TrialCore
import TrialStore
import Vapor

/// `GET /metrics`: the Prometheus text exposition (format 0.0.4) of requests, audited writes, the trial's
/// work lists and the scheduled backups. Only an administrator's bearer token reads it: a scraper holds a
/// token, never a browser session.
struct MetricsController: RouteCollection {
    static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, "metrics", access: HealthController.operators,
                  docs: RouteDocumentation("Prometheus metrics (text format 0.0.4): requests by route and status with latency histograms, audited writes and their retries, work-list counts and the last successful backup. An administrator's bearer token only.",
                                           response: .plainText(Self.contentType)),
                  use: metrics)
    }

    func metrics(_ req: Request) async throws -> Response {
        let user = try req.requireUser()
        guard user.via == .bearerToken else {
            throw Abort(.forbidden, reason: "/metrics answers an administrator's bearer token only (POST /api/v1/tokens), not a browser session")
        }
        var lines = req.application.metrics.requestLines()
        func gauge(_ name: String, _ help: String, _ value: String, type: String = "gauge") {
            lines += ["# HELP \(name) \(help)", "# TYPE \(name) \(type)", "\(name) \(value)"]
        }
        let writes = StoreWriteStatistics.shared.snapshot
        gauge("trialdesk_audited_writes_total", "Audited write transactions committed by this process.", String(writes.committed), type: "counter")
        gauge("trialdesk_audited_writes_failed_total", "Audited write transactions that ended without committing (refused or failed).", String(writes.failed), type: "counter")
        gauge("trialdesk_write_retries_total", "Audited writes retried after a busy database or a serialization failure.", String(writes.retries), type: "counter")
        gauge("trialdesk_write_lock_waits_total", "Times a write took the writers' lock (the audit chain head).", String(writes.lockWaits), type: "counter")
        gauge("trialdesk_write_lock_wait_seconds_total", "Time spent waiting for the writers' lock.", MetricsRegistry.number(writes.lockWaitSeconds), type: "counter")
        gauge("trialdesk_writes_in_flight", "Audited write transactions under way (each holds or waits for a database connection).", String(writes.inFlight))

        // The work lists as the administrator (every site) sees them, from the same store reads as the dashboard.
        let scoped = try req.scopedRecords()
        let today = req.caseReports.today
        let openVisits = try await scoped.openPlannedVisits(through: SiteWorkList.horizon(from: today))
        let visits = req.trialContext.scheduledVisitsByCode
        let work = SiteWorkList(visits: openVisits.compactMap { row in row.visit(in: visits, today: today).map { SiteWorkList.Entry(participantId: row.participantID, visit: $0) } },
                                casebooks: [], today: today)
        gauge("trialdesk_open_queries", "Data queries not closed.", String(try await scoped.queryCount(notClosed: true)))
        gauge("trialdesk_overdue_visits", "Planned visits past their window with no form.", String(work.overdue.count))
        gauge("trialdesk_unacknowledged_serious_adverse_events", "Serious adverse events awaiting acknowledgement.",
              String(try await SeriousEventAlertService(store: req.store).alerts(scope: user.scope).count))
        gauge("trialdesk_audit_chain_events", "Events in the audit chain.", String(try await req.store.chainHead().sequence))
        if let cache = req.application.casebookAnswerCache {
            let counts = cache.hitsAndMisses
            gauge("trialdesk_casebook_answers_reused_total", "Casebook answers given again for an unchanged chain head and day.", String(counts.hits), type: "counter")
            gauge("trialdesk_casebook_answers_computed_total", "Casebook answers computed (the data or the day had changed).", String(counts.misses), type: "counter")
        }
        if let cache = req.application.dashboardViewCache {
            let counts = cache.hitsAndMisses
            gauge("trialdesk_dashboards_reused_total", "Dashboards whose data was given again for an unchanged chain head, day and reader.", String(counts.hits), type: "counter")
            gauge("trialdesk_dashboards_computed_total", "Dashboards whose data was computed.", String(counts.misses), type: "counter")
        }
        if let cache = req.application.readAnswerCache {
            let counts = cache.reusedAndComputed
            gauge("trialdesk_list_answers_reused_total", "List pages and API list answers given again for an unchanged chain head, day and reader.", String(counts.reused), type: "counter")
            gauge("trialdesk_list_answers_computed_total", "List pages and API list answers computed.", String(counts.computed), type: "counter")
        }
        if let backup = req.application.backupStatus?.snapshot {
            gauge("trialdesk_last_successful_backup_timestamp_seconds", "When the last scheduled backup succeeded (Unix time; 0 when none has since start).",
                  MetricsRegistry.number((backup.lastSuccessAt?.timeIntervalSince1970 ?? 0).rounded()))
            gauge("trialdesk_backup_failures_total", "Scheduled backups that failed since start.", String(backup.failures), type: "counter")
            gauge("trialdesk_backup_failing", "1 when the latest scheduled backup failed.", backup.isFailing ? "1" : "0")
        }
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: Self.contentType)
        return Response(status: .ok, headers: headers, body: .init(string: lines.joined(separator: "\n") + "\n"))
    }
}
