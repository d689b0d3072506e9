import Vapor

struct HealthController: RouteCollection {
    struct Health: Content {
        var status: String
        var study: String
        var protocolID: String
        var database: String
        /// "signed": an audit key signs checkpoints of the chain; "unsigned": none is configured.
        var auditChain: String
    }

    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, "health", access: .anonymous,
                  docs: RouteDocumentation("Liveness and the study in force", response: .json(Health(status: "ok", study: "title", protocolID: "I125-MULTIMET-P2", database: "sqlite", auditChain: "signed"))), use: health)
    }

    func health(_ req: Request) async throws -> Health {
        // A trivial query proves the database answers, not only that the process is alive.
        _ = try await req.store.chainHead()
        let context = req.trialContext
        return Health(status: "ok", study: context.studyTitle, protocolID: context.protocolID,
                      database: context.settings.database.kind, auditChain: context.settings.auditKey == nil ? "unsigned" : "signed")
    }
}
