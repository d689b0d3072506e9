import TrialCore
import Vapor

extension Request {
    /// The page of a long list the request asks for (`?limit=&offset=`), checked by `ListPage`: a value out of
    /// range is a 422 naming it, never "everything".
    func listPage(defaultLimit: Int = InputLimits.listPageDefault) throws -> ListPage {
        try ListPage(limitText: query[String.self, at: "limit"], offsetText: query[String.self, at: "offset"], defaultLimit: defaultLimit)
    }
}
