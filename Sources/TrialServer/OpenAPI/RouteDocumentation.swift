import TrialCore
import Vapor

/// What the OpenAPI document says about one route: a summary, an example request body and an example
/// response (their schemas are derived from the examples' own encoding), the success status, and the
/// query parameters it reads.
public struct RouteDocumentation: Sendable {
    public enum Body: Sendable {
        case none
        case json(any Encodable & Sendable)
        case form([String])
        case html
    }

    public var summary: String
    public var request: Body
    public var response: Body
    public var status: HTTPStatus
    public var queryParameters: [String]
    /// The largest body the route reads (`InputLimits`): a page form's or a JSON body's unless said otherwise.
    public var bodyLimit: Int

    public init(_ summary: String, request: Body = .none, response: Body = .none, status: HTTPStatus = .ok, query: [String] = [],
                bodyLimit: Int? = nil) {
        self.summary = summary
        self.request = request
        self.response = response
        self.status = status
        self.queryParameters = query
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

struct RouteDocumentationKey: Hashable, Sendable {}

extension Route {
    public var documentation: RouteDocumentation? {
        userInfo[AnySendableHashable(RouteDocumentationKey())] as? RouteDocumentation
    }
}
