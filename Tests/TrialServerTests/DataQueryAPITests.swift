import FluentKit
import Foundation
import Testing
import TrialCore
@testable import TrialServer
import TrialStore
import Vapor
import VaporTesting

@Suite struct DataQueryAPITests {
    /// A monitor raises a query, the coordinator answers, the monitor re-opens and closes it; every step is
    /// audited and the wrong role is refused.
    @Test func a_query_goes_from_monitor_to_site_and_back() async throws {
        try await TestServer.run { server in
            let tester = try server.app.testing()
            var site = try await server.bearer(for: .coordinator)
            site.contentType = .json
            var monitor = try await server.bearer(for: .monitor)
            monitor.contentType = .json
            let participant = try await server.enrollThroughAPI()

            let raised = try await tester.sendRequest(.POST, "/api/v1/participants/\(participant)/queries", headers: monitor,
                                                      body: ByteBuffer(string: #"{"field":"values.ecog","text":"ECOG 1 but the clinic note says 2: please check"}"#))
            #expect(raised.status == .created)
            let query = try raised.content.decode(DataQueryController.QueryView.self)
            #expect(query.status == "open")

            let wrongRole = try await tester.sendRequest(.POST, "/api/v1/queries/\(query.id)/close", headers: site, body: ByteBuffer(string: "{}"))
            #expect(wrongRole.status == .forbidden)
            let emptyAnswer = try await tester.sendRequest(.POST, "/api/v1/queries/\(query.id)/answer", headers: site, body: ByteBuffer(string: #"{"text":" "}"#))
            #expect(emptyAnswer.status == .unprocessableEntity)
            let answered = try await tester.sendRequest(.POST, "/api/v1/queries/\(query.id)/answer", headers: site,
                                                        body: ByteBuffer(string: #"{"text":"Confirmed ECOG 1 in the source"}"#))
            #expect(try answered.content.decode(DataQueryController.QueryView.self).status == "answered")
            let reopened = try await tester.sendRequest(.POST, "/api/v1/queries/\(query.id)/reopen", headers: monitor,
                                                        body: ByteBuffer(string: #"{"text":"Please attach the clinic note"}"#))
            #expect(try reopened.content.decode(DataQueryController.QueryView.self).status == "open")
            let closed = try await tester.sendRequest(.POST, "/api/v1/queries/\(query.id)/close", headers: monitor, body: ByteBuffer(string: "{}"))
            #expect(try closed.content.decode(DataQueryController.QueryView.self).status == "closed")

            let inbox = try await tester.sendRequest(.GET, "/api/v1/queries?status=closed", headers: site)
            #expect(try inbox.content.decode([DataQueryController.QueryView].self).count == 1)
            let steps = try await AuditEventRecord.query(on: server.app.db).filter(\.$entityType == "query").sort(\.$id).all().map(\.action)
            #expect(steps == ["raise-query", "answer-query", "reopen-query", "close-query"])
            #expect(try await AuditVerifier(database: server.app.db).verify().isIntact)
        }
    }
}
