import FluentKit
import Foundation
import TrialCore
import TrialStore
import Vapor

/// Case report forms of a participant: save, correct (reason and version), and the whole casebook with its
/// visit schedule and open edit-check findings.
struct CaseReportController: RouteCollection {
    static let siteStaff: AccessPolicy = .roles(.investigator, .coordinator)

    func boot(routes: any RoutesBuilder) throws {
        let participant = routes.grouped("api", "v1", "participants", ":participantID")
        participant.on(.POST, "forms", ":form", access: Self.siteStaff,
                       docs: RouteDocumentation(
                        "Save a case report form (form: \(CaseReportEntry.recordedKinds.map(\.rawValue).joined(separator: ", "))); 422 lists every hard-rule error, soft findings come back as queries to raise",
                        request: .json(["date": "2026-11-25"]), response: .json(Self.exampleOutcome), status: .created)) { req async throws -> Response in
            let user = try req.requireUser()
            let participant = try await req.participantFromPath()
            let kind = try formKind(req)
            let body = try bodyData(req)
            let entry = try CaseReportEntry.decode(kind: kind, json: body)
            let outcome = try await req.caseReports.save(entry, participantID: participant.participantID, by: user.auditActor)
            return try await outcome.encodeResponse(status: .created, for: req)
        }
        participant.on(.PUT, "forms", ":form", ":formID", access: Self.siteStaff,
                       docs: RouteDocumentation(
                        "Correct a saved form: {\"form\": {...}, \"reason\": \"...\", \"version\": N}; 409 when it changed since version N",
                        request: .json(["reason": "why", "version": "12"]), response: .json(Self.exampleOutcome))) { req async throws -> CaseReportService.SaveOutcome in
            let user = try req.requireUser()
            let participant = try await req.participantFromPath()
            let kind = try formKind(req)
            guard let formID = req.parameters.get("formID", as: UUID.self) else { throw Abort(.notFound, reason: "no form with that id") }
            let object = try JSONInput.object(try bodyData(req))
            guard let form = object["form"] else { throw ValidationFailure(field: "form", message: "is required: the corrected form") }
            let version = (object["version"] as? NSNumber)?.int64Value
            guard let version else { throw ValidationFailure(field: "version", message: "is required: the version the correction was made from") }
            let entry = try CaseReportEntry.decode(kind: kind, json: try JSONSerialization.data(withJSONObject: form))
            return try await req.caseReports.correct(formID: formID, participantID: participant.participantID, entry,
                                                     reason: object["reason"] as? String, expectedVersion: version, by: user.auditActor)
        }
        participant.on(.GET, "casebook", access: ParticipantController.readers,
                       docs: RouteDocumentation("The participant's casebook: every form with its version, the visit schedule and the edit-check findings",
                                                response: .json(["participantID": "960-0001"]))) { req async throws -> Response in
            let participant = try await req.participantFromPath()
            let service = req.caseReports
            let (_, casebook) = try await service.casebook(participantID: participant.participantID)
            let records = try await CaseReportFormRecord.query(on: req.db).filter(\.$participantID == participant.participantID)
                .sort(\.$createdAt).all()
            var forms: [[String: Any]] = []
            for record in records {
                var form: [String: Any] = [
                    "id": record.auditEntityID, "form": record.form, "createdAt": record.createdAt,
                    "version": try await req.store.version(of: record),
                    "data": try JSONSerialization.jsonObject(with: Data(record.payloadJSON.utf8)),
                ]
                if let computed = record.computedJSON {
                    form["computedResponse"] = try JSONSerialization.jsonObject(with: Data(computed.utf8))
                }
                form["verifiedBy"] = record.verifiedBy
                form["lockedBy"] = record.lockedBy
                forms.append(form)
            }
            let today = CalendarDate(localDayOf: Date(), in: service.timeZone)
            let encoder = JSONEncoder()
            let findings = try JSONSerialization.jsonObject(with: encoder.encode(EditChecks.run(on: casebook, study: service.study)))
            var body: [String: Any] = [
                "participantID": participant.participantID, "siteCode": participant.siteCode,
                "arm": participant.arm as Any, "randomizedOn": participant.randomizedOn as Any,
                "forms": forms, "findings": findings,
            ]
            if casebook.randomizationDate != nil {
                let schedule = ParticipantVisitSchedule(casebook: casebook, study: service.study, today: today)
                body["schedule"] = try JSONSerialization.jsonObject(with: encoder.encode(schedule))
            }
            let data = try JSONSerialization.data(withJSONObject: body, options: [.sortedKeys, .withoutEscapingSlashes])
            var headers = HTTPHeaders()
            headers.contentType = .json
            return Response(status: .ok, headers: headers, body: .init(data: data))
        }
    }

    static let exampleOutcome = CaseReportService.SaveOutcome(
        id: UUID(), form: .baseline, version: 12, softFindings: [FieldError(field: "date", message: "outside the visit window")],
        newFindings: [EditCheckFinding(check: .assessmentOutsideWindow, form: .tumourAssessment, recordId: "id", field: "date", message: "why")])

    private func formKind(_ req: Request) throws -> CaseReportForm {
        guard let text = req.parameters.get("form"), let kind = CaseReportForm(rawValue: text),
              CaseReportEntry.recordedKinds.contains(kind) else {
            throw Abort(.notFound, reason: "no such form; forms: \(CaseReportEntry.recordedKinds.map(\.rawValue).joined(separator: ", "))")
        }
        return kind
    }

    private func bodyData(_ req: Request) throws -> Data {
        guard let buffer = req.body.data, buffer.readableBytes > 0 else {
            throw ValidationFailure(field: "(body)", message: "is empty: send the form as JSON")
        }
        return Data(buffer.readableBytesView)
    }
}

extension CaseReportService.SaveOutcome: AsyncResponseEncodable, ResponseEncodable, Content {}

extension Request {
    var caseReports: CaseReportService {
        CaseReportService(store: store, study: trialContext.study, dictionary: trialContext.ctcae)
    }
}
