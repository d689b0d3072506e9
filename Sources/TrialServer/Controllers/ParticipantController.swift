import TrialCore
import TrialStore
import Vapor

/// Participants by study ID, and randomization.
struct ParticipantController: RouteCollection {
    static let readers = AllocationDisclosure.participantReaders
    static let randomizers: AccessPolicy = .roles(.investigator, .coordinator)

    struct ParticipantView: Content {
        var participantID: String
        var siteCode: String
        var enrolledOn: String
        var status: String
        var arm: String?
        var stratum: String?
        var randomizedOn: String?
    }

    static let exampleView = ParticipantView(participantID: "960-0001", siteCode: "960", enrolledOn: "2026-11-25", status: "randomized", arm: "I125", stratum: "lesionCount=6-7", randomizedOn: "2026-11-25")

    static func view(of record: ParticipantRecord) -> ParticipantView {
        ParticipantView(participantID: record.participantID, siteCode: record.siteCode, enrolledOn: record.enrolledOn,
                        status: record.isRandomized ? "randomized" : "enrolled", arm: record.arm, stratum: record.stratum,
                        randomizedOn: record.randomizedOn)
    }

    func boot(routes: any RoutesBuilder) throws {
        let participants = routes.grouped("api", "v1", "participants")
        participants.on(.GET, access: Self.readers,
                        docs: RouteDocumentation("Participants by study ID (filters: id, site, arm)", response: .json([Self.exampleView]), query: ["id", "site", "arm", .limit, .offset]), use: ReadAnswerCache.keeping(list))
        participants.on(.GET, ":participantID", access: Self.readers, docs: RouteDocumentation("One participant", response: .json(Self.exampleView)), use: show)
        participants.on(.POST, ":participantID", "randomization", access: Self.randomizers,
                        docs: RouteDocumentation("Randomize (idempotent: a repeat returns the same allocation with 200); 422 with the reasons when not eligible, not consented or without stratification data",
                                                 response: .json(EnrollmentService.Allocation(participantID: "960-0001", arm: "I125", stratum: "lesionCount=6-7", randomizedOn: "2026-11-25", allocationNumber: 1, newlyAssigned: true)), status: .created,
                                                 alsoAnswers: [.ok, .unprocessableEntity, .conflict]), use: randomize)
        routes.grouped("api", "v1", "randomization").on(.GET, "balance", access: Self.readers,
                                                                   docs: RouteDocumentation("Allocation balance so far: per stratum for the statistician and the DSMB; for others the arms of their own site's participants, overall only", response: .json(RandomizationBalance.example)), use: ReadAnswerCache.keeping(balance))
    }

    func list(_ req: Request) async throws -> [ParticipantView] {
        let page = try req.listPage(defaultLimit: InputLimits.listPageMaximum)
        return try await req.scopedRecords().participants(
            site: req.query[String.self, at: "site"], arm: req.query[String.self, at: "arm"], id: req.query[String.self, at: "id"],
            page: page).map(Self.view(of:))
    }

    func show(_ req: Request) async throws -> ParticipantView {
        Self.view(of: try await req.participantFromPath())
    }

    func randomize(_ req: Request) async throws -> Response {
        let user = try req.requireUser()
        let participant = try await req.participantFromPath()
        let allocation = try await req.enrollment.randomize(participantID: participant.participantID, by: user.auditActor)
        return try await allocation.encodeResponse(status: allocation.newlyAssigned ? .created : .ok, for: req)
    }

    func balance(_ req: Request) async throws -> RandomizationBalance {
        let user = try req.requireUser()
        return try await req.enrollment.balance(role: user.role, scope: user.scope)
    }
}

extension EnrollmentService.Allocation: AsyncResponseEncodable, ResponseEncodable, Content {}
extension RandomizationBalance {
    static let example = RandomizationBalance(
        overall: .init(stratum: "all", counts: ["I125": 1, "SYS": 1], total: 2, imbalance: 0),
        strata: [.init(stratum: "lesionCount=6-7", counts: ["I125": 1, "SYS": 1], total: 2, imbalance: 0)])
}

extension RandomizationBalance: AsyncResponseEncodable, ResponseEncodable, Content {}
