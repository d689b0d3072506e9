import Foundation
import NIOHTTP1
import Testing
import TrialCore
@testable import TrialServer
import TrialStore
import TrialStoreTesting
import Vapor
import VaporTesting

/// The web application on a fresh database (SQLite, or PostgreSQL when `DATABASE_URL` is set), with one
/// user per role. bcrypt runs at a low cost here only to keep the suite fast.
struct TestServer {
    let app: Application
    static let password = "correct horse battery staple"

    static func run(secureCookies: Bool = false, auditKey: AuditSigningKey? = nil, clock: TestClock? = nil,
                    _ body: (TestServer) async throws -> Void) async throws {
        let disposable = try await DisposableDatabase.createMigrated(postgresServerURL: ProcessInfo.processInfo.environment["DATABASE_URL"])
        let app = try await Application.make(.testing)
        let serverClock: @Sendable () -> Date
        if let clock { serverClock = { clock.now } } else { serverClock = { Date() } }
        do {
            try await TrialServerApp.configure(app, settings: ServerSettings(database: disposable.configuration, secureCookies: secureCookies,
                                                                             bcryptCost: 4, auditKey: auditKey,
                                                                             clock: serverClock))
            app.missingTextReport = { key in MissingCatalogueKeys.shared.insert(key) }
            let server = TestServer(app: app)
            try await server.addUsers()
            try await body(server)
            try await app.asyncShutdown()
            await disposable.destroy()
        } catch {
            try? await app.asyncShutdown()
            await disposable.destroy()
            throw error
        }
    }

    var users: UserDirectory { UserDirectory(store: TrialStore(database: app.db, now: app.trialContext.settings.clock)) }

    static func username(for role: Role) -> String { "user-\(role.rawValue)" }

    private func addUsers() async throws {
        let hash = try await app.password.async.hash(Self.password)
        for role in Role.allCases {
            _ = try await users.addUser(username: Self.username(for: role), passwordHash: hash, role: role,
                                        siteCode: role == .administrator || role == .statistician ? nil : "960", by: .system)
        }
    }

    /// A fresh bearer token for the user of `role`.
    func bearer(for role: Role) async throws -> HTTPHeaders {
        let user = try #require(try await users.user(named: Self.username(for: role)))
        let (token, _) = try await users.issueToken(for: user, lifetime: 3600, actor: .system)
        var headers = HTTPHeaders()
        headers.bearerAuthorization = BearerAuthorization(token: token)
        return headers
    }
}

extension TestingHTTPResponse {
    var sessionCookie: String? {
        headers.setCookie?["trialdesk-session"]?.string
    }

    /// The cookie that carries a visitor's CSRF token before sign-in.
    var csrfCookie: String? {
        headers.setCookie?["trialdesk-csrf"]?.string
    }
}

/// Pulls the CSRF token out of a rendered form.
func csrfToken(in html: String) -> String? {
    guard let range = html.range(of: "name=\"_csrf\" value=\"") else { return nil }
    let rest = html[range.upperBound...]
    guard let end = rest.firstIndex(of: "\"") else { return nil }
    return String(rest[..<end])
}

func formBody(_ fields: [String: String]) -> ByteBuffer {
    var allowed = CharacterSet.alphanumerics
    allowed.insert(charactersIn: "-._~")
    let text = fields.sorted { $0.key < $1.key }
        .map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")" }
        .joined(separator: "&")
    return ByteBuffer(string: text)
}

extension TestServer {
    /// Screens, consents and enrolls an eligible patient through the API as the coordinator; the participant ID.
    func enrollThroughAPI() async throws -> String {
        let tester = try app.testing()
        var site = try await bearer(for: .coordinator)
        site.contentType = .json
        let created = try await tester.sendRequest(.POST, "/api/v1/screenings", headers: site,
                                                   body: ByteBuffer(string: ScreeningAPITests.screeningJSON(date: ScreeningAPITests.today)))
        let screening = try created.content.decode(ScreeningController.ScreeningView.self)
        _ = try await tester.sendRequest(.POST, "/api/v1/screenings/\(screening.id)/consent", headers: site,
                                         body: ByteBuffer(string: #"{"date":"\#(ScreeningAPITests.today)","formVersion":"2.1","obtainedBy":"Dr Li"}"#))
        let enrolled = try await tester.sendRequest(.POST, "/api/v1/screenings/\(screening.id)/enrollment", headers: site)
        return try enrolled.content.decode(ParticipantController.ParticipantView.self).participantID
    }
}

/// A clock a test moves forward (days pass without rewriting stored dates).
final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date

    init(_ start: Date = Date()) { current = start }

    var now: Date {
        lock.lock()
        defer { lock.unlock() }
        return current
    }

    func advance(days: Int) {
        lock.lock()
        current = current.addingTimeInterval(TimeInterval(days) * 86_400)
        lock.unlock()
    }
}

/// Catalogue keys a page asked for that neither catalogue holds, collected from every test server so that
/// the page tests fail on any untranslated label.
final class MissingCatalogueKeys: @unchecked Sendable {
    static let shared = MissingCatalogueKeys()
    private let lock = NSLock()
    private var keys: Set<String> = []

    func insert(_ key: String) {
        lock.lock()
        keys.insert(key)
        lock.unlock()
    }

    var all: Set<String> {
        lock.lock()
        defer { lock.unlock() }
        return keys
    }
}
