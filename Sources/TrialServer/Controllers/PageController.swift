import TrialCore
import TrialStore
import Vapor

/// Sign-in, sign-out, password change and the home page.
struct PageController: RouteCollection {
    struct PageUser: Encodable {
        var username: String
        var role: String
        var site: String
    }

    /// What every page's layout needs: the language, its texts, the study and the CSRF token.
    struct PageChrome: Encodable {
        var lang: String
        var t: PageTextTree
        var studyTitle: String
        /// The protocol version in force (every page shows it beside the title).
        var protocolVersion: String
        var csrf: String
        /// This page's path and query, where the language switch comes back to.
        var here: String
        var otherLanguage: String
        var otherLanguageLabel: String
        var nav: [NavLink]
        /// Why the last action button was refused (shown once, at the top of the page).
        var refusals: [String] = []
        /// The paths every page may link to, from `SiteURL`.
        var urls = PageURLs()
        /// Input bounds the browser checks before sending, from the rules that enforce them.
        var limits = PageLimits()
    }

    struct PageURLs: Encodable {
        var home = SiteURL.home.path
        var signIn = SiteURL.signIn.path
        var signOut = SiteURL.signOut.path
        var language = SiteURL.language.path
        var accountPassword = SiteURL.accountPassword.path
        var participants = SiteURL.participants.path
        var screenings = SiteURL.screenings.path
        var newScreening = SiteURL.newScreening.path
        var queries = SiteURL.queries.path
        var audit = SiteURL.audit.path
    }

    struct PageLimits: Encodable {
        var passwordMinimum = PasswordPolicy.standard.minimumLength
        var text = InputLimits.textCharacters
    }

    struct SignInPage: Encodable {
        var next: String
        var username: String
        var error: String?
    }

    struct PasswordPage: Encodable {
        var errors: [FieldError]
        var saved: Bool
    }

    struct SignInForm: Content {
        var username: String
        var password: String
        var next: String?
    }

    struct LanguageForm: Content {
        var lang: String
        var next: String?
    }

    struct PasswordForm: Content {
        var currentPassword: String
        var newPassword: String
        var confirmPassword: String
    }

    func boot(routes: any RoutesBuilder) throws {
        // The pages of the trial's daily work (participants, screening, forms, queries, audit).
        try routes.register(collection: ParticipantPages())
        try routes.register(collection: ScreeningPages())
        try routes.register(collection: CaseReportFormPages())
        try routes.register(collection: QueryPages())
        try routes.register(collection: AuditPages())
        try routes.register(collection: SafetyPages())
        try routes.register(collection: AccountPages())
        try routes.register(collection: DesignPages())
        routes.on(.GET, SiteURL.home, access: .anySignedIn, docs: .page("Home: the dashboard of the signed-in user's role"), use: DashboardPage.render)
        routes.on(.GET, SiteURL.signIn, access: .anonymous, docs: .page("Sign-in page"), use: signInPage)
        routes.on(.POST, SiteURL.signIn, access: .anonymous,
                  docs: .page("Sign in; redirects to the page asked for", form: ["username", "password", "next"], status: .seeOther,
                              bodyLimit: InputLimits.signInBytes), use: signIn)
        routes.on(.POST, SiteURL.language, access: .anonymous,
                  docs: .page("Choose the page language (lang: en or zh-Hans) and go back to the page", form: ["lang", "next"], status: .seeOther,
                              bodyLimit: InputLimits.signInBytes), use: chooseLanguage)
        routes.on(.POST, SiteURL.signOut, access: .anySignedIn, docs: .page("Sign out", form: [], status: .seeOther), use: signOut)
        routes.on(.GET, SiteURL.accountPassword, access: .anySignedIn, docs: .page("Password change page"), use: passwordPage)
        routes.on(.POST, SiteURL.accountPassword, access: .anySignedIn,
                  docs: .page("Change the password", form: ["currentPassword", "newPassword", "confirmPassword"]), use: changePassword)
    }

    func signInPage(_ req: Request) async throws -> View {
        try await renderSignIn(req, username: "", error: nil)
    }

    func signIn(_ req: Request) async throws -> Response {
            let form = try req.content.decode(SignInForm.self)
            do {
                let user = try await req.signInService.signIn(username: form.username, password: form.password)
                // A new session id after sign-in (against session fixation): the old one is deleted and the
                // session middleware creates a fresh record and cookie; then the page the visitor asked for.
                if let oldID = req.session.id {
                    try await req.application.sessions.driver.deleteSession(oldID, for: req).get()
                }
                // The language chosen before signing in carries over unless the account has its own.
                let chosenBefore = req.hasSession ? req.session.data[Request.languageSessionKey] : nil
                req.session.id = nil
                req.session.data = SessionData()
                let now = UTCTimestamp.string(from: req.store.now())
                req.session.data[SessionKeys.userID] = try user.requireID().uuidString
                req.session.data[SessionKeys.signedInAt] = now
                req.session.data[SessionKeys.lastSeenAt] = now
                req.session.data[SessionKeys.epoch] = String(user.currentSessionEpoch)
                req.session.data[CSRFMiddleware.sessionKey] = CSRFMiddleware.newToken()
                if let language = user.language ?? chosenBefore { req.session.data[Request.languageSessionKey] = language }
                return req.redirect(to: safeNext(form.next))
            } catch SignInService.Failure.invalidCredentials {
                return try await renderSignIn(req, username: form.username, error: req.catalogue["signIn.invalid"])
                    .encodeResponse(status: .unauthorized, for: req)
            } catch let failure as ValidationFailure {
                // A username no account can have: said as the rule, and not shown back (it may be huge).
                return try await renderSignIn(req, username: "", error: failure.errors.map(req.texts.labelled).joined(separator: " "))
                    .encodeResponse(status: .unprocessableEntity, for: req)
            } catch SignInService.Failure.locked(let until) {
                return try await renderSignIn(req, username: form.username,
                                              error: "\(req.catalogue["signIn.locked"]) \(UTCTimestamp.string(from: until))")
                    .encodeResponse(status: .tooManyRequests, for: req)
            } catch SignInService.Failure.tooManyFromAddress {
                return try await renderSignIn(req, username: "", error: req.catalogue["signIn.tooManyFromAddress"])
                    .encodeResponse(status: .tooManyRequests, for: req)
            }
    }

    func chooseLanguage(_ req: Request) async throws -> Response {
            let form = try req.content.decode(LanguageForm.self)
            guard let language = Language(tag: form.lang) else {
                throw ValidationFailure(field: "lang", RuleMessage("input.unknownLanguage", "must be one of: {choices}",
                                                                   ["choices": Language.allCases.map(\.rawValue).joined(separator: ", ")]))
            }
            // Remembered in the session, and in the account of a signed-in user so that it follows the user to
            // another browser (an audited change of the user record). Only this POST writes it: a GET with
            // `?lang=` shows that one page in the language and changes nothing.
            req.session.data[Request.languageSessionKey] = language.rawValue
            // A visitor's session (before sign-in) lives as long as an idle one would.
            if req.currentUser == nil { req.session.data[SessionKeys.lastSeenAt] = UTCTimestamp.string(from: req.store.now()) }
            if let user = req.currentUser, let record = try await req.users.user(id: user.id), record.language != language.rawValue {
                try await req.users.setLanguage(of: record, to: language.rawValue, by: user.auditActor)
            }
            return req.redirect(to: LocalPath.checked(form.next))
    }

    func signOut(_ req: Request) async throws -> Response {
        req.session.destroy()
        return req.redirect(to: SiteURL.signIn)
    }

    func passwordPage(_ req: Request) async throws -> View {
        try await renderPassword(req, errors: [], saved: false)
    }

    func changePassword(_ req: Request) async throws -> Response {
            let user = try req.requireUser()
            let form = try req.content.decode(PasswordForm.self)
            var errors = PasswordPolicy.standard.problems(with: form.newPassword, username: user.username, protocolID: req.trialContext.protocolID, field: "newPassword")
            if form.newPassword != form.confirmPassword {
                errors.append(FieldError(field: "confirmPassword", RuleMessage("account.confirmationDiffers", "does not match the new password")))
            }
            guard let record = try await req.users.user(id: user.id) else { throw Abort(.unauthorized) }
            do {
                if !(try await req.signInService.reenteredPasswordMatches(form.currentPassword, of: record, actor: user.auditActor)) {
                    errors.append(FieldError(field: "currentPassword", RuleMessage("account.wrongCurrentPassword", "is not your current password")))
                }
            } catch SignInService.Failure.locked(let until) {
                let locked = FieldError(field: "currentPassword", SignInService.reentryLocked(until: until))
                return try await renderPassword(req, errors: [locked], saved: false).encodeResponse(status: .tooManyRequests, for: req)
            }
            if !errors.isEmpty {
                return try await renderPassword(req, errors: errors, saved: false).encodeResponse(status: .unprocessableEntity, for: req)
            }
            let hash = try await req.password.async.hash(form.newPassword)
            // Every other sign-in of the user ends; this session moves to the new epoch and stays.
            let epoch = try await req.users.changePassword(of: record, newHash: hash, keepingToken: user.tokenID, by: user.auditActor)
            if req.hasSession, req.session.data[SessionKeys.userID] != nil { req.session.data[SessionKeys.epoch] = String(epoch) }
            var refreshed = user
            refreshed.mustChangePassword = false
            req.currentUser = refreshed
            return try await renderPassword(req, errors: [], saved: true).encodeResponse(for: req)
    }

    private func renderSignIn(_ req: Request, username: String, error: String?) async throws -> View {
        try await req.renderPage("sign-in", title: req.catalogue["page.signIn"], SignInPage(
            next: safeNext(req.query[String.self, at: "next"] ?? (try? req.content.get(String.self, at: "next"))),
            username: username, error: error))
    }

    private func renderPassword(_ req: Request, errors: [FieldError], saved: Bool) async throws -> View {
        try await req.renderPage("password", title: req.catalogue["page.changePassword"], PasswordPage(
            errors: errors.map { Self.shownOnPasswordPage($0, texts: req.texts) }, saved: saved))
    }

    /// A password error named by the field's label and phrased in the page language.
    private static func shownOnPasswordPage(_ error: FieldError, texts: PageText) -> FieldError {
        let labels = ["currentPassword": "password.current", "newPassword": "password.new", "confirmPassword": "password.confirm"]
        return FieldError(field: labels[error.field].map { texts[$0] } ?? error.field, message: texts.message(error))
    }

    private func safeNext(_ next: String?) -> String {
        LocalPath.checked(next)
    }
}

extension PageController.PageUser {
    init(_ user: CurrentUser, _ catalogue: Catalogue) {
        self.init(username: user.username, role: catalogue["role.\(user.role.rawValue)"],
                  site: user.scope.siteCode ?? catalogue["site.all"])
    }
}
