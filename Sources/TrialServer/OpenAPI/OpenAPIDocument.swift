import Foundation
import TrialCore
import Vapor

/// The OpenAPI 3.1 description of every registered route, built from the routes themselves (their access
/// policy and documentation), so that a route cannot exist without appearing in it.
enum OpenAPIDocument {
    static func build(routes: [Route], title: String, version: String) -> [String: Any] {
        var paths: [String: [String: Any]] = [:]
        for route in routes {
            let path = openAPIPath(route.path)
            var operations = paths[path] ?? [:]
            operations[route.method.rawValue.lowercased()] = operation(for: route)
            paths[path] = operations
        }
        let errorSchema: [String: Any] = [
            "type": "object",
            "required": ["errors"],
            "properties": [
                "errors": [
                    "type": "array",
                    "items": [
                        "type": "object",
                        "required": ["field", "message"],
                        "properties": ["field": ["type": "string"], "message": ["type": "string"]],
                    ],
                ],
            ],
        ]
        return [
            "openapi": "3.1.0",
            "info": [
                "title": "TrialDesk API: \(title)",
                "version": version,
                "description": "JSON API of TrialDesk. Obtain a bearer token from POST /api/v1/tokens. Invalid input answers 422 with {\"errors\":[{\"field\",\"message\"}]}; nothing partial is saved.",
            ],
            "paths": paths,
            "components": [
                "schemas": ["Errors": errorSchema],
                "securitySchemes": [
                    "bearer": ["type": "http", "scheme": "bearer"],
                    "session": ["type": "apiKey", "in": "cookie", "name": SessionSettings.cookieName],
                ],
            ],
        ]
    }

    static func openAPIPath(_ components: [PathComponent]) -> String {
        "/" + components.map { component -> String in
            switch component {
            case .parameter(let name): return "{\(name)}"
            case .catchall: return "{path}"
            case .anything: return "{any}"
            case .constant(let text): return text
            }
        }.joined(separator: "/")
    }

    private static func operation(for route: Route) -> [String: Any] {
        let docs = route.documentation
        let policy = route.accessPolicy
        var operation: [String: Any] = [
            "summary": docs?.summary ?? "",
            "x-access": policy?.description ?? "undeclared",
            "x-site-scope": (policy?.confinedToOwnSite ?? true) ? "own site for users bound to one site" : "all sites",
        ]
        var parameters: [[String: Any]] = route.path.compactMap { component in
            guard case .parameter(let name) = component else { return nil }
            return ["name": name, "in": "path", "required": true, "schema": ["type": "string"]]
        }
        for name in docs?.queryParameters ?? [] {
            parameters.append(["name": name, "in": "query", "required": false, "schema": ["type": "string"]])
        }
        if !parameters.isEmpty { operation["parameters"] = parameters }
        if policy?.requiresSignIn ?? true {
            operation["security"] = [["bearer": [String]()], ["session": [String]()]]
        }
        switch docs?.request ?? .none {
        case .json(let example):
            operation["requestBody"] = ["required": true, "content": ["application/json": ["schema": JSONSchemaEncoder.schema(of: example)]]]
        case .form(let fields):
            var properties: [String: Any] = ["_csrf": ["type": "string"]]
            for field in fields { properties[field] = ["type": "string"] }
            operation["requestBody"] = ["required": true, "content": ["application/x-www-form-urlencoded": ["schema": ["type": "object", "properties": properties]]]]
        case .none, .html:
            break
        }
        var responses: [String: Any] = [:]
        let status = docs?.status ?? .ok
        switch docs?.response ?? .none {
        case .json(let example):
            responses[String(status.code)] = ["description": status.reasonPhrase, "content": ["application/json": ["schema": JSONSchemaEncoder.schema(of: example)]]]
        case .html:
            responses[String(status.code)] = ["description": status.reasonPhrase, "content": ["text/html": ["schema": ["type": "string"]]]]
        case .none, .form:
            responses[String(status.code)] = ["description": status.reasonPhrase]
        }
        let errors: [String: Any] = ["content": ["application/json": ["schema": ["$ref": "#/components/schemas/Errors"]]]]
        func error(_ code: Int, _ description: String) {
            var entry = errors
            entry["description"] = description
            responses[String(code)] = entry
        }
        if policy?.requiresSignIn ?? true { error(401, "not signed in, or the token is unknown, expired or revoked") }
        if case .roles = policy?.audience { error(403, "the user's role or site may not use this route") }
        if route.method != .GET { error(403, "for browser sessions: the CSRF token is missing") }
        if route.path.contains(where: { if case .parameter = $0 { return true } else { return false } }) { error(404, "no such record") }
        if case .json = docs?.request ?? .none { error(422, "invalid input: every field error with the rule it broke") }
        if case .form = docs?.request ?? .none { error(422, "invalid input: every field error with the rule it broke") }
        operation["responses"] = responses
        return operation
    }
}

struct OpenAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, "openapi.json", access: .anonymous, docs: RouteDocumentation("This OpenAPI 3.1 document")) { req async throws -> Response in
            let context = req.trialContext
            let document = OpenAPIDocument.build(routes: req.application.routes.all, title: context.studyTitle, version: context.study.version)
            let data = try JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes])
            var headers = HTTPHeaders()
            headers.contentType = .json
            return Response(status: .ok, headers: headers, body: .init(data: data))
        }
    }
}
