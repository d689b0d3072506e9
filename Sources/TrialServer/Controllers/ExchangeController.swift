import TrialCore
import TrialStore
import Vapor

/// The study in CDISC ODM 1.3.2 for the data manager and the statistician (docs/exchange.md): the store's
/// writer answers, for the reader's own site when their account is bound to one; this route only reads the options.
struct ExchangeController: RouteCollection {
    let study: StudyDefinition

    static let readers: AccessPolicy = .roles(.dataManager, .statistician, confinedToOwnSite: false)
    static let contentType = "application/xml; charset=utf-8"

    func boot(routes: any RoutesBuilder) throws {
        routes.grouped("api", "v1", "export").on(.GET, "odm", access: Self.readers,
            docs: RouteDocumentation("The study as one CDISC ODM 1.3.2 file: metadata, users and sites, and the clinical data with an audit record on every value (metadataOnly=true: the metadata alone; site: one site; history=true: every recorded version, a transactional file)",
                                     response: .plainText(Self.contentType),
                                     query: [.choice("metadataOnly", ["true", "false"]), .choice("site", study.sites.map(\.code)),
                                             .choice("history", ["true", "false"])]),
            use: odm)
    }

    func odm(_ req: Request) async throws -> Response {
        let options = try OperationalDataModelOptions(
            metadataOnly: req.query[String.self, at: "metadataOnly"] == "true", requestedSite: req.query[String.self, at: "site"],
            history: req.query[String.self, at: "history"] == "true", scope: try req.requireUser().scope)
        let document = try await OperationalDataModelWriter(store: req.store, study: study, labels: .pageCatalogues).document(options)
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "application", subType: "xml", parameters: ["charset": "utf-8"])
        headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"\(study.protocolId)-odm.xml\"")
        return Response(status: .ok, headers: headers, body: .init(string: document))
    }
}
