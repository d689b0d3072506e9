import Foundation
import Testing
@testable import TrialServer
import TrialStore
import Vapor
import VaporTesting

@Suite("GET /api/v1/export/odm")
struct ExchangeAPITests {
    @Test func the_data_manager_and_the_statistician_read_the_study_as_odm_and_nobody_else_does() async throws {
        try await TestServer.run { server in
            let tester = try server.app.testing()
            let participantID = try await server.enrollThroughAPI()
            let dataManager = try await server.bearer(for: .dataManager)
            let full = try await tester.sendRequest(.GET, "/api/v1/export/odm?history=true", headers: dataManager)
            #expect(full.status == .ok)
            #expect(full.headers.contentType?.description.hasPrefix("application/xml") == true)
            let text = full.body.string
            #expect(text.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"))
            #expect(text.contains("ODMVersion=\"1.3.2\""))
            #expect(text.contains("FileType=\"Transactional\""))
            #expect(text.contains("<SubjectData SubjectKey=\"\(participantID)\""))
            // The page catalogue's Chinese labels.
            #expect(text.contains("<TranslatedText xml:lang=\"zh\">基线</TranslatedText>"), "the baseline form's Chinese name")

            let metadata = try await tester.sendRequest(.GET, "/api/v1/export/odm?metadataOnly=true", headers: try await server.bearer(for: .statistician))
            #expect(metadata.status == .ok)
            #expect(!metadata.body.string.contains("<ClinicalData"))

            #expect(try await tester.sendRequest(.GET, "/api/v1/export/odm", headers: try await server.bearer(for: .coordinator)).status == .forbidden)
            #expect(try await tester.sendRequest(.GET, "/api/v1/export/odm").status == .unauthorized)
            #expect(try await tester.sendRequest(.GET, "/api/v1/export/odm?site=999", headers: dataManager).status == .unprocessableEntity)
            // A data manager bound to site 960 reads that site's file.
            #expect(text.contains("<SiteRef LocationOID=\"LOC.960\"/>"))
            #expect(try await tester.sendRequest(.GET, "/api/v1/export/odm?site=960", headers: dataManager).status == .ok)
        }
    }
}
