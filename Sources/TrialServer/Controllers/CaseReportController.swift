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
        // One route per form kind, so that the API's document gives each its exact schema; the paths are the
        // same as a `{form}` parameter would make them.
        for kind in CaseReportEntry.recordedKinds {
            let form = PathComponent(stringLiteral: kind.rawValue)
            let formSchema = OpenAPIDocument.requestSchema(of: CaseReportFormExamples.type(of: kind), example: CaseReportFormExamples.json(kind))
            participant.on(.POST, "forms", form, access: Self.siteStaff,
                           docs: RouteDocumentation(
                            "Save a \(kind.rawValue) form; 422 lists every hard-rule error, soft findings come back as queries to raise",
                            request: .decodes(CaseReportFormExamples.type(of: kind), example: CaseReportFormExamples.json(kind)),
                            response: .json(Self.exampleOutcome), status: .created, alsoAnswers: [.conflict])) { req in try await save(req, kind: kind) }
            participant.on(.PUT, "forms", form, ":formID", access: Self.siteStaff,
                           docs: RouteDocumentation(
                            "Correct a saved \(kind.rawValue) form: the corrected form, why, and the version it was made from; 409 when it changed since",
                            request: .schema(JSONSchemaValue(Self.correctionSchema(form: formSchema))),
                            response: .json(Self.exampleOutcome), alsoAnswers: [.conflict])) { req in try await correct(req, kind: kind) }
        }
        participant.on(.GET, "casebook", access: ParticipantController.readers,
                       docs: RouteDocumentation("The participant's casebook: every form with its version, the visit schedule and the edit-check findings",
                                                response: .json(["participantID": "960-0001"])), use: casebook)
    }

    func save(_ req: Request, kind: CaseReportForm) async throws -> Response {
        let user = try req.requireUser()
        let participant = try await req.participantFromPath()
        let entry = try CaseReportEntry.decode(kind: kind, json: try bodyData(req))
        let outcome = try await req.caseReports.save(entry, participantID: participant.participantID, by: user.auditActor)
        return try await outcome.encodeResponse(status: .created, for: req)
    }

    func correct(_ req: Request, kind: CaseReportForm) async throws -> CaseReportService.SaveOutcome {
        let user = try req.requireUser()
        let participant = try await req.participantFromPath()
        guard let formID = req.parameters.get("formID", as: UUID.self) else { throw Abort(.notFound, reason: "no form with that id") }
        let body = try JSONInput.normalized(try bodyData(req))
        let object = try JSONInput.object(body)
        guard let value = object["form"] else { throw ValidationFailure(field: "form", message: "is required: the corrected form") }
        guard let form = value as? [String: Any] else { throw ValidationFailure(field: "form", message: "must be a JSON object: the corrected form") }
        let envelope: CorrectionEnvelope
        do {
            envelope = try JSONDecoder().decode(CorrectionEnvelope.self, from: body)
        } catch let error as DecodingError {
            throw ValidationFailure([FieldError(decodingError: error)])
        }
        let entry = try CaseReportEntry.decode(kind: kind, json: try JSONSerialization.data(withJSONObject: form))
        return try await req.caseReports.correct(formID: formID, participantID: participant.participantID, entry,
                                                 reason: envelope.reason, expectedVersion: envelope.version, by: user.auditActor)
    }

    func casebook(_ req: Request) async throws -> Response {
        // The participant's site and the reader's role are checked before the cache is asked.
        var participant = try await req.participantFromPath()
        let service = req.caseReports
        var headers = HTTPHeaders()
        headers.contentType = .json
        let cache = req.application.casebookAnswerCache
        let today = service.today
        // With an answer kept: one statement reads the head and the participant's data version (CasebookAnswerCache
        // says why both).
        if let cache, let formIDs = cache.keptFormIDs(participantID: participant.participantID) {
            let version = try await CasebookDataVersion.read(participant: participant, formIDs: formIDs, on: req.store.database)
            if let body = cache.answer(participantID: participant.participantID, version: version, day: today) {
                return Response(status: .ok, headers: headers, body: .init(data: body))
            }
        } else {
            cache?.countComputed()
        }
        // The forms are read once, with their versions and the data version in one read transaction: for the answer
        // and for the casebook the checks and the schedule read.
        guard let snapshot = try await CasebookSnapshot.read(participantID: participant.participantID, store: req.store) else {
            throw Abort(.notFound, reason: "no participant with that study ID")
        }
        participant = snapshot.participant
        let (records, versions, history) = (snapshot.records, snapshot.versions, snapshot.history)
        let casebook = try CaseReportService.casebook(of: participant, records: records)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Members in key order; a stored form's JSON goes out as stored, not parsed and written again.
        var body = JSONObjectWriter()
        body.string("arm", participant.arm)
        body.raw("findings", try encoder.encode(EditChecks.run(on: casebook, study: service.study)))
        body.objects("forms", records) { form, record in
            if let computed = record.computedJSON { form.raw("computedResponse", computed.utf8) }
            form.string("createdAt", record.createdAt)
            form.raw("data", record.payloadJSON.utf8)
            form.string("form", record.form)
            form.string("id", record.auditEntityID)
            if let lockedBy = record.lockedBy { form.string("lockedBy", lockedBy) }
            if let verifiedBy = record.verifiedBy { form.string("verifiedBy", verifiedBy) }
            form.integer("version", versions[record.auditEntityID] ?? 0)
        }
        body.string("participantID", participant.participantID)
        body.string("randomizedOn", participant.randomizedOn)
        if casebook.randomizationDate != nil {
            let schedule = history.flatMap { ParticipantVisitSchedule(casebook: casebook, history: $0, today: today) }
                ?? ParticipantVisitSchedule(casebook: casebook, study: service.study, today: today)
            body.raw("schedule", try encoder.encode(schedule))
        }
        body.string("siteCode", participant.siteCode)
        let answer = Data(body.finished)
        cache?.keep(answer, participantID: participant.participantID, version: snapshot.dataVersion,
                    formIDs: records.map(\.auditEntityID), day: today)
        return Response(status: .ok, headers: headers, body: .init(data: answer))
    }

    /// What a correction says beside the form: why, and the version it was made from.
    struct CorrectionEnvelope: Decodable {
        var reason: String?
        var version: Int64
    }

    /// A correction's body: the whole corrected form, the reason for the change (audit trail) and the
    /// version the site saw (a stale one is refused with 409).
    static func correctionSchema(form: [String: Any]) -> [String: Any] {
        ["type": "object", "required": ["form", "reason", "version"],
         "properties": ["form": form, "reason": ["type": "string", "minLength": 1, "pattern": "\\S"], "version": ["type": "integer", "minimum": 1, "maximum": Int(Int32.max)]]]
    }

    static let exampleOutcome = CaseReportService.SaveOutcome(
        id: UUID(), form: .baseline, version: 12, softFindings: [FieldError(field: "date", message: "outside the visit window")],
        newFindings: [EditCheckFinding(check: .assessmentOutsideWindow, form: .tumourAssessment, recordId: "id", field: "date", message: "why")])

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
