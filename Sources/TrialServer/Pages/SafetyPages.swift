import Foundation
import TrialCore
import TrialStore
import Vapor

/// A serious adverse event on the dashboard's alert list, with its 24-hour deadline.
struct SeriousEventLine: Encodable {
    var participantID: String
    var participantURL: String
    var formURL: String
    var term: String
    var deadline: String
    var state: String
    var late: Bool
    var acknowledgeURL: String?

    /// The alert list of the user's sites (from `SeriousEventAlertService`); nil for roles that do not read it.
    static func lines(_ req: Request) async throws -> [SeriousEventLine]? {
        let user = try req.requireUser()
        guard SafetyController.readers.allows(user.role) else { return nil }
        let texts = req.texts
        let mayAcknowledge = SeriousEventAlert.mayAcknowledge(user.role)
        return try await SeriousEventAlertService(store: req.store).alerts(scope: user.scope).map { alert in
            SeriousEventLine(
                participantID: alert.participantId, participantURL: SiteURL.participant(alert.participantId).path,
                formURL: SiteURL.form(alert.participantId, CaseReportForm.adverseEvents.rawValue, alert.formId).path,
                term: "\(texts.ctcaeTerm(alert.term, dictionary: req.trialContext.ctcae)) · \(texts.format("sae.grade", ["grade": String(alert.grade)]))",
                deadline: texts.instant(UTCTimestamp.string(from: alert.deadline)),
                state: texts["sae.status.\(alert.status.rawValue)"], late: alert.status == .overdue,
                acknowledgeURL: mayAcknowledge ? SiteURL.acknowledgeSeriousEvent(alert.formId).path : nil)
        }
    }
}

/// Acknowledging a serious adverse event from the dashboard.
struct SafetyPages: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.POST, SiteURL.acknowledgeSeriousEvent(SiteURL.formID), access: SafetyController.acknowledgers,
                  docs: .page("Acknowledge a serious adverse event from the dashboard", form: [], status: .seeOther), use: acknowledge)
    }

    func acknowledge(_ req: Request) async throws -> Response {
        let user = try req.requireUser()
        guard let formID = req.parameters.get("formID", as: UUID.self) else { throw Abort(.notFound, reason: "no adverse event with that id") }
        return try await req.showingRefusals(on: SiteURL.home) {
            _ = try await SeriousEventAlertService(store: req.store).acknowledge(formID: formID, scope: user.scope, role: user.role, by: user.auditActor)
            return req.redirect(to: SiteURL.home, notice: .acknowledged)
        }
    }
}
