import Foundation
import Testing
import TrialCore
@testable import TrialServer
import TrialStore
import Vapor
import VaporTesting

@Suite struct CaseReportAPITests {
    @Test func a_form_with_a_malformed_field_is_refused_naming_it_and_an_unknown_form_is_404() async throws {
        try await TestServer.run { server in
            let tester = try server.app.testing()
            var headers = try await server.bearer(for: .coordinator)
            headers.contentType = .json
            let participant = try await server.enrollThroughAPI()
            let bad = try await tester.sendRequest(.POST, "/api/v1/participants/\(participant)/forms/followUp", headers: headers,
                                                   body: ByteBuffer(string: #"{"date":"not a date","status":"alive","lastKnownAliveDate":"2026-01-01"}"#))
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.string.contains("\"date\""))
            let unknown = try await tester.sendRequest(.POST, "/api/v1/participants/\(participant)/forms/horoscope", headers: headers,
                                                       body: ByteBuffer(string: "{}"))
            #expect(unknown.status == .notFound)
            let casebook = try await tester.sendRequest(.GET, "/api/v1/participants/\(participant)/casebook", headers: headers)
            #expect(casebook.status == .ok)
            #expect(casebook.body.string.contains("\"forms\":[]"))
        }
    }
}
