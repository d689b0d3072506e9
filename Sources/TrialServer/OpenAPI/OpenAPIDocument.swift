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
            return ["name": name, "in": "path", "required": true, "schema": pathParameterSchema(name)]
        }
        for parameter in docs?.queryParameters ?? [] {
            parameters.append(["name": parameter.name, "in": "query", "required": false, "schema": parameter.schema.value])
        }
        if !parameters.isEmpty { operation["parameters"] = parameters }
        let requiresSignIn = policy?.requiresSignIn ?? true
        // Anonymous operations say so explicitly (an empty requirement), so no client sends a credential.
        operation["security"] = requiresSignIn ? [["bearer": [String]()], ["session": [String]()]] : [[String: [String]]()]
        let request = docs?.request ?? .none
        switch request {
        case .json(let example):
            operation["requestBody"] = ["required": true, "content": ["application/json": ["schema": requestSchema(of: example)]]]
        case .decodes(let type, let example):
            operation["requestBody"] = ["required": true, "content": ["application/json": ["schema": requestSchema(of: type, example: example)]]]
        case .schema(let schema):
            operation["requestBody"] = ["required": true, "content": ["application/json": ["schema": bounded(schema.value)]]]
        case .form(let fields):
            var properties: [String: Any] = ["_csrf": ["type": "string", "maxLength": InputLimits.textCharacters]]
            for field in fields { properties[field] = ["type": "string", "maxLength": InputLimits.textCharacters] }
            operation["requestBody"] = ["required": true, "content": ["application/x-www-form-urlencoded": ["schema": ["type": "object", "properties": properties]]]]
        case .none, .html, .plainText:
            break
        }
        var responses: [String: Any] = [:]
        let status = docs?.status ?? .ok
        switch docs?.response ?? .none {
        case .json(let example):
            responses[String(status.code)] = ["description": status.reasonPhrase, "content": ["application/json": ["schema": responseSchema(of: example)]]]
        case .html:
            responses[String(status.code)] = ["description": status.reasonPhrase, "content": ["text/html": ["schema": ["type": "string"]]]]
        case .plainText(let contentType):
            let mediaType = contentType.split(separator: ";").first.map { String($0) } ?? contentType
            responses[String(status.code)] = ["description": status.reasonPhrase, "content": [mediaType: ["schema": ["type": "string"]]]]
        case .none, .form, .decodes, .schema:
            responses[String(status.code)] = ["description": status.reasonPhrase]
        }
        for (code, description) in refusals(of: route, requiresSignIn: requiresSignIn) where responses[String(code)] == nil {
            // A readiness check's 503 carries the same body as its 200 (what is not ready).
            if (200..<300).contains(code) || code == 503, var success = responses[String(status.code)] as? [String: Any] {
                // Another success (200 for a repeated, idempotent request): the same body as the first.
                success["description"] = description
                responses[String(code)] = success
                continue
            }
            responses[String(code)] = ["description": description, "content": ["application/json": ["schema": ["$ref": "#/components/schemas/Errors"]]]]
        }
        operation["responses"] = responses
        return operation
    }

    /// Every refusal a route can answer, from what the route is: who may call it, what its path names,
    /// what it reads, and what its documentation adds (a stale version, a throttled sign-in).
    static func refusals(of route: Route, requiresSignIn: Bool) -> [(Int, String)] {
        let docs = route.documentation
        var refusals: [(Int, String)] = []
        if requiresSignIn { refusals.append((401, "not signed in, or the token is unknown, expired or revoked")) }
        if requiresSignIn || route.method != .GET {
            refusals.append((403, "the user's role or site may not use this route, or (browser sessions) the CSRF token is missing"))
        }
        if route.path.contains(where: { if case .parameter = $0 { return true } else { return false } }) {
            refusals.append((404, "no such record"))
        }
        let readsBody: Bool
        switch docs?.request ?? .none {
        case .json, .form, .decodes, .schema: readsBody = true
        case .none, .html, .plainText: readsBody = false
        }
        if readsBody {
            refusals.append((413, "the body is larger than this route reads (docs/input-limits.md)"))
            refusals.append((415, "the body's Content-Type is missing or not the one this route reads"))
        }
        if readsBody || !(docs?.queryParameters.isEmpty ?? true) {
            refusals.append((422, "invalid input: every field error with the rule it broke"))
        }
        for status in docs?.alsoAnswers ?? [] {
            refusals.append((Int(status.code), status.reasonPhrase))
        }
        return refusals
    }

    /// What a path parameter accepts, by its name: record ids are UUIDs, a form is one of the recorded kinds.
    static func pathParameterSchema(_ name: String) -> [String: Any] {
        switch name {
        case "form":
            return ["type": "string", "enum": CaseReportEntry.recordedKinds.map(\.rawValue)]
        case _ where name.hasSuffix("ID") && name != "participantID":
            return ["type": "string", "format": "uuid"]
        default:
            return ["type": "string", "minLength": 1, "maxLength": 64]
        }
    }

    /// A request body's schema: found by decoding the example through the type the route decodes (which
    /// keys are required, enums, formats), with the bounds every JSON body is held to (`JSONInput`).
    static func requestSchema(of example: any Encodable & Sendable) -> [String: Any] {
        guard let codable = example as? any Codable else { return bounded(JSONSchemaEncoder.schema(of: example)) }
        // An optional key is read with decodeIfPresent, which takes null as absent: the schema says so.
        return bounded(nullableWhereOptional(probedSchema(codable)))
    }

    /// The schema of a body read as `type`, from an example as a client writes it.
    static func requestSchema(of type: any Decodable.Type, example: String) -> [String: Any] {
        bounded(nullableWhereOptional(RequestSchemaProbe.schema(of: type, exampleJSON: Data(example.utf8))))
    }

    private static func probedSchema<T: Codable>(_ example: T) -> [String: Any] {
        RequestSchemaProbe.schema(of: T.self, example: example)
    }

    /// A response body's schema. A wire type that also decodes is probed like a request (which keys are always
    /// there, enums, formats), and every key it may leave out may also be written as null. A body assembled by
    /// hand (a dictionary) is described from its example's encoding.
    static func responseSchema(of example: any Encodable & Sendable) -> [String: Any] {
        guard !(example is [String: String]), let codable = example as? any Codable else { return JSONSchemaEncoder.schema(of: example) }
        return nullableWhereOptional(probedSchema(codable))
    }

    /// Every property that is not required may also be null (an encoder may write an absent value as null).
    static func nullableWhereOptional(_ schema: [String: Any]) -> [String: Any] {
        var schema = schema
        let required = Set(schema["required"] as? [String] ?? [])
        if let properties = schema["properties"] as? [String: Any] {
            var rewritten: [String: Any] = [:]
            for (name, value) in properties {
                guard var property = (value as? [String: Any]).map(nullableWhereOptional) else { rewritten[name] = value; continue }
                if !required.contains(name) { property = allowingNull(property) }
                rewritten[name] = property
            }
            schema["properties"] = rewritten
        }
        for key in ["items", "additionalProperties"] {
            if let child = schema[key] as? [String: Any] { schema[key] = nullableWhereOptional(child) }
        }
        if let branches = schema["anyOf"] as? [[String: Any]] { schema["anyOf"] = branches.map(nullableWhereOptional) }
        return schema
    }

    private static func allowingNull(_ schema: [String: Any]) -> [String: Any] {
        if schema.isEmpty { return schema }
        if let branches = schema["anyOf"] as? [[String: Any]] {
            var copy = schema
            copy["anyOf"] = branches + [["type": "null"]]
            return copy
        }
        return ["anyOf": [schema, ["type": "null"]]]
    }

    /// `JSONInput`'s bounds written into a schema: text length, rows per list, keys per object.
    static func bounded(_ schema: [String: Any]) -> [String: Any] {
        var schema = schema
        let types: [String] = (schema["type"] as? [String]) ?? [(schema["type"] as? String)].compactMap { $0 }
        if types.contains("string"), schema["maxLength"] == nil, schema["enum"] == nil, schema["format"] == nil {
            schema["maxLength"] = InputLimits.textCharacters
        }
        if types.contains("array"), schema["maxItems"] == nil { schema["maxItems"] = InputLimits.rowsPerList }
        if types.contains("object"), schema["maxProperties"] == nil { schema["maxProperties"] = InputLimits.keysPerObject }
        if types.contains("object"), schema["propertyNames"] == nil {
            schema["propertyNames"] = ["maxLength": JSONInput.keyCharacters]
        }
        if let properties = schema["properties"] as? [String: Any] {
            schema["properties"] = properties.mapValues { ($0 as? [String: Any]).map(bounded) ?? $0 }
        }
        for key in ["items", "additionalProperties"] {
            if let child = schema[key] as? [String: Any] { schema[key] = bounded(child) }
        }
        if let branches = schema["anyOf"] as? [[String: Any]] { schema["anyOf"] = branches.map(bounded) }
        return schema
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
