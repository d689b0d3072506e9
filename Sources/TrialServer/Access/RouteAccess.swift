import TrialCore
import Vapor

/// The key under which each route carries its `AccessPolicy`.
struct AccessPolicyKey: Hashable, Sendable {}

extension Route {
    /// The access policy declared where the route was registered (nil only for a route registered
    /// without one, which `AccessMiddleware` refuses and a test forbids).
    public var accessPolicy: AccessPolicy? {
        userInfo[AnySendableHashable(AccessPolicyKey())] as? AccessPolicy
    }
}

extension RoutesBuilder {
    /// Registers a route together with the roles and site scope it allows and what the OpenAPI document
    /// says of it: one declaration per route.
    @discardableResult
    func on<Response: AsyncResponseEncodable>(
        _ method: HTTPMethod,
        _ path: PathComponent...,
        access: AccessPolicy,
        docs: RouteDocumentation,
        use closure: @Sendable @escaping (Request) async throws -> Response
    ) -> Route {
        on(method, path, access: access, docs: docs, use: closure)
    }

    /// A page route at its `SiteURL` (the parameters named, as in `SiteURL.participant(SiteURL.participantID)`).
    @discardableResult
    func on<Response: AsyncResponseEncodable>(
        _ method: HTTPMethod,
        _ url: SiteURL,
        access: AccessPolicy,
        docs: RouteDocumentation,
        use closure: @Sendable @escaping (Request) async throws -> Response
    ) -> Route {
        on(method, url.pathComponents, access: access, docs: docs, use: closure)
    }

    private func on<Response: AsyncResponseEncodable>(
        _ method: HTTPMethod,
        _ path: [PathComponent],
        access: AccessPolicy,
        docs: RouteDocumentation,
        use closure: @Sendable @escaping (Request) async throws -> Response
    ) -> Route {
        // The body is read whole, up to the route's own limit: a larger one is refused with 413 before any
        // handler (or the CSRF check, which reads page forms first) spends time on it.
        let parameters = docs.queryParameters
        let route = self.on(method, path, body: .collect(maxSize: ByteCount(value: docs.bodyLimit))) { request in
            let problems = QueryParameterCheck.problems(in: request, declared: parameters)
            if !problems.isEmpty { throw ValidationFailure(problems) }
            return try await closure(request)
        }
        route.userInfo[AnySendableHashable(AccessPolicyKey())] = access
        route.userInfo[AnySendableHashable(RouteDocumentationKey())] = docs
        return route
    }
}
