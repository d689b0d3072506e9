import TrialCore
import TrialStore
import Vapor

/// Source data verification (monitor), locking (data manager) and the casebook signature (investigator,
/// who re-enters the password).
struct RecordControlController: RouteCollection {
    /// Verifying or locking may say why.
    struct Reason: Content {
        var reason: String?
    }

    /// Unlocking must say why (audit trail: the data become editable again).
    struct RequiredReason: Content {
        var reason: NonBlankText
    }

    struct Signature: Content {
        var password: PasswordText
    }

    static func reasonBody(required: Bool) -> RouteDocumentation.Body {
        required ? .json(RequiredReason(reason: NonBlankText("why"))) : .json(Reason(reason: "why"))
    }

    /// The reason sent with a control step. A body that is sent must be valid JSON of the documented shape
    /// (a malformed one is a 422, never ignored); verifying and locking may send none at all.
    static func reason(_ req: Request, required: Bool) throws -> String? {
        if required { return try req.content.decode(RequiredReason.self).reason.text }
        guard let body = req.body.data, body.readableBytes > 0 else { return nil }
        return try req.content.decode(Reason.self).reason
    }

    func boot(routes: any RoutesBuilder) throws {
        let participant = routes.grouped("api", "v1", "participants", ":participantID")
        let forms: [(RecordControlService.FormControl, AccessPolicy, String)] = [
            (.verify, .roles(.monitor), "Mark a form's source data verified"),
            (.lock, .roles(.dataManager), "Lock a form"),
            (.unlock, .roles(.dataManager), "Unlock a form, with a reason"),
        ]
        for (control, policy, summary) in forms {
            participant.on(.POST, "forms", ":form", ":formID", PathComponent(stringLiteral: control.rawValue), access: policy,
                           docs: RouteDocumentation(summary, request: Self.reasonBody(required: control == .unlock), status: .noContent,
                                                    alsoAnswers: [.conflict])) { req in try await controlForm(req, control: control) }
        }
        for (control, summary) in [(RecordControlService.CasebookControl.lock, "Lock the casebook"), (.unlock, "Unlock the casebook, with a reason")] {
            participant.on(.POST, PathComponent(stringLiteral: control.rawValue), access: .roles(.dataManager),
                           docs: RouteDocumentation(summary, request: Self.reasonBody(required: control == .unlock), status: .noContent,
                                                    alsoAnswers: [.conflict])) { req in try await controlCasebook(req, control: control) }
        }
        participant.on(.POST, "forms", ":form", ":formID", "revalidate", access: .roles(.dataManager),
                       docs: RouteDocumentation("Re-validate a saved form under the protocol version in force (after an amendment), with a reason; later corrections validate under that version",
                                                request: Self.reasonBody(required: true),
                                                response: .json(CaseReportController.exampleOutcome),
                                                alsoAnswers: [.conflict]), use: revalidate)
        participant.on(.POST, "signature", access: .roles(.investigator),
                       docs: RouteDocumentation("Sign the casebook: re-enter the password; meaning and time are recorded, and any later change voids the signature",
                                                request: .json(Signature(password: PasswordText("********"))), status: .noContent, alsoAnswers: [.conflict, .tooManyRequests]), use: sign)
    }

    func controlForm(_ req: Request, control: RecordControlService.FormControl) async throws -> HTTPStatus {
        let user = try req.requireUser()
        let record = try await req.participantFromPath()
        guard let formID = req.parameters.get("formID", as: UUID.self) else { throw Abort(.notFound, reason: "no form with that id") }
        let reason = try Self.reason(req, required: control == .unlock)
        try await RecordControlService(store: req.store).control(control, formID: formID, participantID: record.participantID,
                                                                 reason: reason, role: user.role, by: user.auditActor)
        return .noContent
    }

    func revalidate(_ req: Request) async throws -> CaseReportService.SaveOutcome {
        let user = try req.requireUser()
        let record = try await req.participantFromPath()
        guard let formID = req.parameters.get("formID", as: UUID.self) else { throw Abort(.notFound, reason: "no form with that id") }
        let reason = try Self.reason(req, required: true)
        return try await req.caseReports.revalidate(formID: formID, participantID: record.participantID, reason: reason, role: user.role, by: user.auditActor)
    }

    func controlCasebook(_ req: Request, control: RecordControlService.CasebookControl) async throws -> HTTPStatus {
        let user = try req.requireUser()
        let record = try await req.participantFromPath()
        let reason = try Self.reason(req, required: control == .unlock)
        try await RecordControlService(store: req.store).control(control, participantID: record.participantID, reason: reason,
                                                                 role: user.role, by: user.auditActor)
        return .noContent
    }

    func sign(_ req: Request) async throws -> HTTPStatus {
        let user = try req.requireUser()
        let record = try await req.participantFromPath()
        let input = try req.content.decode(Signature.self)
        guard let account = try await req.users.user(id: user.id) else { throw Abort(.unauthorized) }
        do {
            guard try await req.signInService.reenteredPasswordMatches(input.password.text, of: account, actor: user.auditActor) else {
                throw ValidationFailure(field: "password", message: "is not your password: the signature needs it re-entered")
            }
        } catch SignInService.Failure.locked(let until) {
            throw Abort(.tooManyRequests, reason: SignInService.reentryLocked(until: until).text)
        }
        try await RecordControlService(store: req.store).sign(participantID: record.participantID, role: user.role, by: user.auditActor)
        return .noContent
    }
}
