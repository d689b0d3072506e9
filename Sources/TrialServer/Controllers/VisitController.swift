import TrialCore
import TrialStore
import Vapor

/// Visits past their window with nothing recorded, per site: the coordinator's work list.
struct VisitController: RouteCollection {
    static let readers: AccessPolicy = .roles(.administrator, .investigator, .coordinator, .monitor, .dataManager)

    func boot(routes: any RoutesBuilder) throws {
        routes.grouped("api", "v1", "visits").on(
            .GET, "overdue", access: Self.readers,
            docs: RouteDocumentation("Overdue visits of the randomized participants (a site-bound user sees its own site); filter: site",
                                     response: .json([OverdueVisit(participantId: "960-0001", visitCode: "IMG-1", latestDate: CalendarDate(daysSinceEpoch: 20_000), daysOverdue: 3)]),
                                     query: ["site"]), use: ReadAnswerCache.keeping(overdue))
    }

    func overdue(_ req: Request) async throws -> [OverdueVisit] {
        let today = req.caseReports.today
        let visits = req.trialContext.scheduledVisitsByCode
        let open = try await req.scopedRecords().plannedVisitsPastWindow(on: today, site: req.query[String.self, at: "site"])
        return ParticipantVisit.overdueList(open.compactMap { row in row.visit(in: visits, today: today).map { (row.participantID, $0) } }, today: today)
    }
}

extension OverdueVisit: AsyncResponseEncodable, ResponseEncodable, Content {}
