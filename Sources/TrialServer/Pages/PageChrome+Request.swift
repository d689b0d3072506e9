import TrialCore
import Vapor

/// A link of the page header's navigation, shown only to roles the linked page admits.
struct NavLink: Encodable {
    var href: String
    var label: String
    var current: Bool
}

extension Request {
    /// What every page's layout needs: language and texts, the study, the CSRF token and the navigation.
    func pageChrome() -> PageController.PageChrome {
        let language = self.language
        let other: Language = language == .english ? .simplifiedChinese : .english
        let texts = self.texts
        let study = trialContext.study
        let title = study.title
        return PageController.PageChrome(
            lang: language.rawValue, t: PageTextTree.of(language),
            studyTitle: language == .english ? title.en : title.zhHans, protocolVersion: study.version,
            csrf: pageCSRFToken, here: pathWithoutLanguage, otherLanguage: other.rawValue,
            otherLanguageLabel: other == .english ? "English" : "简体中文",
            nav: navigation(texts), refusals: takeRefusals())
    }

    /// This page's path and query less `lang=`, so the language switch comes back to the same page.
    var pathWithoutLanguage: String {
        let kept = (url.query ?? "").split(separator: "&").filter { !$0.hasPrefix("lang=") }
        return LocalPath.checked(kept.isEmpty ? url.path : "\(url.path)?\(kept.joined(separator: "&"))")
    }

    func pageUser() -> PageController.PageUser? {
        currentUser.map { PageController.PageUser($0, catalogue) }
    }

    private func navigation(_ texts: PageText) -> [NavLink] {
        guard let role = currentUser?.role else { return [] }
        let links: [(SiteURL, String, AccessPolicy)] = [
            (.home, "nav.dashboard", .anySignedIn),
            (.participants, "nav.participants", ParticipantController.readers),
            (.screenings, "nav.screening", ScreeningController.readers),
            (.queries, "nav.queries", DataQueryController.everyoneCleaning),
            (.audit, "nav.audit", AuditController.readers),
            (.report, "nav.report", ReportController.readers),
            (.design, "nav.design", DesignPages.statisticians),
            (.accounts, "nav.accounts", AccountPages.administrators),
        ]
        let path = url.path
        return links.filter { $0.2.allows(role) }.map { target, key, _ in
            let href = target.path
            return NavLink(href: href, label: texts[key], current: target == .home ? path == "/" : path.hasPrefix(href))
        }
    }
}
