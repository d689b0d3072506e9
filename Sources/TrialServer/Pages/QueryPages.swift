import FluentKit
import Foundation
import TrialCore
import TrialStore
import Vapor

/// The queries inbox and the query steps (raise, answer, close, re-open) from any page.
struct QueryPages: RouteCollection {
    struct InboxPage: Encodable {
        var title: String
        var page: PageController.PageChrome
        var user: PageController.PageUser?
        var notice: String?
        var statusFilter: [FormOptionView]
        var participant: String
        var queries: [QueryRow]
    }

    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, "queries", access: DataQueryController.everyoneCleaning,
                  docs: .page("Queries inbox (filters: status, participant)")) { req async throws -> View in
            let user = try req.requireUser()
            let texts = req.texts
            let status = req.query[String.self, at: "status"] ?? "open"
            let participant = req.query[String.self, at: "participant"]?.trimmingCharacters(in: .whitespaces) ?? ""
            let records = try await req.scopedRecords().queries(status: DataQueryStatus(rawValue: status), participant: participant.isEmpty ? nil : participant,
                                                                newestFirst: true, page: try ListPage(limit: 500))
            let options = (["all"] + DataQueryStatus.allCases.map(\.rawValue)).map {
                FormOptionView(value: $0, label: texts["query.status.\($0)"], id: "status-\($0)", selected: $0 == status)
            }
            return try await req.view.render("queries", InboxPage(
                title: texts["page.queries"], page: req.pageChrome(), user: req.pageUser(), notice: req.notice(),
                statusFilter: options, participant: participant,
                queries: try await QueryRow.rows(records, role: user.role, texts: texts, study: req.trialContext.study, returnTo: req.url.string, on: req.db)))
        }

        routes.on(.POST, "participants", ":participantID", "queries", access: DataQueryController.raisers,
                  docs: .page("Raise a query on a field", form: ["formID", "field", "text", "returnTo"], status: .seeOther)) { req async throws -> Response in
            let user = try req.requireUser()
            let participant = try await req.participantFromPath()
            let form = try PostedForm(req)
            let back = Self.safeReturn(form.value("returnTo"), fallback: "/participants/\(participant.participantID)")
            return try await req.showingRefusals(on: back) {
                _ = try await DataQueryService(store: req.store).raise(
                    participantID: participant.participantID, formID: form.value("formID"), field: form.value("field") ?? "",
                    text: form.value("text") ?? "", role: user.role, by: user.auditActor)
                return req.redirect(to: back, notice: "query-raised")
            }
        }

        for (action, policy) in [(DataQueryAction.answer, DataQueryController.answerers), (.close, DataQueryController.raisers), (.reopen, DataQueryController.raisers)] {
            routes.on(.POST, "queries", ":queryID", PathComponent(stringLiteral: action.rawValue), access: policy,
                      docs: .page("\(action.rawValue.capitalized) a query", form: ["text", "returnTo"], status: .seeOther)) { req async throws -> Response in
                let user = try req.requireUser()
                guard let id = req.parameters.get("queryID", as: UUID.self), let record = try await DataQueryRecord.find(id, on: req.db) else {
                    throw Abort(.notFound, reason: "no query with that id")
                }
                try req.requireAccess(toSite: record.siteCode)
                let form = try PostedForm(req)
                let back = Self.safeReturn(form.value("returnTo"), fallback: "/queries")
                return try await req.showingRefusals(on: back) {
                    _ = try await DataQueryService(store: req.store).act(action, on: id, text: form.value("text"), role: user.role, by: user.auditActor)
                    return req.redirect(to: back, notice: "query-\(action.rawValue)")
                }
            }
        }
    }

    /// Only a local path is followed back (no open redirect).
    static func safeReturn(_ path: String?, fallback: String) -> String {
        guard let path, path.hasPrefix("/"), !path.hasPrefix("//"), !path.contains("\\") else { return fallback }
        // Drop an earlier notice so that the new one shows alone.
        guard var components = URLComponents(string: path) else { return fallback }
        components.queryItems = components.queryItems?.filter { $0.name != "done" }
        if components.queryItems?.isEmpty == true { components.queryItems = nil }
        return components.string ?? fallback
    }
}
