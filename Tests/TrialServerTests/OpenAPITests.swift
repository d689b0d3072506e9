import Foundation
import Testing
import TrialCore
@testable import TrialServer
import Vapor
import VaporTesting

@Suite struct OpenAPITests {
    @Test func every_registered_route_is_described_in_the_openapi_document() async throws {
        try await TestServer.run { server in
            let response = try await server.app.testing().sendRequest(.GET, "/openapi.json")
            #expect(response.status == .ok)
            let document = try #require(try JSONSerialization.jsonObject(with: Data(response.body.string.utf8)) as? [String: Any])
            #expect(document["openapi"] as? String == "3.1.0")
            let paths = try #require(document["paths"] as? [String: [String: Any]])
            for route in server.app.routes.all {
                let path = OpenAPIDocument.openAPIPath(route.path)
                let operation = paths[path]?[route.method.rawValue.lowercased()] as? [String: Any]
                #expect(operation != nil, "\(route.method) \(path) is missing from the document")
                #expect((operation?["summary"] as? String)?.isEmpty == false, "\(route.method) \(path) has no summary")
                #expect(operation?["responses"] != nil)
            }
        }
    }

    @Test func bodies_and_errors_are_described_from_the_wire_types() async throws {
        try await TestServer.run { server in
            let response = try await server.app.testing().sendRequest(.GET, "/openapi.json")
            let document = try #require(try JSONSerialization.jsonObject(with: Data(response.body.string.utf8)) as? [String: Any])
            let paths = try #require(document["paths"] as? [String: [String: Any]])
            let screen = try #require(paths["/api/v1/screenings"]?["post"] as? [String: Any])
            let body = try #require(((screen["requestBody"] as? [String: Any])?["content"] as? [String: Any])?["application/json"] as? [String: Any])
            let schema = try #require(body["schema"] as? [String: Any])
            let properties = try #require(schema["properties"] as? [String: Any])
            #expect(Set(properties.keys).isSuperset(of: ["siteCode", "screeningDate", "values", "answers"]))
            let responses = try #require(screen["responses"] as? [String: Any])
            #expect(Set(responses.keys).isSuperset(of: ["201", "401", "403", "422"]))
            let randomize = try #require(paths["/api/v1/participants/{participantID}/randomization"]?["post"] as? [String: Any])
            #expect((randomize["x-access"] as? String) == "coordinator, investigator" || (randomize["x-access"] as? String) == "investigator, coordinator")
            let parameters = try #require(randomize["parameters"] as? [[String: Any]])
            #expect(parameters.first?["name"] as? String == "participantID")
        }
    }
}

@Test func schemas_follow_the_encoding_of_the_example() {
    struct Inner: Encodable { var n: Int; var x: Double }
    struct Outer: Encodable { var name: String; var flag: Bool; var items: [Inner]; var date: CalendarDate; var missing: String? }
    let schema = JSONSchemaEncoder.schema(of: Outer(name: "a", flag: true, items: [Inner(n: 1, x: 2)], date: CalendarDate(daysSinceEpoch: 0), missing: nil))
    let properties = schema["properties"] as? [String: [String: Any]]
    #expect(properties?["name"]?["type"] as? String == "string")
    #expect(properties?["flag"]?["type"] as? String == "boolean")
    #expect(properties?["date"]?["type"] as? String == "string")
    let items = properties?["items"]?["items"] as? [String: Any]
    #expect((items?["properties"] as? [String: [String: Any]])?["n"]?["type"] as? String == "integer")
    #expect((items?["properties"] as? [String: [String: Any]])?["x"]?["type"] as? String == "number")
}
