import TrialCore
import TrialStore
import Vapor

/// The screening log: patients assessed for eligibility, their consent, and enrollment as participants.
struct ScreeningController: RouteCollection {
    static let siteStaff: AccessPolicy = .roles(.investigator, .coordinator)
    static let readers: AccessPolicy = .roles(.administrator, .investigator, .coordinator, .monitor, .dataManager)

    struct ScreeningView: Content {
        var id: UUID
        var screeningNumber: String
        var siteCode: String
        var screeningDate: String
        var values: [String: ScreeningValue]
        var answers: [String: CriterionAnswer]
        var verdict: String
        var failedCriteria: [FieldError]
        var unansweredCriteria: [String]
        var consent: ConsentRecord?
        var participantID: String?
        /// Send it back with a correction: an edit from a stale copy is refused with 409.
        var version: Int64
    }

    static let exampleView = ScreeningView(
        id: UUID(), screeningNumber: "S960-0001", siteCode: "960", screeningDate: "2026-11-25",
        values: ["age": .number(61), "sex": .category("female")], answers: ["I02": .yes],
        verdict: "eligible", failedCriteria: [FieldError(field: "I03", message: "why")], unansweredCriteria: ["I05"],
        consent: ConsentRecord(date: CalendarDate(daysSinceEpoch: 20_000), formVersion: "2.1", obtainedBy: "Dr Li"), participantID: "960-0001",
        version: 12)

    struct Correction: Content {
        var screening: ScreeningSubmission
        var reason: String?
        var version: Int64
    }

    struct ConsentInput: Content {
        var date: CalendarDate
        var formVersion: String
        var obtainedBy: String
        var reason: String?
    }

    func boot(routes: any RoutesBuilder) throws {
        let screenings = routes.grouped("api", "v1", "screenings")
        screenings.on(.GET, access: Self.readers, docs: RouteDocumentation("The screening log (a site-bound user sees its own site)", response: .json([Self.exampleView]),
                                                                      query: [.limit, .offset]), use: ReadAnswerCache.keeping(list))
        screenings.on(.POST, access: Self.siteStaff,
                      docs: RouteDocumentation("Record a patient assessed for eligibility; the eligibility verdict and failed criteria come back", request: .json(Self.exampleSubmission), response: .json(Self.exampleView), status: .created), use: screen)
        screenings.on(.GET, ":screeningID", access: Self.readers, docs: RouteDocumentation("One screening entry", response: .json(Self.exampleView)), use: show)
        screenings.on(.PUT, ":screeningID", access: Self.siteStaff,
                      docs: RouteDocumentation("Correct a screening entry (reason required)", request: .json(Correction(screening: Self.exampleSubmission, reason: "why", version: 12)), response: .json(Self.exampleView), alsoAnswers: [.conflict]), use: correct)
        screenings.on(.POST, ":screeningID", "consent", access: Self.siteStaff,
                      docs: RouteDocumentation("Record informed consent (a correction needs a reason)", request: .json(ConsentInput(date: CalendarDate(daysSinceEpoch: 20_000), formVersion: "2.1", obtainedBy: "Dr Li", reason: "why")), response: .json(Self.exampleView), alsoAnswers: [.conflict]), use: recordConsent)
        screenings.on(.POST, ":screeningID", "enrollment", access: Self.siteStaff,
                      docs: RouteDocumentation("Make an eligible, consented patient a participant (960-0001)", response: .json(ParticipantController.exampleView), status: .created,
                                               alsoAnswers: [.unprocessableEntity, .conflict]), use: enroll)
    }

    func list(_ req: Request) async throws -> [ScreeningView] {
        let user = try req.requireUser()
        let page = try req.listPage(defaultLimit: InputLimits.listPageMaximum)
        let records = try await req.scopedRecords().screenings(page: page)
        let versions = try await req.store.versions(of: records)
        return try records.map { try view(of: $0, req, version: versions[$0.auditEntityID] ?? 0) }
    }

    func screen(_ req: Request) async throws -> Response {
        let user = try req.requireUser()
        let submission = try req.content.decode(ScreeningSubmission.self)
        try req.requireAccess(toSite: submission.siteCode)
        let record = try await req.enrollment.screen(submission, by: user.auditActor)
        return try await view(of: record, req).encodeResponse(status: .created, for: req)
    }

    func show(_ req: Request) async throws -> ScreeningView {
        try await view(of: try await load(req), req)
    }

    func correct(_ req: Request) async throws -> ScreeningView {
        let user = try req.requireUser()
        let record = try await load(req)
        let correction = try req.content.decode(Correction.self)
        let saved = try await req.enrollment.correctScreening(id: try record.requireID(), correction.screening,
                                                              reason: correction.reason, expectedVersion: correction.version,
                                                              by: user.auditActor)
        return try await view(of: saved, req)
    }

    func recordConsent(_ req: Request) async throws -> ScreeningView {
        let user = try req.requireUser()
        let record = try await load(req)
        let input = try req.content.decode(ConsentInput.self)
        let saved = try await req.enrollment.recordConsent(
            screeningID: try record.requireID(),
            ConsentRecord(date: input.date, formVersion: input.formVersion, obtainedBy: input.obtainedBy),
            reason: input.reason, by: user.auditActor)
        return try await view(of: saved, req)
    }

    func enroll(_ req: Request) async throws -> Response {
        let user = try req.requireUser()
        let record = try await load(req)
        let participant = try await req.enrollment.enroll(screeningID: try record.requireID(), by: user.auditActor)
        return try await ParticipantController.view(of: participant).encodeResponse(status: .created, for: req)
    }

    static let exampleSubmission = ScreeningSubmission(
        siteCode: "960", screeningDate: CalendarDate(daysSinceEpoch: 20_000),
        values: ["age": .number(61), "sex": .category("female"), "metastaticLesionCount": .number(7)],
        answers: ["I02": .yes, "E01": .no])

    private func load(_ req: Request) async throws -> ScreeningRecord {
        try await req.screeningFromPath()
    }

    private func view(of record: ScreeningRecord, _ req: Request) async throws -> ScreeningView {
        try view(of: record, req, version: try await req.store.version(of: record))
    }

    private func view(of record: ScreeningRecord, _ req: Request, version: Int64) throws -> ScreeningView {
        let submission = try req.enrollment.submission(of: record)
        let readiness = req.enrollment.readiness(of: record, submission: submission)
        return ScreeningView(
            id: try record.requireID(), screeningNumber: record.screeningNumber, siteCode: record.siteCode,
            screeningDate: record.screeningDate, values: submission.values, answers: submission.answers,
            verdict: readiness.eligibility.verdict.rawValue,
            failedCriteria: readiness.eligibility.failedCriteria.map { FieldError(field: $0.id, message: $0.reason ?? "not met") },
            unansweredCriteria: readiness.eligibility.unansweredCriteria.map(\.id),
            consent: readiness.consent, participantID: record.participantID, version: version)
    }
}
