import Foundation
import Testing
import TrialCore
@testable import TrialServer
import Vapor
import VaporTesting

/// The document is a contract: what it marks required is what the server refuses to go without, what it
/// bounds is what the server bounds, and every example it was derived from is valid input.
@Suite struct OpenAPIContractTests {
    static func document(_ server: TestServer) async throws -> [String: [String: [String: Any]]] {
        let response = try await server.app.testing().sendRequest(.GET, "/openapi.json")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(response.body.string.utf8)) as? [String: Any])
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        return paths.mapValues { $0.compactMapValues { $0 as? [String: Any] } }
    }

    static func jsonSchema(of operation: [String: Any]) -> [String: Any]? {
        (((operation["requestBody"] as? [String: Any])?["content"] as? [String: Any])?["application/json"] as? [String: Any])?["schema"] as? [String: Any]
    }

    @Test(arguments: CaseReportEntry.recordedKinds)
    func every_form_example_is_valid_input(kind: CaseReportForm) throws {
        let entry = try CaseReportEntry.decode(kind: kind, json: Data(CaseReportFormExamples.json(kind).utf8))
        #expect(entry.kind == kind)
    }

    @Test func an_empty_body_is_refused_naming_only_what_the_schema_requires() async throws {
        try await TestServer.run { server in
            let participant = try await server.enrollThroughAPI()
            let paths = try await Self.document(server)
            let tester = try server.app.testing()
            var checked = 0
            for route in server.app.routes.all where route.path.first == "api" {
                let path = OpenAPIDocument.openAPIPath(route.path)
                guard let operation = paths[path]?[route.method.rawValue.lowercased()], let schema = Self.jsonSchema(of: operation) else { continue }
                let required = Set(schema["required"] as? [String] ?? [])
                guard let role = Role.allCases.first(where: { route.accessPolicy?.allows($0) == true }) else { continue }
                var headers = route.accessPolicy?.requiresSignIn == false ? HTTPHeaders() : try await server.bearer(for: role)
                headers.contentType = .json
                let filled = path.replacingOccurrences(of: "{participantID}", with: participant)
                    .replacingOccurrences(of: #"\{[A-Za-z]+\}"#, with: UUID().uuidString, options: .regularExpression)
                let answer = try await tester.sendRequest(route.method, filled, headers: headers, body: ByteBuffer(string: "{}"))
                guard answer.status == .unprocessableEntity else { continue }
                checked += 1
                #expect(!required.isEmpty, "\(route.method) \(path) refuses {} but its schema requires nothing")
                let errors = try answer.content.decode(TrialErrorMiddleware.ErrorBody.self).errors
                for error in errors {
                    let top = String(error.field.prefix { $0 != "." && $0 != "[" })
                    #expect(required.contains(top), "\(route.method) \(path): '{}' refused for \(error.field), which the schema does not require")
                }
            }
            #expect(checked >= 15, "only \(checked) operations were checked")
        }
    }

    @Test func parameters_state_their_types_and_bounds_from_trialcore() async throws {
        try await TestServer.run { server in
            let paths = try await Self.document(server)
            for (path, operations) in paths {
                for (method, operation) in operations {
                    for parameter in operation["parameters"] as? [[String: Any]] ?? [] {
                        let schema = try #require(parameter["schema"] as? [String: Any])
                        #expect(schema["type"] != nil, "\(method) \(path) \(parameter["name"] ?? "")")
                        if parameter["in"] as? String == "path", let name = parameter["name"] as? String, name.hasSuffix("ID"), name != "participantID" {
                            #expect(schema["format"] as? String == "uuid", "\(path) \(name)")
                        }
                        if parameter["name"] as? String == "limit" {
                            #expect(schema["maximum"] as? Int == InputLimits.listPageMaximum)
                        }
                    }
                    if let schema = Self.jsonSchema(of: operation), let properties = schema["properties"] as? [String: [String: Any]] {
                        for (name, property) in properties where property["type"] as? String == "string" && property["enum"] == nil && property["format"] == nil {
                            #expect(property["maxLength"] as? Int != nil, "\(method) \(path) \(name) has no bound")
                        }
                    }
                }
            }
            let baseline = try #require(paths["/api/v1/participants/{participantID}/forms/baseline"]?["post"])
            let schema = try #require(Self.jsonSchema(of: baseline))
            #expect(Set(schema["required"] as? [String] ?? []).isSuperset(of: ["assessmentDate", "lesions", "sex", "ecog"]))
            let sex = (schema["properties"] as? [String: [String: Any]])?["sex"]
            #expect(sex?["enum"] as? [String] == ["female", "male"])
            let date = (schema["properties"] as? [String: [String: Any]])?["assessmentDate"]
            #expect(date?["format"] as? String == "date")
        }
    }

    @Test func a_query_parameter_outside_its_schema_is_refused_naming_it() async throws {
        try await TestServer.run { server in
            let tester = try server.app.testing()
            let monitor = try await server.bearer(for: .monitor)
            for query in ["status=nonsense", "limit=0", "offset=x"] {
                let answer = try await tester.sendRequest(.GET, "/api/v1/queries?\(query)", headers: monitor)
                #expect(answer.status == .unprocessableEntity, "\(query)")
                #expect(answer.body.string.contains("\"field\":\"\(query.prefix { $0 != "=" })\""))
            }
            #expect(try await tester.sendRequest(.GET, "/api/v1/queries?status=open", headers: monitor).status == .ok)
            let investigator = try await server.bearer(for: .investigator)
            #expect(try await tester.sendRequest(.GET, "/api/v1/safety/serious-events?all=maybe", headers: investigator).status == .unprocessableEntity)
            #expect(try await tester.sendRequest(.GET, "/api/v1/safety/serious-events?all=true", headers: investigator).status == .ok)
        }
    }
}
