import TrialCore
import TrialStore
import Vapor

/// Remembers a `?lang=` choice: in the session for everyone, and in the signed-in user's account so that
/// it follows the user to another browser (an audited change of the user record).
struct LanguageMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if let asked = request.query[String.self, at: "lang"].flatMap(Language.init(tag:)) {
            request.session.data[Request.languageSessionKey] = asked.rawValue
            if let user = request.currentUser, let record = try await request.users.user(id: user.id), record.language != asked.rawValue {
                try await request.users.setLanguage(of: record, to: asked.rawValue, by: user.auditActor)
            }
        }
        return try await next.respond(to: request)
    }
}
