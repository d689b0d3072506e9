import Foundation
import TrialCore
import Vapor

/// The answers of the list reads (the query inbox, the participants, the screening log, the audit trail and
/// the work lists, as pages and in the API), kept per reader while nothing they show can have changed.
///
/// Such an answer is a function of the request's path and query, the reader (user, role, site scope and
/// language, and for the API the formats it accepts), the audit chain head and the trial day: every change
/// of a participant, form, query, screening or account is an audited write that moves the head, and visits
/// fall due and overdue with the day. Each list is a hundred rows or more, read, decoded and rendered or
/// encoded for every request: 10-24 ms of CPU apiece, which 32 readers on two cores queued past 50 ms.
///
/// As for the dashboard, the head is read before the data, so that data read during a later write is never
/// kept under the earlier head; a page is kept with its CSRF token slots cut out and each request fills in its
/// own; a page with a refusal to show (once) is computed for its request alone, as is everything for a user
/// who must change the password first. Only complete 200 answers are kept.
final class ReadAnswerCache: Sendable {
    struct Key: DataVersionedKey {
        var path: String
        var accept: String
        var username: String
        /// A session's pages and a bearer client's may differ in what the page offers; never one for the other.
        var viaSession: Bool
        var role: Role
        var scope: SiteScope
        var language: String
        var dataVersion: DataVersion
    }

    struct Answer: Sendable {
        var status: HTTPResponseStatus
        var headers: HTTPHeaders
        var body: TokenSlottedPage
    }

    /// Pages of several lists for every reader; the answers are 20-300 KB, so a byte bound keeps the memory
    /// small whatever the readers ask for.
    static let capacity = 512
    static let byteBudget = 48 << 20

    let tokenPlaceholder = TokenSlottedPage.newPlaceholder()
    private let answers = SingleFlightKeeping<Key, Answer>(capacity: capacity, byteBudget: byteBudget, size: { $0.body.byteCount })

    var reusedAndComputed: (reused: Int, computed: Int) { answers.reusedAndComputed }

    /// `handler` with its answers kept as this type describes.
    static func keeping<Answered: AsyncResponseEncodable>(
        _ handler: @escaping @Sendable (Request) async throws -> Answered
    ) -> @Sendable (Request) async throws -> Response {
        { req in
            guard let cache = req.application.readAnswerCache, req.method == .GET, let user = req.currentUser,
                  !user.mustChangePassword, !req.hasRefusalToShow else {
                return try await handler(req).encodeResponse(for: req)
            }
            let head = try await req.store.chainHead()
            let key = Key(path: req.url.string, accept: req.headers[.accept].joined(separator: ","), username: user.username,
                          viaSession: user.via == .session, role: user.role, scope: user.scope, language: req.language.rawValue,
                          dataVersion: DataVersion(chainSequence: head.sequence, chainHash: head.hash, day: req.caseReports.today))
            let answer = try await cache.answers.value(for: key, keep: { $0.status == .ok }) {
                req.storage[PageTokenSlot.self] = cache.tokenPlaceholder
                defer { req.storage[PageTokenSlot.self] = nil }
                let response = try await handler(req).encodeResponse(for: req)
                guard let body = response.body.buffer else {
                    throw Abort(.internalServerError, reason: "a kept read answered with a stream: it cannot be shared")
                }
                var headers = response.headers
                headers.remove(name: .setCookie)
                headers.remove(name: .contentLength)
                return Answer(status: response.status, headers: headers,
                              body: TokenSlottedPage(body, placeholder: cache.tokenPlaceholder))
            }
            return Response(status: answer.status, headers: answer.headers, body: .init(buffer: answer.body.filled(with: req.csrfToken)))
        }
    }
}

/// While a kept page is rendered: what the page writes in place of the request's CSRF token.
struct PageTokenSlot: StorageKey {
    typealias Value = String
}

extension Request {
    /// The CSRF token a page writes: the request's own, or the slot of a page being kept for its reader.
    var pageCSRFToken: String { storage[PageTokenSlot.self] ?? csrfToken }

    /// A refusal left by the last action button, shown once by the next page.
    var hasRefusalToShow: Bool { hasSession && session.data[Self.refusalSessionKey] != nil }
}

extension Application {
    private struct ReadAnswerCacheKey: StorageKey {
        typealias Value = ReadAnswerCache
    }

    /// Set when the server is configured; a bare application computes every answer.
    var readAnswerCache: ReadAnswerCache? {
        get { storage[ReadAnswerCacheKey.self] }
        set { storage[ReadAnswerCacheKey.self] = newValue }
    }
}
