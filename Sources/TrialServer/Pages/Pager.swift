import Foundation
import TrialCore
import Vapor

/// The links under a paged list: which rows are shown of how many, and the previous and next screens of
/// the same list (the page's own filters kept).
struct Pager: Encodable {
    var summary: String
    var previousURL: String?
    var nextURL: String?

    init(_ req: Request, page: ListPage, shown: Int, total: Int, texts: PageText) {
        let first = total == 0 ? 0 : page.offset + 1
        summary = texts.format("pager.summary", ["first": String(first), "last": String(page.offset + shown), "total": String(total)])
        let number = page.screenNumber
        previousURL = number > 1 ? Self.url(req, screen: number - 1) : nil
        nextURL = page.offset + shown < total ? Self.url(req, screen: number + 1) : nil
    }

    /// This page's own path and query with another screen number.
    private static func url(_ req: Request, screen: Int) -> String {
        var components = URLComponents()
        components.path = req.url.path
        var items = (URLComponents(string: req.url.string)?.queryItems ?? []).filter { $0.name != "page" && $0.name != "done" }
        if screen > 1 { items.append(URLQueryItem(name: "page", value: String(screen))) }
        components.queryItems = items.isEmpty ? nil : items
        return LocalPath.checked(components.string)
    }
}

extension Request {
    /// The screen of a paged list the page asks for (`?page=2`), refused naming `page` when not a number.
    func listScreen() throws -> ListPage {
        guard let text = query[String.self, at: "page"] else { return try ListPage.screen(nil) }
        // Text that is no number is refused by the same rule as a number out of range (0 is never a page).
        return try ListPage.screen(Int(text) ?? 0)
    }
}
