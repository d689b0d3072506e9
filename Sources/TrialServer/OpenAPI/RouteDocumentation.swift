import TrialCore
import Vapor

/// What the OpenAPI document says about one route: a summary, an example request body and an example
/// response (their schemas are derived from the examples' own encoding), the success status, and the
/// query parameters it reads.
public struct RouteDocumentation: Sendable {
    public enum Body: Sendable {
        case none
        case json(any Encodable & Sendable)
        /// A JSON body read as `type`, with an example as a client writes it.
        case decodes(any Decodable.Type, example: String)
        /// A JSON body with a schema composed by hand from others (a correction: the form, a reason, a version).
        case schema(JSONSchemaValue)
        case form([String])
        case html
        /// A text answer of this content type (the Prometheus exposition of /metrics).
        case plainText(String)
    }

    public var summary: String
    public var request: Body
    public var response: Body
    public var status: HTTPStatus
    public var queryParameters: [QueryParameter]
    /// Statuses this route answers beyond those every route of its kind answers (which the document adds
    /// from the route's access policy, path and body): 409 for a stale version, 401/429 for sign-in, ...
    public var alsoAnswers: [HTTPStatus]
    /// The largest body the route reads (`InputLimits`): a page form's or a JSON body's unless said otherwise.
    public var bodyLimit: Int

    public init(_ summary: String, request: Body = .none, response: Body = .none, status: HTTPStatus = .ok, query: [QueryParameter] = [],
                alsoAnswers: [HTTPStatus] = [], bodyLimit: Int? = nil) {
        self.summary = summary
        self.request = request
        self.response = response
        self.status = status
        self.queryParameters = query
        self.alsoAnswers = alsoAnswers
        if let bodyLimit {
            self.bodyLimit = bodyLimit
        } else if case .form = request {
            self.bodyLimit = InputLimits.pageFormBytes
        } else {
            self.bodyLimit = InputLimits.jsonBodyBytes
        }
    }

    /// A server-rendered page.
    public static func page(_ summary: String, form: [String]? = nil, status: HTTPStatus = .ok, bodyLimit: Int? = nil) -> RouteDocumentation {
        RouteDocumentation(summary, request: form.map(Body.form) ?? .none, response: .html, status: status, bodyLimit: bodyLimit)
    }
}

/// A query parameter a route reads, with the schema of the values it accepts.
public struct QueryParameter: Sendable, ExpressibleByStringLiteral {
    public var name: String
    /// What the route accepts; `QueryParameterCheck` refuses any other value with 422 before the handler runs.
    public var schema: JSONSchemaValue

    public init(name: String, schema: [String: Any]) {
        self.name = name
        self.schema = JSONSchemaValue(schema)
    }

    /// A free-text filter.
    public init(stringLiteral name: String) {
        self.init(name: name, schema: ["type": "string", "maxLength": InputLimits.textCharacters])
    }

    /// A filter by one of a fixed set of words.
    public static func choice(_ name: String, _ values: [String]) -> QueryParameter {
        QueryParameter(name: name, schema: ["type": "string", "enum": values])
    }

    /// A list page's size and start (`ListPage`): out of range is a 422.
    public static let limit = QueryParameter(name: "limit", schema: ["type": "integer", "minimum": 1, "maximum": InputLimits.listPageMaximum])
    public static let offset = QueryParameter(name: "offset", schema: ["type": "integer", "minimum": 0, "maximum": Int(Int32.max)])
}

/// A JSON Schema held by a route's documentation. It is built once at registration and never changed,
/// which is what makes sharing it between threads safe.
public struct JSONSchemaValue: @unchecked Sendable {
    public let value: [String: Any]

    public init(_ value: [String: Any]) {
        self.value = value
    }
}

struct RouteDocumentationKey: Hashable, Sendable {}

extension Route {
    public var documentation: RouteDocumentation? {
        userInfo[AnySendableHashable(RouteDocumentationKey())] as? RouteDocumentation
    }
}
