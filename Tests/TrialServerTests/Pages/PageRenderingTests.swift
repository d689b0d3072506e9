import FluentKit
import Foundation
import Testing
import TrialCore
@testable import TrialServer
import TrialStore
import Vapor
import VaporTesting

/// Every page, for every role, in both languages: the role matrix decides 200 or 403, no template fails,
/// and no label is left untranslated.
@Suite struct PageRenderingTests {
    /// A rendered page shows no catalogue key (a missing translation shows as its key). Data shown as
    /// code (the audit trail's field paths) is not text.
    static func untranslatedKeys(in html: String) -> [String] {
        let pattern = #"(?<!<code)>\s*((page|nav|form|field|group|option|notice|query|casebook|dashboard|participants|screening|randomize|response|qlq|audit|control|sign|visit|criterion|consent|error)\.[A-Za-z0-9.\-]+)\s*<"#
        guard let regex = try? NSRegularExpression(pattern: pattern) else { return [] }
        let range = NSRange(html.startIndex..., in: html)
        return regex.matches(in: html, range: range).compactMap { Range($0.range(at: 1), in: html).map { String(html[$0]) } }
    }

    @Test func every_page_answers_every_role_as_the_role_matrix_says_in_both_languages() async throws {
        try await TestServer.run { server in
            let randomized = try await PageFixtures.participant(server, randomized: true)
            let waiting = try await PageFixtures.participant(server, randomized: false)
            var coordinator = try await PageSession.signIn(server, as: .coordinator)
            try await coordinator.get("/participants/\(randomized)/forms/baseline/new")
            let saved = try await coordinator.post("/participants/\(randomized)/forms/baseline", PageFixtures.baseline())
            #expect(saved.status == .seeOther, "\(saved.body.string)")
            let baselineID = String(saved.location.split(separator: "?")[0].split(separator: "/").last ?? "")
            let participant = try #require(try await ParticipantRecord.query(on: server.app.db).filter(\.$participantID == randomized).first())

            let pages = server.app.routes.all.filter { route in
                route.method == .GET && route.accessPolicy?.requiresSignIn == true && !["api", "metrics"].contains(route.path.first?.description)
            }
            #expect(pages.count >= 12, "page routes: \(pages.count)")
            let tester = try server.app.testing()
            for route in pages {
                let policy = try #require(route.accessPolicy)
                let path = "/" + route.path.map { component -> String in
                    guard case .parameter(let name) = component else { return component.description }
                    switch name {
                    case "participantID": return route.path.contains(where: { $0.description == "randomize" }) ? waiting : randomized
                    case "form": return "baseline"
                    case "formID": return baselineID
                    case "screeningID": return participant.screeningID.uuidString.lowercased()
                    default: return name
                    }
                }.joined(separator: "/")
                for role in Role.allCases {
                    let headers = try await server.bearer(for: role)
                    for language in Language.allCases {
                        let response = try await tester.sendRequest(.GET, "\(path)?lang=\(language.rawValue)", headers: headers)
                        let expected: HTTPResponseStatus = policy.allows(role) ? .ok : .forbidden
                        #expect(response.status == expected, "\(path) as \(role) in \(language): \(response.status) \(response.body.string.prefix(300))")
                        if response.status == .ok {
                            #expect(response.body.string.contains("<html lang=\"\(language.rawValue)\">"))
                            let untranslated = Self.untranslatedKeys(in: response.body.string)
                            #expect(untranslated.isEmpty, "\(path) as \(role) in \(language) shows keys \(untranslated)")
                        }
                    }
                }
            }
            #expect(MissingCatalogueKeys.shared.all.isEmpty, "keys missing from the catalogues: \(MissingCatalogueKeys.shared.all.sorted())")
        }
    }

    @Test(arguments: CaseReportEntry.recordedKinds)
    func every_form_kind_renders_a_labelled_new_form_in_both_languages(kind: CaseReportForm) async throws {
        try await TestServer.run { server in
            let participant = try await PageFixtures.participant(server, randomized: true)
            var coordinator = try await PageSession.signIn(server, as: .coordinator)
            try await coordinator.get("/participants/\(participant)/forms/baseline/new")
            _ = try await coordinator.post("/participants/\(participant)/forms/baseline", PageFixtures.baseline())
            for language in Language.allCases {
                let page = try await coordinator.get("/participants/\(participant)/forms/\(kind.rawValue)/new?lang=\(language.rawValue)")
                #expect(page.status == .ok, "\(kind) \(language): \(page.status)")
                let html = page.body.string
                #expect(Self.untranslatedKeys(in: html).isEmpty, "\(kind) \(language): \(Self.untranslatedKeys(in: html))")
                // Every visible input has a label naming it.
                let ids = Self.matches(#"<(?:input|select|textarea) (?:type="(?!hidden)[a-z-]+" )?id="([^"]+)""#, in: html)
                #expect(!ids.isEmpty)
                for id in ids where !id.hasPrefix("q") && !id.hasPrefix("status") && !id.hasPrefix("participant") {
                    #expect(html.contains("for=\"\(id)\"") || html.contains("aria-labelledby"), "\(kind): input \(id) has no label")
                }
            }
            #expect(MissingCatalogueKeys.shared.all.isEmpty, "keys missing from the catalogues: \(MissingCatalogueKeys.shared.all.sorted())")
        }
    }

    static func matches(_ pattern: String, in text: String) -> [String] {
        guard let regex = try? NSRegularExpression(pattern: pattern) else { return [] }
        return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap {
            Range($0.range(at: 1), in: text).map { String(text[$0]) }
        }
    }
}
