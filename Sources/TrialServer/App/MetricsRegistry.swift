import Foundation
import Vapor

/// The server's own measurements for `/metrics`: requests by method, route pattern (never a raw path, so
/// no participant ID becomes a label) and status, with a latency histogram per route.
public final class MetricsRegistry: @unchecked Sendable {
    /// Upper bounds of the latency buckets, in seconds (Prometheus' `le`).
    static let latencyBuckets: [Double] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

    struct RequestKey: Hashable {
        var method: String
        var route: String
        var status: Int
    }

    struct RouteKey: Hashable {
        var method: String
        var route: String
    }

    struct Latency {
        var buckets = [Int](repeating: 0, count: MetricsRegistry.latencyBuckets.count)
        var count = 0
        var sum = 0.0
    }

    private let lock = NSLock()
    private var inFlight = 0
    private var requests: [RequestKey: Int] = [:]
    private var latencies: [RouteKey: Latency] = [:]

    public init() {}

    func started() {
        lock.withLock { inFlight += 1 }
    }

    func record(method: String, route: String, status: Int, seconds: Double) {
        lock.withLock {
            inFlight -= 1
            requests[RequestKey(method: method, route: route, status: status), default: 0] += 1
            var latency = latencies[RouteKey(method: method, route: route)] ?? Latency()
            latency.count += 1
            latency.sum += seconds
            for (index, bound) in Self.latencyBuckets.enumerated() where seconds <= bound { latency.buckets[index] += 1 }
            latencies[RouteKey(method: method, route: route)] = latency
        }
    }

    /// The request counters and histograms in the Prometheus text format (0.0.4), sorted for stable output.
    func requestLines() -> [String] {
        let (requests, latencies, inFlight) = lock.withLock { (self.requests, self.latencies, self.inFlight) }
        var lines = [
            "# HELP trialdesk_http_requests_in_flight Requests being answered now, this one included (each may hold a database connection).",
            "# TYPE trialdesk_http_requests_in_flight gauge",
            "trialdesk_http_requests_in_flight \(inFlight)",
            "# HELP trialdesk_http_requests_total HTTP requests answered, by method, route pattern and status.",
            "# TYPE trialdesk_http_requests_total counter",
        ]
        for (key, count) in requests.sorted(by: { ($0.key.route, $0.key.method, $0.key.status) < ($1.key.route, $1.key.method, $1.key.status) }) {
            lines.append("trialdesk_http_requests_total{method=\"\(Self.escaped(key.method))\",route=\"\(Self.escaped(key.route))\",status=\"\(key.status)\"} \(count)")
        }
        lines += [
            "# HELP trialdesk_http_request_duration_seconds Time from a request's arrival to its answer, by method and route pattern.",
            "# TYPE trialdesk_http_request_duration_seconds histogram",
        ]
        for (key, latency) in latencies.sorted(by: { ($0.key.route, $0.key.method) < ($1.key.route, $1.key.method) }) {
            let labels = "method=\"\(Self.escaped(key.method))\",route=\"\(Self.escaped(key.route))\""
            for (index, bound) in Self.latencyBuckets.enumerated() {
                lines.append("trialdesk_http_request_duration_seconds_bucket{\(labels),le=\"\(Self.number(bound))\"} \(latency.buckets[index])")
            }
            lines.append("trialdesk_http_request_duration_seconds_bucket{\(labels),le=\"+Inf\"} \(latency.count)")
            lines.append("trialdesk_http_request_duration_seconds_sum{\(labels)} \(Self.number(latency.sum))")
            lines.append("trialdesk_http_request_duration_seconds_count{\(labels)} \(latency.count)")
        }
        return lines
    }

    /// A label value with the three characters the format escapes.
    static func escaped(_ value: String) -> String {
        value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(of: "\n", with: "\\n")
    }

    static func number(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }
}

struct MetricsRegistryKey: StorageKey {
    typealias Value = MetricsRegistry
}

extension Application {
    public var metrics: MetricsRegistry {
        if let registry = storage[MetricsRegistryKey.self] { return registry }
        let registry = MetricsRegistry()
        storage[MetricsRegistryKey.self] = registry
        return registry
    }
}

/// Counts every answer with its route pattern and latency. Outermost, so it sees the status the error
/// middleware chose.
struct RequestMetricsMiddleware: AsyncMiddleware {
    let registry: MetricsRegistry

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let started = ContinuousClock.now
        let route = request.route.map { "/" + $0.path.map(\.description).joined(separator: "/") } ?? "unmatched"
        registry.started()
        do {
            let response = try await next.respond(to: request)
            registry.record(method: request.method.rawValue, route: route, status: Int(response.status.code), seconds: Self.seconds(since: started))
            return response
        } catch {
            let status = (error as? any AbortError)?.status.code ?? 500
            registry.record(method: request.method.rawValue, route: route, status: Int(status), seconds: Self.seconds(since: started))
            throw error
        }
    }

    static func seconds(since start: ContinuousClock.Instant) -> Double {
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }
}
