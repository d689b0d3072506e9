import Foundation
import TrialCore
import TrialStore
import Vapor

/// The queries inbox and the query steps (raise, answer, close, re-open) from any page.
struct QueryPages: RouteCollection {
    struct InboxPage: Encodable {
        var statusFilter: [FormOptionView]
        var participant: String
        var queries: [QueryRow]
        var pager: Pager
    }

    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, SiteURL.queries, access: DataQueryController.everyoneCleaning,
                  docs: .page("Queries inbox (filters: status, participant)"), use: ReadAnswerCache.keeping(inbox))
        routes.on(.POST, SiteURL.participantQueries(SiteURL.participantID), access: DataQueryController.raisers,
                  docs: .page("Raise a query on a field", form: ["formID", "field", "text", "returnTo"], status: .seeOther), use: raise)
        for (action, policy) in [(DataQueryAction.answer, DataQueryController.answerers), (.close, DataQueryController.raisers), (.reopen, DataQueryController.raisers)] {
            routes.on(.POST, SiteURL.queryAction(SiteURL.queryID, action), access: policy,
                      docs: .page("\(action.rawValue.capitalized) a query", form: ["text", "returnTo"], status: .seeOther)) { req in
                try await act(req, action)
            }
        }
    }

    func inbox(_ req: Request) async throws -> View {
        let user = try req.requireUser()
        let texts = req.texts
        let status = req.query[String.self, at: "status"] ?? "open"
        let participant = req.query[String.self, at: "participant"]?.trimmingCharacters(in: .whitespaces) ?? ""
        let screen = try req.listScreen()
        let filter = (status: DataQueryStatus(rawValue: status), participant: participant.isEmpty ? nil : participant)
        let records = try await req.scopedRecords().queries(status: filter.status, participant: filter.participant, newestFirst: true, page: screen)
        let total = try await req.scopedRecords().queryCount(status: filter.status, participant: filter.participant)
        let options = (["all"] + DataQueryStatus.allCases.map(\.rawValue)).map {
            FormOptionView(value: $0, label: texts["query.status.\($0)"], id: "status-\($0)", selected: $0 == status)
        }
        return try await req.renderPage("queries", title: texts["page.queries"], InboxPage(
            statusFilter: options, participant: participant,
            queries: try await QueryRow.rows(records, role: user.role, texts: texts, study: req.trialContext.study, returnTo: req.url.string,
                                             reading: try req.scopedRecords()),
            pager: Pager(req, page: screen, shown: records.count, total: total, texts: texts)))
    }

    func raise(_ req: Request) async throws -> Response {
        let user = try req.requireUser()
        let participant = try await req.participantFromPath()
        let form = try PostedForm(req)
        let back = Self.safeReturn(form.value("returnTo"), fallback: SiteURL.participant(participant.participantID).path)
        return try await req.showingRefusals(on: back) {
            _ = try await DataQueryService(store: req.store).raise(
                participantID: participant.participantID, formID: form.value("formID"), field: form.value("field") ?? "",
                text: form.value("text") ?? "", role: user.role, by: user.auditActor)
            return req.redirect(to: back, notice: .queryRaised)
        }
    }

    func act(_ req: Request, _ action: DataQueryAction) async throws -> Response {
        let user = try req.requireUser()
        let id = try await req.queryFromPath().requireID()
        let form = try PostedForm(req)
        let back = Self.safeReturn(form.value("returnTo"), fallback: SiteURL.queries.path)
        return try await req.showingRefusals(on: back) {
            _ = try await DataQueryService(store: req.store).act(action, on: id, text: form.value("text"), role: user.role, by: user.auditActor)
            return req.redirect(to: back, notice: .after(action))
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
