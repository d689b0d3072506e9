import TrialCore
import TrialStore
import Vapor

/// The queries inbox: monitors and data managers raise, close and re-open; the site answers.
struct DataQueryController: RouteCollection {
    static let everyoneCleaning: AccessPolicy = .roles(.administrator, .investigator, .coordinator, .monitor, .dataManager)
    static let raisers: AccessPolicy = .roles(.monitor, .dataManager)
    static let answerers: AccessPolicy = .roles(.investigator, .coordinator)

    struct QueryView: Content {
        var id: UUID
        var participantID: String
        var siteCode: String
        var formID: String?
        var field: String
        var text: String
        var origin: String
        var status: String
        var openedBy: String
        var openedAt: String
        var answer: String?
        var answeredBy: String?
    }

    struct NewQuery: Content {
        var formID: String?
        var field: String
        var text: String
    }

    /// A step that may say something (closing a query).
    struct Step: Content {
        var text: String?
    }

    /// A step that must say something: the site's answer, or why a query is re-opened.
    struct StepWithText: Content {
        var text: NonBlankText
    }

    static let example = QueryView(id: UUID(), participantID: "960-0001", siteCode: "960", formID: "id", field: "lesions[0].sizeMm",
                                   text: "Please confirm against the CT report", origin: "manual", status: "open", openedBy: "monitor",
                                   openedAt: "2026-11-25T20:00:00.000Z", answer: nil, answeredBy: nil)

    func boot(routes: any RoutesBuilder) throws {
        let queries = routes.grouped("api", "v1", "queries")
        queries.on(.GET, access: Self.everyoneCleaning,
                   docs: RouteDocumentation("Queries (a site-bound user sees its own site's); filters: status, participant", response: .json([Self.example]),
                                            query: [.choice("status", DataQueryStatus.allCases.map(\.rawValue)), "participant", .limit, .offset]), use: ReadAnswerCache.keeping(list))
        routes.grouped("api", "v1", "participants", ":participantID").on(
            .POST, "queries", access: Self.raisers,
            docs: RouteDocumentation("Raise a query on a field", request: .json(NewQuery(formID: "id", field: "lesions[0].sizeMm", text: "Please confirm")),
                                     response: .json(Self.example), status: .created), use: raise)
        for (action, policy, summary) in [
            (DataQueryAction.answer, Self.answerers, "Answer a query (the site)"),
            (.close, Self.raisers, "Close a query"),
            (.reopen, Self.raisers, "Re-open a query, saying why"),
        ] {
            let needsText = action != .close
            let request: RouteDocumentation.Body = needsText ? .json(StepWithText(text: NonBlankText("text"))) : .json(Step(text: "text"))
            queries.on(.POST, ":queryID", PathComponent(stringLiteral: action.rawValue), access: policy,
                       docs: RouteDocumentation(summary, request: request, response: .json(Self.example), alsoAnswers: [.conflict])) { req in try await act(req, action: action, needsText: needsText) }
        }
    }

    func list(_ req: Request) async throws -> [QueryView] {
        let page = try req.listPage(defaultLimit: InputLimits.listPageMaximum)
        return try await req.scopedRecords().queries(
            status: req.query[String.self, at: "status"].flatMap(DataQueryStatus.init(rawValue:)),
            participant: req.query[String.self, at: "participant"], page: page).map { try Self.view(of: $0) }
    }

    func raise(_ req: Request) async throws -> Response {
        let user = try req.requireUser()
        let participant = try await req.participantFromPath()
        let participantID = participant.participantID
        let input = try req.content.decode(NewQuery.self)
        let record = try await DataQueryService(store: req.store).raise(
            participantID: participantID, formID: input.formID, field: input.field, text: input.text, role: user.role, by: user.auditActor)
        return try await Self.view(of: record).encodeResponse(status: .created, for: req)
    }

    func act(_ req: Request, action: DataQueryAction, needsText: Bool) async throws -> QueryView {
        let user = try req.requireUser()
        let id = try await req.queryFromPath().requireID()
        let text = needsText ? try req.content.decode(StepWithText.self).text.text : try req.content.decode(Step.self).text
        return try Self.view(of: try await DataQueryService(store: req.store).act(action, on: id, text: text, role: user.role, by: user.auditActor))
    }

    /// A stored query has an ID; one without is a defect, reported rather than given an invented one.
    static func view(of record: DataQueryRecord) throws -> QueryView {
        QueryView(id: try record.requireID(), participantID: record.participantID, siteCode: record.siteCode, formID: record.formID,
                  field: record.field, text: record.text, origin: record.origin, status: record.status, openedBy: record.openedBy,
                  openedAt: record.openedAt, answer: record.answer, answeredBy: record.answeredBy)
    }
}
