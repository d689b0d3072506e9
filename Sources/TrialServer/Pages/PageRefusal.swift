import TrialCore
import TrialStore
import Vapor

extension Request {
    static let refusalSessionKey = "refusal"

    /// Runs a page's action button (raise or answer a query, verify, lock, unlock, acknowledge). When a rule
    /// refuses it (a validation failure, a conflict with the saved state, a missing reason), the user goes
    /// back to `page` and reads why there, in the page language, instead of landing on the error page;
    /// nothing was saved. Other errors (not found, no access) keep their own pages.
    func showingRefusals(on page: SiteURL, _ action: () async throws -> Response) async throws -> Response {
        try await showingRefusals(on: page.path, action)
    }

    /// The same, back to a local path the page gave (a list's own filters kept).
    func showingRefusals(on page: String, _ action: () async throws -> Response) async throws -> Response {
        do {
            return try await action()
        } catch {
            guard case let (_, errors)? = TrialErrorMiddleware.refusal(error) else { throw error }
            session.data[Self.refusalSessionKey] = errors.map(texts.message).joined(separator: "\n")
            return redirect(to: page, redirectType: .normal)
        }
    }

    /// The refusal left by `showingRefusals`, shown once by the next page.
    func takeRefusals() -> [String] {
        guard hasSession, let text = session.data[Self.refusalSessionKey] else { return [] }
        session.data[Self.refusalSessionKey] = nil
        return text.split(separator: "\n").map(String.init)
    }
}
