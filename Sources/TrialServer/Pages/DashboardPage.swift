import Foundation
import TrialCore
import TrialStore
import Vapor

/// The home page: enrollment against the target over time, the randomized per arm and stratum (past
/// allocations only), and the work lists of the user's role and sites: visits due this week and
/// overdue, open queries, serious adverse events awaiting acknowledgement, casebooks to sign.
enum DashboardPage {
    struct AxisLabel: Encodable {
        var x: Double
        var y: Double
        var text: String
        var anchor: String
    }

    /// The enrollment chart, drawn on the server as SVG coordinates.
    struct EnrollmentChart: Encodable {
        var width: Double
        var height: Double
        var enrolledPoints: String
        var randomizedPoints: String
        var targetY: Double
        var left: Double
        var right: Double
        var bottom: Double
        var labels: [AxisLabel]
        var summary: String
    }

    struct BalanceRow: Encodable {
        var stratum: String
        var counts: [String]
        var total: String
    }

    struct VisitLine: Encodable {
        var participantID: String
        var url: String
        var visit: String
        var date: String
        var status: String
        /// The protocol version whose schedule the visit comes from.
        var protocolVersion: String?
    }

    struct SignatureLine: Encodable {
        var participantID: String
        var url: String
    }

    struct DashboardView: Encodable {
        var protocolID: String
        var chart: EnrollmentChart
        var showArms: Bool
        var armHeaders: [String]
        var balance: [BalanceRow]
        var showWork: Bool
        var dueVisits: [VisitLine]
        var dueCount: Int
        var overdueVisits: [VisitLine]
        var overdueCount: Int
        var missedVisits: Int
        var openQueries: Int
        var queries: [QueryRow]
        var unsigned: [SignatureLine]
        var unsignedCount: Int
        var seriousEvents: [SeriousEventLine]?
        /// The scheduled backups' state, for administrators when the server takes backups.
        var backup: BackupLine?
    }

    struct BackupLine: Encodable, Hashable, Sendable {
        var failed: Bool
        var text: String
    }

    /// A failed scheduled backup is the first thing an administrator reads; otherwise when the last one succeeded.
    static func backupLine(_ req: Request, role: Role, texts: PageText) -> BackupLine? {
        guard HealthController.operators.allows(role), let status = req.application.backupStatus?.snapshot else { return nil }
        if status.isFailing, let failedAt = status.lastFailureAt {
            return BackupLine(failed: true, text: texts.format("dashboard.backupFailed", [
                "at": texts.instant(UTCTimestamp.string(from: failedAt)), "message": status.lastFailureMessage ?? "",
                "last": status.lastSuccessAt.map { texts.instant(UTCTimestamp.string(from: $0)) } ?? texts["dashboard.backupNever"],
            ]))
        }
        if let succeededAt = status.lastSuccessAt {
            return BackupLine(failed: false, text: texts.format("dashboard.backupLast", ["at": texts.instant(UTCTimestamp.string(from: succeededAt))]))
        }
        return BackupLine(failed: false, text: texts["dashboard.backupPending"])
    }

    /// Work lists show their first entries and a count; the full lists are in the casebooks.
    static let listLength = 15

    static func render(_ req: Request) async throws -> Vapor.View {
        let user = try req.requireUser()
        let texts = req.texts
        // The head is read before the data (DashboardViewCache says why).
        let cache = req.application.dashboardViewCache
        var head: (sequence: Int64, hash: String)?
        if cache != nil { head = try await req.store.chainHead() }
        let key = head.map { head in
            DashboardViewCache.Key(role: user.role, scope: user.scope, language: texts.catalogue.language.rawValue,
                                   chainSequence: head.sequence, chainHash: head.hash, day: req.caseReports.today)
        }
        // The backup state is not data of the trial: read for each request.
        let backup = backupLine(req, role: user.role, texts: texts)
        let frame = req.pageFrame(title: texts["page.home"])
        // The data, kept or computed (and kept).
        @Sendable func data() async throws -> DashboardView {
            var page: DashboardView
            if let cache, let key, let kept = cache.view(for: key) {
                page = kept
            } else {
                page = try await view(req, user: user, texts: texts)
                if let cache, let key { cache.keep(page, for: key) }
            }
            page.backup = backup
            return page
        }
        // The page itself is kept for a signed-in reader when nothing in its frame is one request's own but the
        // CSRF token (a notice or a refusal is shown once).
        guard let cache, let key, let reader = frame.user, frame.notice == nil, frame.page.refusals.isEmpty else {
            return try await req.renderPage("home", frame: frame, try await data())
        }
        let pageKey = DashboardViewCache.PageKey(view: key, username: reader.username, here: frame.page.here, backup: backup)
        let page = try await cache.page(for: pageKey) {
            var slotted = frame
            slotted.page.csrf = cache.tokenPlaceholder
            let rendered = try await req.renderPage("home", frame: slotted, try await data())
            return TokenSlottedPage(rendered.data, placeholder: cache.tokenPlaceholder)
        }
        return View(data: page.filled(with: frame.page.csrf))
    }

    /// The dashboard's data for this reader: everything but the backup state.
    static func view(_ req: Request, user: CurrentUser, texts: PageText) async throws -> DashboardView {
        let study = req.trialContext.study
        let service = req.caseReports
        let today = service.today
        let recruitment = try await req.enrollment.recruitmentDates()
        let showArms = AllocationDisclosure.maySeeAssignedArm(user.role)
        let balance = try await req.enrollment.balance(role: user.role, scope: user.scope)
        let arms = study.arms.map(\.code)
        let balanceRows = showArms ? ([balance.overall] + balance.strata).enumerated().map { index, row in
            BalanceRow(stratum: index == 0 ? texts["dashboard.allStrata"] : ParticipantPages.stratumLabel(row.stratum, study: study, texts: texts) ?? row.stratum,
                       counts: arms.map { String(row.counts[$0] ?? 0) }, total: String(row.total))
        } : []

        let showWork = VisitController.readers.allows(user.role)
        var due: [VisitLine] = []
        var overdue: [VisitLine] = []
        var dueCount = 0
        var overdueCount = 0
        var unsignedCount = 0
        var missed = 0
        var unsigned: [SignatureLine] = []
        var openQueries = 0
        var queries: [QueryRow] = []
        if showWork {
            // The stored plan (rewritten with every casebook change), classified for today: no casebook is rebuilt.
            let scoped = try req.scopedRecords()
            let visits = req.trialContext.scheduledVisitsByCode
            let openVisits = try await scoped.openPlannedVisits(through: SiteWorkList.horizon(from: today))
            let work = SiteWorkList(visits: openVisits.compactMap { row in row.visit(in: visits, today: today).map { SiteWorkList.Entry(participantId: row.participantID, visit: $0) } },
                                    casebooks: try await scoped.casebookSignatures(), today: today)
            func line(_ entry: SiteWorkList.Entry) -> VisitLine {
                VisitLine(participantID: entry.participantId, url: SiteURL.participant(entry.participantId).path,
                          visit: texts.study(entry.visit.visit.label),
                          date: texts.date(entry.visit.status == .overdue ? entry.visit.latestDate : entry.visit.dueDate),
                          status: texts["visit.status.\(entry.visit.status.rawValue)"], protocolVersion: entry.visit.protocolVersion)
            }
            // Lines for what the page shows; the counts for the rest.
            due = work.due.prefix(Self.listLength).map(line)
            overdue = work.overdue.prefix(Self.listLength).map(line)
            (dueCount, overdueCount, unsignedCount) = (work.due.count, work.overdue.count, work.unsignedCasebooks.count)
            missed = work.missedCount
            unsigned = work.unsignedCasebooks.prefix(Self.listLength * 2).map { SignatureLine(participantID: $0, url: SiteURL.participant($0).path) }
            // The oldest open queries first, ten of them, and how many there are.
            openQueries = try await scoped.queryCount(notClosed: true)
            let oldest = try await scoped.queries(notClosed: true, page: try ListPage(limit: 10))
            queries = try await QueryRow.rows(oldest, role: user.role, texts: texts, study: study, returnTo: SiteURL.home.path, reading: scoped)
        }

        return DashboardView(
            protocolID: req.trialContext.protocolID,
            chart: chart(recruitment, target: study.targetEnrollment, today: today, texts: texts),
            showArms: showArms, armHeaders: study.arms.map { texts.study($0.label) }, balance: balanceRows,
            showWork: showWork, dueVisits: due, dueCount: dueCount,
            overdueVisits: overdue, overdueCount: overdueCount, missedVisits: missed,
            openQueries: openQueries, queries: queries, unsigned: unsigned, unsignedCount: unsignedCount,
            seriousEvents: try await SeriousEventLine.lines(req), backup: nil)
    }

    /// A chart coordinate to one decimal (halves away from zero), without a format string per point.
    static func tenths(_ value: Double) -> String {
        let scaled = Int((abs(value) * 10).rounded(.toNearestOrAwayFromZero))
        return (value < 0 && scaled != 0 ? "-" : "") + String(scaled / 10) + "." + String(scaled % 10)
    }

    /// Cumulative enrolled and randomized participants by date against the target enrollment.
    static func chart(_ recruitment: (enrolled: [CalendarDate], randomized: [CalendarDate]), target: Int, today: CalendarDate,
                      texts: PageText) -> EnrollmentChart {
        let (width, height, left, right, top, bottom) = (640.0, 260.0, 48.0, 620.0, 20.0, 220.0)
        let (enrolled, randomized) = recruitment
        let start = enrolled.first ?? today
        let span = Double(max(start.days(until: today), 1))
        let ceiling = Double(max(target, enrolled.count, 1))
        func x(_ day: CalendarDate) -> Double { left + (right - left) * Double(start.days(until: day)) / span }
        func y(_ count: Int) -> Double { bottom - (bottom - top) * Double(count) / ceiling }
        // One step per day that counted someone, not per participant: the curve's size follows the calendar,
        // not the trial (1,200 participants drew 150 KB of points), and a tenth of a pixel is precision enough.
        func point(_ x: Double, _ y: Double) -> String { tenths(x) + "," + tenths(y) }
        func steps(_ days: [CalendarDate]) -> String {
            var points = [point(x(start), y(0))]
            var count = 0
            var index = days.startIndex
            while index < days.endIndex {
                let day = days[index]
                var next = index
                while next < days.endIndex, days[next] == day { next += 1 }
                points.append(point(x(day), y(count)))
                count += next - index
                points.append(point(x(day), y(count)))
                index = next
            }
            points.append(point(x(today), y(days.count)))
            return points.joined(separator: " ")
        }
        let labels = [
            AxisLabel(x: left - 6, y: bottom + 4, text: "0", anchor: "end"),
            AxisLabel(x: left - 6, y: y(target) + 4, text: String(target), anchor: "end"),
            AxisLabel(x: left, y: bottom + 20, text: texts.date(start), anchor: "start"),
            AxisLabel(x: right, y: bottom + 20, text: texts.date(today), anchor: "end"),
            AxisLabel(x: right, y: y(target) - 6, text: texts["dashboard.target"], anchor: "end"),
        ]
        let summary = texts.format("dashboard.chartSummary", [
            "enrolled": String(enrolled.count), "randomized": String(randomized.count), "target": String(target),
        ])
        return EnrollmentChart(width: width, height: height, enrolledPoints: steps(enrolled), randomizedPoints: steps(randomized),
                               targetY: y(target), left: left, right: right, bottom: bottom, labels: labels, summary: summary)
    }
}
