import Foundation
import TrialCore
import TrialStore
import Vapor

/// The administrator's page of accounts: who has access, in which role and site, whether the account is
/// active, when it last signed in; disable and re-enable, change role and site, reset a password. Every
/// change says why and is an audited write (21 CFR 11.10(d) and (g)); the same changes are in the API and
/// the CLI (`trialdesk user ...`), all through `UserDirectory`.
struct AccountPages: RouteCollection {
    struct AccountRow: Encodable {
        var id: String
        var username: String
        var role: String
        var roleCode: String
        var site: String
        var status: String
        var active: Bool
        var lastSignIn: String
        var activeURL: String
        var roleURL: String
        var passwordResetURL: String
    }

    struct AccountsPage: Encodable {
        var accounts: [AccountRow]
        var roles: [FormOptionView]
        /// Every version of the study definition with its reason (the administrator installs amendments).
        var protocolVersions: [ProtocolVersionRow]
    }

    struct ProtocolVersionRow: Encodable {
        var version: String
        var effectiveOn: String
        var installedAt: String
        var installedBy: String
        var reason: String
    }

    static let administrators: AccessPolicy = .roles(.administrator)

    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, SiteURL.accounts, access: Self.administrators,
                  docs: .page("Accounts: role, site, status, last sign-in; disable, enable, change role, reset password; the protocol versions with their reasons"), use: list)
        for action in [SiteURL.AccountAction.disable, .enable] {
            routes.on(.POST, SiteURL.account(SiteURL.userID, action), access: Self.administrators,
                      docs: .page("\(action.rawValue.capitalized) an account (reason required)", form: ["reason"], status: .seeOther)) { req in
                try await setActive(req, active: action == .enable)
            }
        }
        routes.on(.POST, SiteURL.account(SiteURL.userID, .role), access: Self.administrators,
                  docs: .page("Change an account's role and site (reason required)", form: ["role", "site", "reason"], status: .seeOther), use: changeRole)
        routes.on(.POST, SiteURL.account(SiteURL.userID, .passwordReset), access: Self.administrators,
                  docs: .page("Give an account a temporary password (reason required)", form: ["temporaryPassword", "reason"], status: .seeOther),
                  use: resetPassword)
    }

    func list(_ req: Request) async throws -> View {
        let texts = req.texts
        let last = try await req.users.lastSignIns()
        let rows = try await req.users.allUsers().map { account in
            AccountRow(id: account.auditEntityID, username: account.username,
                       role: texts.catalogue.texts["role.\(account.roleName)"] ?? account.roleName, roleCode: account.roleName,
                       site: account.siteCode ?? texts["site.all"],
                       status: texts[account.active ? (account.mustChooseNewPassword ? "accounts.state.newPasswordDue" : "accounts.state.active") : "accounts.state.disabled"],
                       active: account.active, lastSignIn: last[account.username].map(texts.instant) ?? texts["accounts.neverSignedIn"],
                       activeURL: SiteURL.account(account.auditEntityID, account.active ? .disable : .enable).path,
                       roleURL: SiteURL.account(account.auditEntityID, .role).path,
                       passwordResetURL: SiteURL.account(account.auditEntityID, .passwordReset).path)
        }
        let roles = Role.allCases.enumerated().map { index, role in
            FormOptionView(value: role.rawValue, label: texts["role.\(role.rawValue)"], id: "role-\(index)", selected: false)
        }
        let versions = try await StudyRepository(store: req.store).versions().map { version in
            ProtocolVersionRow(version: version.version, effectiveOn: texts.date(version.effectiveOn), installedAt: texts.instant(version.installedAt),
                               installedBy: version.installedBy, reason: version.reason)
        }
        return try await req.renderPage("accounts", title: texts["page.accounts"], AccountsPage(accounts: rows, roles: roles, protocolVersions: versions))
    }

    func setActive(_ req: Request, active: Bool) async throws -> Response {
        let admin = try req.requireUser()
        let form = try PostedForm(req)
        return try await req.showingRefusals(on: SiteURL.accounts) {
            let account = try await UserController.account(req)
            try await req.users.setActive(account, active: active, reason: form.value("reason") ?? "", by: admin.auditActor)
            return req.redirect(to: SiteURL.accounts, notice: active ? .accountEnabled : .accountDisabled)
        }
    }

    func changeRole(_ req: Request) async throws -> Response {
        let admin = try req.requireUser()
        let form = try PostedForm(req)
        return try await req.showingRefusals(on: SiteURL.accounts) {
            guard let role = form.value("role").flatMap(Role.init(spelling:)) else {
                throw ValidationFailure(field: "role", message: "is required: one of \(Role.spellings)")
            }
            let account = try await UserController.account(req)
            try await req.users.changeRole(of: account, to: role, siteCode: form.value("site"), reason: form.value("reason") ?? "", by: admin.auditActor)
            return req.redirect(to: SiteURL.accounts, notice: .accountRoleChanged)
        }
    }

    func resetPassword(_ req: Request) async throws -> Response {
        let admin = try req.requireUser()
        let form = try PostedForm(req)
        return try await req.showingRefusals(on: SiteURL.accounts) {
            let account = try await UserController.account(req)
            let password = form.pairs.first { $0.name == "temporaryPassword" }?.value ?? ""
            try ValidationFailure.throwIfAny(PasswordPolicy.standard.problems(with: password, username: account.username,
                                                                               protocolID: req.trialContext.protocolID, field: "temporaryPassword"))
            let hash = try await req.password.async.hash(password)
            try await req.users.resetPassword(of: account, temporaryHash: hash, reason: form.value("reason") ?? "", by: admin.auditActor)
            return req.redirect(to: SiteURL.accounts, notice: .accountPasswordReset)
        }
    }
}
