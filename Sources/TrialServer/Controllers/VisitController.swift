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
                                     query: ["site"]), use: overdue)
    }

    func overdue(_ req: Request) async throws -> [OverdueVisit] {
        let user = try req.requireUser()
        let participants = try await req.scopedRecords().participants(site: req.query[String.self, at: "site"], status: .randomized)
        let service = req.caseReports
        let today = service.today
        var schedules: [ParticipantVisitSchedule] = []
        let casebooks = try await service.casebooks(of: participants)
        for participant in participants {
            if let casebook = casebooks[participant.participantID],
               let schedule = ParticipantVisitSchedule(casebook: casebook, study: service.study, today: today) {
                schedules.append(schedule)
            }
        }
        return ParticipantVisitSchedule.overdueList(schedules, today: today)
    }
}

extension OverdueVisit: AsyncResponseEncodable, ResponseEncodable, Content {}
