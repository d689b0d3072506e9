import Foundation
import TrialCore
import Vapor

/// What every page shows around its own content: the title, the layout's chrome (language, texts,
/// navigation, CSRF token, refusals), the signed-in user and the notice of the write that led here.
struct PageFrame: Encodable {
    var title: String
    var page: PageController.PageChrome
    var user: PageController.PageUser?
    var notice: String?
}

/// A page's own values with the frame beside them, at the top level of the template's context, so that
/// each page model holds only what is its own.
struct FramedPage<Content: Encodable>: Encodable {
    let frame: PageFrame
    let content: Content

    func encode(to encoder: any Encoder) throws {
        try frame.encode(to: encoder)
        try content.encode(to: encoder)
    }
}

/// The notice a page shows once after a write redirected to it (`?done=`): one name per outcome.
enum PageNotice: String, CaseIterable, Sendable {
    case saved, corrected, screened, consented, enrolled, randomized, signed, acknowledged
    case savedWithQueries = "saved-with-queries"
    case screeningCorrected = "screening-corrected"
    case casebookLocked = "casebook-locked"
    case casebookUnlocked = "casebook-unlocked"
    case formVerified = "form-verify"
    case formLocked = "form-lock"
    case formUnlocked = "form-unlock"
    case queryRaised = "query-raised"
    case queryAnswered = "query-answer"
    case queryClosed = "query-close"
    case queryReopened = "query-reopen"
    case accountDisabled = "account-disabled"
    case accountEnabled = "account-enabled"
    case accountRoleChanged = "account-role-changed"
    case accountPasswordReset = "account-password-reset"

    /// A save's notice: plain, or saying that edit checks raised queries.
    static func afterSave(correction: Bool, raisedQueries: Bool) -> PageNotice {
        raisedQueries ? .savedWithQueries : (correction ? .corrected : .saved)
    }

    static func after(_ action: DataQueryAction) -> PageNotice {
        switch action {
        case .answer: return .queryAnswered
        case .close: return .queryClosed
        case .reopen: return .queryReopened
        }
    }
}

extension Request {
    /// Renders `template` with `content` inside the shared frame; `refusals` are shown at the top of the
    /// page with any left by the last action button.
    func renderPage(_ template: String, title: String, _ content: some Encodable, refusals: [String] = []) async throws -> View {
        try await renderPage(template, frame: pageFrame(title: title, refusals: refusals), content)
    }

    /// This request's frame: chrome, user and notice, with `refusals` added to those left by the last action.
    func pageFrame(title: String, refusals: [String] = []) -> PageFrame {
        var frame = PageFrame(title: title, page: pageChrome(), user: pageUser(), notice: notice())
        frame.page.refusals += refusals
        return frame
    }

    func renderPage(_ template: String, frame: PageFrame, _ content: some Encodable) async throws -> View {
        try await view.render(template, FramedPage(frame: frame, content: content))
    }

    /// The same, answered with `status` (a refused form shows again with 422 or 409).
    func renderPage(_ template: String, title: String, _ content: some Encodable, status: HTTPResponseStatus,
                    refusals: [String] = []) async throws -> Response {
        let response = try await renderPage(template, title: title, content, refusals: refusals).encodeResponse(for: self)
        response.status = status
        return response
    }

    /// After a page form's write: to `url`, with the notice the page there shows once.
    func redirect(to url: SiteURL, notice: PageNotice) -> Response {
        redirect(to: url.path(notice: notice), redirectType: .normal)
    }

    /// Back to a local path a page gave (`returnTo`, checked by the caller), with the notice.
    func redirect(to path: String, notice: PageNotice) -> Response {
        redirect(to: path + (path.contains("?") ? "&" : "?") + "done=\(notice.rawValue)", redirectType: .normal)
    }

    func redirect(to url: SiteURL) -> Response {
        redirect(to: url.path, redirectType: .normal)
    }

    /// The notice of a redirect after a write, translated; only known notices are shown.
    func notice() -> String? {
        guard let key = query[String.self, at: "done"], let notice = PageNotice(rawValue: key) else { return nil }
        return catalogue.texts["notice.\(notice.rawValue)"]
    }
}
