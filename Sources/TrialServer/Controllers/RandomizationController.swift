import TrialCore
import TrialStore
import Vapor

/// The allocation lists and their seed, for the trial statistician alone (concealment: nobody else sees
/// a future slot). Everyone else sees past allocations only, through the participants and the balance.
struct RandomizationController: RouteCollection {
    struct AllocationLists: Content {
        struct Slot: Content {
            var stratum: String
            var slot: Int
            var block: Int
            var blockSize: Int
            var arm: String
            var participantID: String?
        }

        var listVersion: Int
        var scheme: String
        var seedHex: String
        var listsSHA256: String
        var createdAt: String
        var slots: [Slot]
    }

    /// An administrator's extension of the lists (a stratum fills faster than planned).
    struct ListExtensionRequest: Content {
        /// Slots each stratum's list must reach; more than it holds now.
        var length: Int
        var reason: NonBlankText
    }

    func boot(routes: any RoutesBuilder) throws {
        routes.grouped("api", "v1", "randomization").on(.POST, "allocation-lists", "extension", access: .roles(.administrator),
                                                               docs: RouteDocumentation("Extend every stratum's allocation list from the same seed, continuing its blocks; the new lists' SHA-256 is published in the audit chain (no arm is answered)",
                                                                                        request: .json(ListExtensionRequest(length: 240, reason: NonBlankText("stratum 8-10 fills faster than planned"))),
                                                                                        response: .json(EnrollmentService.ListExtension(length: 240, slotsAdded: ["lesionCount=6-7": 120], listsSHA256: "hex"))),
                                                               use: extendLists)
        routes.grouped("api", "v1", "randomization").on(.GET, "allocation-lists", access: .roles(.statistician, confinedToOwnSite: false),
                                                               docs: RouteDocumentation("The seed and every allocation slot (statistician only)", response: .json(AllocationLists(listVersion: 1, scheme: "permutedBlocks", seedHex: "hex", listsSHA256: "hex", createdAt: "2026-11-25T20:00:00.000Z", slots: [.init(stratum: "lesionCount=6-7", slot: 1, block: 1, blockSize: 4, arm: "I125", participantID: "960-0001")]))), use: allocationLists)
    }

    func extendLists(_ req: Request) async throws -> EnrollmentService.ListExtension {
        let user = try req.requireUser()
        let input = try req.content.decode(ListExtensionRequest.self)
        return try await req.enrollment.extendAllocationLists(to: input.length, reason: input.reason.text, by: user.auditActor)
    }

    func allocationLists(_ req: Request) async throws -> AllocationLists {
        let verifier = RandomizationVerifier(store: req.store, study: req.trialContext.study, auditKey: req.trialContext.settings.auditKey)
        guard let (setup, slots) = try await verifier.allocationList() else {
            throw Abort(.notFound, reason: "randomization has not been activated")
        }
        return AllocationLists(
            listVersion: setup.listVersion, scheme: setup.scheme, seedHex: Self.seedText(setup.seedHex, key: req.trialContext.settings.auditKey), listsSHA256: setup.listsSHA256,
            createdAt: setup.createdAt,
            slots: slots.map { .init(stratum: $0.stratum, slot: $0.slotNumber, block: $0.blockNumber, blockSize: $0.blockSize,
                                     arm: $0.arm, participantID: $0.participantID) })
    }

    /// The seed as the statistician reads it: unsealed with the server's audit key, or said to be sealed.
    static func seedText(_ stored: String, key: AuditSigningKey?) -> String {
        guard RandomizationSeedSealing.isSealed(stored) else { return stored }
        return (try? RandomizationSeedSealing.seed(from: stored, key: key).hex) ?? "sealed with the audit key (not configured on this server)"
    }
}

extension EnrollmentService.ListExtension: Content {}
