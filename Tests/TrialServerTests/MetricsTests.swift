import Foundation
import Testing
@testable import TrialServer
import TrialStore
import Vapor
import VaporTesting

@Suite("GET /metrics")
struct MetricsTests {
    /// One sample line of the exposition: name, labels and value.
    struct Sample {
        var name: String
        var labels: [String: String]
        var value: Double
    }

    /// Parses the text format strictly enough that a malformed line fails the test.
    static func samples(in text: String) throws -> [Sample] {
        var samples: [Sample] = []
        for line in text.split(separator: "\n").map(String.init) where !line.hasPrefix("#") {
            let pattern = #/^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? (-?[0-9.e+Inf]+)$/#
            let match = try #require(line.wholeMatch(of: pattern), "not a sample line: \(line)")
            var labels: [String: String] = [:]
            if let body = match.3 {
                for pair in String(body).split(separator: ",") {
                    let parts = pair.split(separator: "=", maxSplits: 1)
                    try #require(parts.count == 2 && parts[1].hasPrefix("\"") && parts[1].hasSuffix("\""), "bad label \(pair) in \(line)")
                    labels[String(parts[0])] = String(parts[1].dropFirst().dropLast())
                }
            }
            samples.append(Sample(name: String(match.1), labels: labels, value: try #require(Double(String(match.4)))))
        }
        return samples
    }

    @Test func an_administrators_token_reads_counters_and_histograms_by_route_pattern() async throws {
        try await TestServer.run { server in
            let tester = try server.app.testing()
            for _ in 0..<3 { #expect(try await tester.sendRequest(.GET, "/health").status == .ok) }
            let coordinator = try await server.bearer(for: .coordinator)
            let participantID = try await server.enrollThroughAPI()
            #expect(try await tester.sendRequest(.GET, "/api/v1/participants/\(participantID)", headers: coordinator).status == .ok)
            #expect(try await tester.sendRequest(.GET, "/api/v1/participants/NO-SUCH-ONE", headers: coordinator).status == .notFound)

            #expect(try await tester.sendRequest(.GET, "/metrics").status == .unauthorized, "anonymous")
            #expect(try await tester.sendRequest(.GET, "/metrics", headers: coordinator).status == .forbidden, "another role")
            let scrape = try await tester.sendRequest(.GET, "/metrics", headers: try await server.bearer(for: .administrator))
            #expect(scrape.status == .ok)
            #expect(scrape.headers.contentType?.description.hasPrefix("text/plain") == true)
            let text = scrape.body.string
            let samples = try Self.samples(in: text)
            func value(_ name: String, _ labels: [String: String] = [:]) -> Double? {
                samples.first { sample in sample.name == name && labels.allSatisfy { key, value in sample.labels[key] == value } }?.value
            }
            #expect((value("trialdesk_http_requests_total", ["route": "/health", "status": "200", "method": "GET"]) ?? 0) >= 3)
            #expect(value("trialdesk_http_requests_total", ["route": "/api/v1/participants/:participantID", "status": "404"]) == 1)
            #expect(!text.contains(participantID), "no ID becomes a label")
            // The histogram: cumulative buckets, +Inf equal to the count.
            let buckets = samples.filter { $0.name == "trialdesk_http_request_duration_seconds_bucket" && $0.labels["route"] == "/health" }
            #expect(buckets.count == MetricsRegistry.latencyBuckets.count + 1)
            #expect(zip(buckets, buckets.dropFirst()).allSatisfy { $0.value <= $1.value })
            #expect(buckets.last?.labels["le"] == "+Inf")
            #expect(buckets.last?.value == value("trialdesk_http_request_duration_seconds_count", ["route": "/health"]))
            #expect((value("trialdesk_audited_writes_total") ?? 0) >= 3, "the screening, consent and enrollment were audited writes")
            #expect(value("trialdesk_write_retries_total") != nil && value("trialdesk_write_lock_wait_seconds_total") != nil)
            #expect(value("trialdesk_open_queries") == 0)
            #expect(value("trialdesk_overdue_visits") == 0)
            #expect(value("trialdesk_unacknowledged_serious_adverse_events") == 0)
            #expect((value("trialdesk_audit_chain_events") ?? 0) > 0)
            #expect(value("trialdesk_http_requests_in_flight") == 1, "the scrape itself")
            #expect(value("trialdesk_casebook_answers_reused_total") != nil && value("trialdesk_casebook_answers_computed_total") != nil)
            #expect(value("trialdesk_last_successful_backup_timestamp_seconds") == nil, "no backup plan, no backup metrics")
        }
    }

    @Test func a_browser_session_of_an_administrator_is_refused() async throws {
        try await TestServer.run { server in
            let tester = try server.app.testing()
            let page = try await tester.sendRequest(.GET, "/sign-in")
            let cookie = try #require(page.csrfCookie)
            let token = try #require(csrfToken(in: page.body.string))
            var headers = HTTPHeaders()
            headers.add(name: .cookie, value: "trialdesk-csrf=\(cookie)")
            headers.contentType = .urlEncodedForm
            let signedIn = try await tester.sendRequest(.POST, "/sign-in", headers: headers,
                                                        body: formBody(["username": TestServer.username(for: .administrator), "password": TestServer.password, "_csrf": token]))
            let session = try #require(signedIn.sessionCookie)
            var browser = HTTPHeaders()
            browser.add(name: .cookie, value: "trialdesk-session=\(session)")
            #expect(try await tester.sendRequest(.GET, "/metrics", headers: browser).status == .forbidden)
        }
    }
}
