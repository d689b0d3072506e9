import Foundation
import TrialCore
import TrialStore
import Vapor

/// The serious adverse event alert list with each event's 24-hour reporting deadline, and its acknowledgement.
struct SafetyController: RouteCollection {
    static let readers: AccessPolicy = .roles(.administrator, .investigator, .coordinator, .monitor, .dataManager, .dsmbMember)
    static let acknowledgers: AccessPolicy = .roles(.investigator, .monitor, .dataManager)

    func boot(routes: any RoutesBuilder) throws {
        let events = routes.grouped("api", "v1", "safety", "serious-events")
        events.on(.GET, access: Self.readers,
                  docs: RouteDocumentation("Serious adverse events awaiting acknowledgement, nearest 24-hour deadline first (a site-bound user sees its own site); all=true adds the acknowledged ones",
                                           response: .json([Self.example]), query: [QueryParameter(name: "all", schema: ["type": "boolean"])]), use: ReadAnswerCache.keeping(list))
        events.on(.POST, ":formID", "acknowledge", access: Self.acknowledgers,
                  docs: RouteDocumentation("Acknowledge a serious adverse event: it leaves the alert list; the time says whether the 24-hour deadline was met",
                                           response: .json(Self.example), alsoAnswers: [.conflict]), use: acknowledge)
    }

    func list(_ req: Request) async throws -> [SeriousEventAlert] {
        let user = try req.requireUser()
        let all = req.query[Bool.self, at: "all"] ?? false
        return try await SeriousEventAlertService(store: req.store).alerts(scope: user.scope, includeAcknowledged: all)
    }

    func acknowledge(_ req: Request) async throws -> SeriousEventAlert {
        let user = try req.requireUser()
        guard let formID = req.parameters.get("formID", as: UUID.self) else { throw Abort(.notFound, reason: "no adverse event with that id") }
        return try await SeriousEventAlertService(store: req.store).acknowledge(formID: formID, scope: user.scope, role: user.role, by: user.auditActor)
    }

    static let example: SeriousEventAlert = SeriousEventAlert(
        participantId: "960-0001", formId: "3f0c2d4e-0000-4000-8000-000000000000",
        event: AdverseEventRecord(term: "Pneumothorax", grade: 3, onsetDate: CalendarDate(daysSinceEpoch: 20_500), outcome: .recovering,
                                  seriousnessCriteria: [.hospitalization], siteAwareAt: Date(timeIntervalSince1970: 1_771_200_000)),
        enteredAt: Date(timeIntervalSince1970: 1_771_200_000), acknowledgedBy: nil, acknowledgedAt: nil,
        now: Date(timeIntervalSince1970: 1_771_210_000))!
}

extension SeriousEventAlert: AsyncResponseEncodable, ResponseEncodable, Content {}
