@preconcurrency import RoutingKit
import Vapor

/// Which methods each registered path answers, so that a known path asked with another method gets
/// 405 Method Not Allowed with an `Allow` header (RFC 9110 §15.5.6) instead of 404.
/// Built once when the routes are registered and only read afterwards (a router's look-up does not change
/// it), so it is shared between requests without a lock.
final class RouteMethodIndex: @unchecked Sendable {
    private let routers: [(HTTPMethod, TrieRouter<Bool>)]
    /// The methods of `/` itself, which a router cannot hold (it has no path component).
    private let rootMethods: [HTTPMethod]

    init(routes: [Route]) {
        var byMethod: [String: (HTTPMethod, TrieRouter<Bool>)] = [:]
        rootMethods = routes.filter { $0.path.isEmpty }.map(\.method)
        for route in routes where !route.path.isEmpty {
            let router = byMethod[route.method.rawValue]?.1 ?? TrieRouter(Bool.self)
            router.register(true, at: route.path)
            byMethod[route.method.rawValue] = (route.method, router)
        }
        routers = byMethod.keys.sorted().compactMap { byMethod[$0] }
    }

    /// The methods `path` answers (HEAD wherever GET is); empty for a path that no route has.
    func methods(forPath path: String) -> [HTTPMethod] {
        let segments = path.split(separator: "/").map { String($0).removingPercentEncoding ?? String($0) }
        if segments.isEmpty {
            return rootMethods.flatMap { $0 == .GET ? [$0, .HEAD] : [$0] }
        }
        var allowed: [HTTPMethod] = []
        for (method, router) in routers {
            var parameters = Parameters()
            if router.route(path: segments, parameters: &parameters) != nil {
                allowed.append(method)
                if method == .GET { allowed.append(.HEAD) }
            }
        }
        return allowed
    }
}

struct RouteMethodIndexKey: StorageKey {
    typealias Value = RouteMethodIndex
}
