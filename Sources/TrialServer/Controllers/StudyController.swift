import TrialCore
import TrialStore
import TrialStudyFile
import Vapor

/// The study in force, as JSON (every signed-in role reads the protocol's rules); its versions and
/// amendments for the administrator.
struct StudyController: RouteCollection {
    /// The study in force, also the example from which the document derives the schema.
    let study: StudyDefinition

    /// A whole study file in a JSON body: longer than other text fields, with its own bound.
    struct StudyFileText: DescribedText {
        var text: String
        init(_ text: String) { self.text = text }
        static var jsonSchema: [String: Any] {
            ["type": "string", "minLength": 1, "maxLength": InputLimits.studyFileCharacters]
        }
    }

    /// An amendment as the API receives it.
    struct AmendmentRequest: Content {
        /// The amended study definition file (YAML), as `trialdesk study amend` reads it.
        var studyFile: StudyFileText
        var reason: NonBlankText
        /// Check and describe the amendment without installing it.
        var dryRun: Bool?
    }

    struct VersionList: Content {
        var versions: [StudyRepository.VersionSummary]
    }

    struct AmendmentResult: Content {
        var dryRun: Bool
        var version: String
        var effectiveOn: CalendarDate
        /// The version's number in this study (nil for a dry run).
        var ordinal: Int?
        var changes: StudyAmendmentDiff
        var scheduleMoves: [ScheduleMove]
    }

    func boot(routes: any RoutesBuilder) throws {
        let api = routes.grouped("api", "v1")
        api.on(.GET, "study", access: .anySignedIn,
               docs: RouteDocumentation("The study definition in force (arms, strata, eligibility, schedule, endpoints)", response: .json(study)), use: study)
        let example = StudyRepository.VersionSummary(ordinal: 1, version: study.version, effectiveOn: CalendarDate(year: 2026, month: 1, day: 5)!,
                                                     installedAt: "2026-01-05T08:00:00Z", installedBy: "trialdesk",
                                                     reason: "installed at first start from default study", definitionSHA256: String(repeating: "0", count: 64))
        api.on(.GET, "study", "versions", access: .roles(.administrator),
               docs: RouteDocumentation("Every version of the study definition, oldest first, with who installed it, when, from which date it is in force, and why",
                                        response: .json(VersionList(versions: [example]))), use: versions)
        var amended = study
        amended.version = "1.1"
        amended.targetEnrollment += 40
        let result = AmendmentResult(dryRun: true, version: "1.1", effectiveOn: CalendarDate(year: 2026, month: 6, day: 1)!, ordinal: nil,
                                     changes: StudyAmendmentDiff(from: study, to: amended),
                                     scheduleMoves: [ScheduleMove(participantID: "960-0001", changes: ["IMG12 added, due 2027-01-05"])])
        api.on(.POST, "study", "amendments", access: .roles(.administrator),
               docs: RouteDocumentation("Check a new version of the study definition against the running trial and install it beside the earlier ones (dryRun: only describe the changes and the schedules that would move)",
                                        request: .json(AmendmentRequest(studyFile: StudyFileText("protocolId: ...\nversion: \"1.1\"\n"), reason: NonBlankText("adds the 12-month scan"), dryRun: true)),
                                        response: .json(result), alsoAnswers: [.conflict]), use: amend)
    }

    func study(_ req: Request) async throws -> Response {
        guard let study = try await StudyRepository(store: req.store).current() else {
            throw Abort(.notFound, reason: "no study is installed yet")
        }
        let response = Response(status: .ok)
        try response.content.encode(study.definition, using: JSONEncoder())
        return response
    }

    func versions(_ req: Request) async throws -> VersionList {
        VersionList(versions: try await StudyRepository(store: req.store).versions())
    }

    func amend(_ req: Request) async throws -> AmendmentResult {
        let user = try req.requireUser()
        guard let buffer = req.body.data, buffer.readableBytes > 0 else {
            throw ValidationFailure(field: "(body)", message: "is empty: send the amendment as JSON")
        }
        let body = try JSONInput.normalized(Data(buffer.readableBytesView), longText: ["studyFile": InputLimits.studyFileCharacters])
        let input: AmendmentRequest
        do {
            input = try JSONDecoder().decode(AmendmentRequest.self, from: body)
        } catch let error as DecodingError {
            throw ValidationFailure([FieldError(decodingError: error)])
        }
        let dryRun = input.dryRun ?? false
        let outcome: StudyRepository.AmendmentOutcome
        do {
            outcome = try await StudyRepository(store: req.store)
                .amend(yaml: input.studyFile.text, source: "studyFile", reason: input.reason.text, by: user.auditActor, dryRun: dryRun,
                       auditKey: req.trialContext.settings.auditKey)
        } catch let error as StudyDefinitionFileError {
            // Every problem with its line in the file, as `study check` and `study amend` print them.
            throw ValidationFailure(error.problems.map { problem in
                FieldError(field: "studyFile.\(problem.field)", message: problem.fieldError.message)
            })
        }
        if !dryRun { req.trialContext.replaceStudy(with: outcome.definition) }
        return AmendmentResult(dryRun: dryRun, version: outcome.definition.version, effectiveOn: outcome.effectiveOn,
                               ordinal: outcome.installed?.ordinal, changes: outcome.diff, scheduleMoves: outcome.scheduleMoves)
    }
}
