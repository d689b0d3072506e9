import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

/// The real `trialdesk serve` process on a small demo study receives hostile input on every route its own
/// OpenAPI document lists (API routes with a bearer token, page routes with a signed-in session): nothing
/// may answer 5xx, and the same process must still answer `/health` at the end.
@Suite struct HostileInputTests {
    static let password = "Demo-2026-trial"

    @Test func no_request_takes_the_server_down_or_answers_500() async throws {
        let folder = try TrialDeskBinary.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = folder.appendingPathComponent("demo.sqlite").path
        let demo = try await TrialDeskBinary.run(["demo", "--db", database, "--password", Self.password, "--seed", "3", "--participants", "4"])
        try #require(demo.status == 0, "\(demo.stderr)")

        let port = 20_000 + Int.random(in: 0..<5000)
        let process = Process()
        process.executableURL = try TrialDeskBinary.url()
        process.arguments = ["serve", "--db", database, "--port", String(port)]
        var environment = ProcessInfo.processInfo.environment
        environment["DATABASE_URL"] = nil
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer {
            process.terminate()
            process.waitUntilExit()
        }
        let client = HTTPProbe(base: "http://127.0.0.1:\(port)")
        try await client.waitForHealth(while: { process.isRunning })

        let token = try await client.bearerToken(username: "coordinator", password: Self.password)
        let (cookie, csrf) = try await client.pageSession(username: "coordinator", password: Self.password)
        let participant = "960-0001"
        let openAPI = try await client.send("GET", "/openapi.json")
        let document = try #require(try JSONSerialization.jsonObject(with: openAPI.body) as? [String: Any])
        let paths = try #require(document["paths"] as? [String: [String: Any]])

        let hostileForms: [(String, Data)] = [
            ("row index beyond Int", Data("lesions[9223372036854775807][sizeMm]=1&targets[9223372036854775807][mm]=1".utf8)),
            ("10,000 fields", Data((0..<10_000).map { "f\($0)=x" }.joined(separator: "&").utf8)),
            ("nested brackets", Data(String(repeating: "a[", count: 2_000).appending("=1").utf8)),
            ("percent garbage", Data("%FF%FE=%00%ZZ&lesions[-1][id]=%E2%80%AE&answers[]=".utf8)),
            ("3 MB value", Data(("username=" + String(repeating: "u", count: 3_000_000)).utf8)),
        ]
        let hostileJSON: [(String, Data)] = [
            ("truncated", Data(#"{"form": {"lineNumber": 1, "regimen": "#.utf8)),
            ("5,000 levels", Data((String(repeating: "[", count: 5_000) + String(repeating: "]", count: 5_000)).utf8)),
            ("not UTF-8", Data([0x7B, 0x22, 0x61, 0x22, 0x3A, 0x22, 0xFF, 0xFE, 0x22, 0x7D])),
            ("wrong types", Data(#"{"date": 12, "form": [], "reason": {"a": 1}, "version": "x", "lesions": [{"sizeMm": "abc"}]}"#.utf8)),
            ("3 MB string", Data((#"{"username":""# + String(repeating: "u", count: 3_000_000) + #"","password":"x"}"#).utf8)),
        ]
        var failures: [String] = []
        for (template, operations) in paths.sorted(by: { $0.key < $1.key }) {
            let path = Self.fill(template, participant: participant)
            for method in operations.keys.map({ $0.uppercased() }).sorted() where method != "GET" {
                let isAPI = template.hasPrefix("/api/")
                // Page forms carry the session's CSRF token, so that the hostile part reaches the form's parser.
                let bodies = isAPI ? hostileJSON : hostileForms.map { ($0.0, Data("_csrf=\(csrf)&".utf8) + $0.1) }
                for (name, body) in bodies {
                    let answer = try await client.send(method, path, body: body,
                                                       contentType: isAPI ? "application/json" : "application/x-www-form-urlencoded",
                                                       bearer: isAPI ? token : nil, cookie: isAPI ? nil : cookie)
                    if answer.status >= 500 { failures.append("\(method) \(path) with \(name): \(answer.status)") }
                }
            }
            if operations["get"] != nil {
                for query in ["?limit=-1&offset=-5", "?limit=99999999999999999999", "?lang=%FF", "?cutoff=9999-99-99"] {
                    let answer = try await client.send("GET", path + query, bearer: token)
                    if answer.status >= 500 { failures.append("GET \(path)\(query): \(answer.status)") }
                }
            }
        }
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
        #expect(process.isRunning, "the server process ended")
        #expect(try await client.send("GET", "/health").status == 200, "the same process still answers /health")
        // Over HTTP a body larger than the route reads is refused before any handler sees it.
        let signIn = try await client.send("POST", "/api/v1/tokens", body: hostileJSON[4].1, contentType: "application/json")
        #expect(signIn.status == 413)
    }

    /// A path template with its parameters filled: a real participant, a real form kind, made-up record ids.
    static func fill(_ template: String, participant: String) -> String {
        var path = template
        let values = ["{participantID}": participant, "{form}": "baseline", "{screeningID}": UUID().uuidString,
                      "{formID}": UUID().uuidString, "{queryID}": UUID().uuidString, "{tokenID}": UUID().uuidString]
        for (name, value) in values { path = path.replacingOccurrences(of: name, with: value) }
        while let open = path.firstIndex(of: "{"), let close = path[open...].firstIndex(of: "}") {
            path.replaceSubrange(open...close, with: UUID().uuidString)
        }
        return path
    }
}

/// A minimal HTTP client for a server on loopback: status, headers and body, no redirects followed.
struct HTTPProbe {
    let base: String

    struct Answer {
        var status: Int
        var headers: [String: String]
        var body: Data
    }

    final class NoRedirects: NSObject, URLSessionTaskDelegate, @unchecked Sendable {
        func urlSession(_ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
                        newRequest request: URLRequest, completionHandler: @escaping (URLRequest?) -> Void) {
            completionHandler(nil)
        }
    }

    static let session: URLSession = {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpCookieStorage = nil
        configuration.httpShouldSetCookies = false
        configuration.timeoutIntervalForRequest = 60
        return URLSession(configuration: configuration, delegate: NoRedirects(), delegateQueue: nil)
    }()

    func send(_ method: String, _ path: String, body: Data? = nil, contentType: String? = nil,
              bearer: String? = nil, cookie: String? = nil) async throws -> Answer {
        guard let url = URL(string: base + path) else { return Answer(status: 400, headers: [:], body: Data()) }
        var request = URLRequest(url: url)
        request.httpMethod = method
        request.httpBody = body
        if let contentType { request.setValue(contentType, forHTTPHeaderField: "Content-Type") }
        if let bearer { request.setValue("Bearer \(bearer)", forHTTPHeaderField: "Authorization") }
        if let cookie { request.setValue(cookie, forHTTPHeaderField: "Cookie") }
        let (data, response) = try await Self.session.data(for: request)
        let http = response as? HTTPURLResponse
        var headers: [String: String] = [:]
        for (key, value) in http?.allHeaderFields ?? [:] { headers["\(key)".lowercased()] = "\(value)" }
        return Answer(status: http?.statusCode ?? 0, headers: headers, body: data)
    }

    func waitForHealth(while running: () -> Bool) async throws {
        guard let url = URL(string: base), await ServerHealthWait.body(of: url, while: running) != nil else {
            throw ProbeFailure(description: "serve did not answer /health")
        }
    }

    func bearerToken(username: String, password: String) async throws -> String {
        let body = try JSONSerialization.data(withJSONObject: ["username": username, "password": password])
        let answer = try await send("POST", "/api/v1/tokens", body: body, contentType: "application/json")
        guard let object = try JSONSerialization.jsonObject(with: answer.body) as? [String: Any], let token = object["token"] as? String else {
            throw ProbeFailure(description: "no token: \(answer.status) \(String(decoding: answer.body, as: UTF8.self))")
        }
        return token
    }

    /// Signs in through the sign-in page (its CSRF cookie and token); the session cookie and its CSRF token.
    func pageSession(username: String, password: String) async throws -> (cookie: String, csrf: String) {
        let page = try await send("GET", "/sign-in")
        let html = String(decoding: page.body, as: UTF8.self)
        guard let csrfCookie = Self.cookie(named: "trialdesk-csrf", in: page.headers["set-cookie"] ?? ""),
              let token = Self.csrfToken(in: html) else { throw ProbeFailure(description: "the sign-in page has no CSRF token") }
        let form = "username=\(username)&password=\(password)&_csrf=\(token)"
        let signedIn = try await send("POST", "/sign-in", body: Data(form.utf8), contentType: "application/x-www-form-urlencoded",
                                      cookie: "trialdesk-csrf=\(csrfCookie)")
        guard let session = Self.cookie(named: "trialdesk-session", in: signedIn.headers["set-cookie"] ?? "") else {
            throw ProbeFailure(description: "sign-in set no session: \(signedIn.status)")
        }
        let home = try await send("GET", "/", cookie: "trialdesk-session=\(session)")
        guard let sessionToken = Self.csrfToken(in: String(decoding: home.body, as: UTF8.self)) else {
            throw ProbeFailure(description: "the home page has no CSRF token: \(home.status)")
        }
        return ("trialdesk-session=\(session)", sessionToken)
    }

    static func cookie(named name: String, in header: String) -> String? {
        guard let range = header.range(of: "\(name)=") else { return nil }
        return String(header[range.upperBound...].prefix { $0 != ";" && $0 != "," })
    }

    static func csrfToken(in html: String) -> String? {
        guard let range = html.range(of: "name=\"_csrf\" value=\"") else { return nil }
        return String(html[range.upperBound...].prefix { $0 != "\"" })
    }

    struct ProbeFailure: Error, CustomStringConvertible {
        var description: String
    }
}
