import Foundation
import Testing
import TrialCore
@testable import TrialServer
import TrialStore
import Vapor
import VaporTesting

@Suite struct LocalizationTests {
    @Test func both_catalogues_hold_the_same_keys_and_no_empty_text() {
        let english = Catalogue.of(.english).texts
        let chinese = Catalogue.of(.simplifiedChinese).texts
        #expect(!english.isEmpty)
        #expect(Set(english.keys) == Set(chinese.keys), "keys only in one catalogue: \(Set(english.keys).symmetricDifference(chinese.keys).sorted())")
        #expect(english.values.allSatisfy { !$0.trimmingCharacters(in: .whitespaces).isEmpty })
        #expect(chinese.values.allSatisfy { !$0.trimmingCharacters(in: .whitespaces).isEmpty })
        for role in Role.allCases {
            #expect(english["role.\(role.rawValue)"] != nil, "no label for \(role)")
        }
    }

    /// Every word a page shows comes from the catalogue: with tags, Leaf expressions and entities removed,
    /// no template has letters left.
    @Test func templates_contain_no_untranslated_text() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/TrialServer/Resources/Views")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".leaf") }
        #expect(!files.isEmpty)
        for file in files {
            var text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            for pattern in [#"<!--.*?-->"#, #"<[^>]*>"#, #"#\([^()]*(\([^()]*\))?[^()]*\)"#, #"#(extend|export|import|if|elseif|for|endif|endfor|endexport|endextend|else)\b(\([^)]*\))?:?"#, #"&[a-z]+;"#] {
                text = text.replacingOccurrences(of: pattern, with: " ", options: [.regularExpression])
            }
            let leftover = text.split(whereSeparator: \.isWhitespace).filter { $0.contains(where: \.isLetter) }
            #expect(leftover.isEmpty, "\(file) shows untranslated text: \(leftover.prefix(10))")
        }
    }

    @Test func lang_parameter_switches_and_accept_language_picks_for_a_new_visitor() async throws {
        try await TestServer.run { server in
            let tester = try server.app.testing()
            let chinese = try await tester.sendRequest(.GET, "/sign-in?lang=zh-Hans")
            #expect(chinese.body.string.contains("<html lang=\"zh-Hans\">"))
            #expect(chinese.body.string.contains("用户名"))
            let cookie = try #require(chinese.headers.setCookie?["trialdesk-session"]?.string)
            let remembered = try await tester.sendRequest(.GET, "/sign-in", headers: ["Cookie": "trialdesk-session=\(cookie)"])
            #expect(remembered.body.string.contains("用户名"), "the choice is remembered")
            let browser = try await tester.sendRequest(.GET, "/sign-in", headers: ["Accept-Language": "zh-CN,zh;q=0.9,en;q=0.8"])
            #expect(browser.body.string.contains("<html lang=\"zh-Hans\">"))
            let english = try await tester.sendRequest(.GET, "/sign-in", headers: ["Accept-Language": "en-GB,en;q=0.9"])
            #expect(english.body.string.contains("Username"))
        }
    }

    @Test func a_signed_in_users_choice_is_saved_in_the_account() async throws {
        try await TestServer.run { server in
            let headers = try await server.bearer(for: .monitor)
            let page = try await server.app.testing().sendRequest(.GET, "/?lang=zh-Hans", headers: headers)
            #expect(page.status == .ok)
            #expect(page.body.string.contains("监查员"))
            let saved = try await server.users.user(named: TestServer.username(for: .monitor))
            #expect(saved?.language == "zh-Hans")
        }
    }

    @Test func accept_language_negotiation_honours_quality_values() {
        #expect(Language.negotiate(acceptLanguage: "en;q=0.5, zh-CN;q=0.9") == .simplifiedChinese)
        #expect(Language.negotiate(acceptLanguage: "fr-FR, de") == .english)
        #expect(Language.negotiate(acceptLanguage: nil) == .english)
        #expect(Language(tag: "zh-Hans-CN") == .simplifiedChinese)
    }
}
