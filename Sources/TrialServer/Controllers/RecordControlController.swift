import FluentKit
import TrialCore
import TrialStore
import Vapor

/// Source data verification (monitor), locking (data manager) and the casebook signature (investigator,
/// who re-enters the password).
struct RecordControlController: RouteCollection {
    struct Reason: Content {
        var reason: String?
    }

    struct Signature: Content {
        var password: String
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
                           docs: RouteDocumentation(summary, request: .json(Reason(reason: "why")), status: .noContent)) { req async throws -> HTTPStatus in
                let user = try req.requireUser()
                let record = try await req.participantFromPath()
                guard let formID = req.parameters.get("formID", as: UUID.self) else { throw Abort(.notFound, reason: "no form with that id") }
                let reason = try? req.content.decode(Reason.self).reason
                try await RecordControlService(store: req.store).control(control, formID: formID, participantID: record.participantID,
                                                                         reason: reason ?? nil, role: user.role, by: user.auditActor)
                return .noContent
            }
        }
        for (control, summary) in [(RecordControlService.CasebookControl.lock, "Lock the casebook"), (.unlock, "Unlock the casebook, with a reason")] {
            participant.on(.POST, PathComponent(stringLiteral: control.rawValue), access: .roles(.dataManager),
                           docs: RouteDocumentation(summary, request: .json(Reason(reason: "why")), status: .noContent)) { req async throws -> HTTPStatus in
                let user = try req.requireUser()
                let record = try await req.participantFromPath()
                let reason = try? req.content.decode(Reason.self).reason
                try await RecordControlService(store: req.store).control(control, participantID: record.participantID, reason: reason ?? nil,
                                                                         role: user.role, by: user.auditActor)
                return .noContent
            }
        }
        participant.on(.POST, "signature", access: .roles(.investigator),
                       docs: RouteDocumentation("Sign the casebook: re-enter the password; meaning and time are recorded, and any later change voids the signature",
                                                request: .json(Signature(password: "********")), status: .noContent)) { req async throws -> HTTPStatus in
            let user = try req.requireUser()
            let record = try await req.participantFromPath()
            let input = try req.content.decode(Signature.self)
            guard let account = try await req.users.user(id: user.id),
                  try await req.password.async.verify(input.password, created: account.passwordHash) else {
                throw ValidationFailure(field: "password", message: "is not your password: the signature needs it re-entered")
            }
            try await RecordControlService(store: req.store).sign(participantID: record.participantID, role: user.role, by: user.auditActor)
            return .noContent
        }
    }
}
