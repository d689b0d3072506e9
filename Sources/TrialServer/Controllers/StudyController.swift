import TrialCore
import TrialStore
import Vapor

/// The study in force, as JSON (every signed-in role reads the protocol's rules).
struct StudyController: RouteCollection {
    /// The study in force, also the example from which the document derives the schema.
    let study: StudyDefinition

    func boot(routes: any RoutesBuilder) throws {
        routes.grouped("api", "v1").on(.GET, "study", access: .anySignedIn,
                                      docs: RouteDocumentation("The study definition in force (arms, strata, eligibility, schedule, endpoints)", response: .json(study)), use: study)
    }

    func study(_ req: Request) async throws -> Response {
        guard let study = try await StudyRepository(store: req.store).current() else {
            throw Abort(.notFound, reason: "no study is installed yet")
        }
        let response = Response(status: .ok)
        try response.content.encode(study.definition, using: JSONEncoder())
        return response
    }
}
