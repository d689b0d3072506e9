import Foundation
import LeafKit
import Testing
import TrialCore
@testable import TrialServer
import TrialStore
import Vapor
import VaporTesting

@Suite struct LocalizationTests {
    @Test func both_catalogues_hold_the_same_keys_and_no_empty_text() {
        let english = Catalogue.of(.english).texts
        // Rule messages are worded in English once, by the rule in TrialCore; only other languages list them.
        let chinese = Catalogue.of(.simplifiedChinese).texts.filter { !$0.key.hasPrefix("rule.") && !$0.key.hasPrefix("ruleValue.") }
        #expect(!english.isEmpty)
        #expect(!english.keys.contains { $0.hasPrefix("rule.") }, "English rule sentences live with the rules")
        #expect(Set(english.keys) == Set(chinese.keys), "keys only in one catalogue: \(Set(english.keys).symmetricDifference(chinese.keys).sorted())")
        #expect(english.values.allSatisfy { !$0.trimmingCharacters(in: .whitespaces).isEmpty })
        #expect(chinese.values.allSatisfy { !$0.trimmingCharacters(in: .whitespaces).isEmpty })
        for role in Role.allCases {
            #expect(english["role.\(role.rawValue)"] != nil, "no label for \(role)")
        }
    }

    /// The texts' tree is converted for Leaf once per language; every key of the catalogue must still be
    /// found along its dotted path, with its own text, in both languages.
    @Test func the_prepared_page_texts_hold_every_catalogue_text_at_its_path() {
        for language in Language.allCases {
            let texts = Catalogue.of(language).texts
            let prepared = PageTextTree.of(language).leafData
            #expect(prepared.dictionary?.isEmpty == false)
            for (key, text) in texts {
                var node: LeafData? = prepared
                for part in key.split(separator: ".") { node = node?.dictionary?[String(part)] }
                #expect(node?.string == text, "\(language.rawValue): \(key)")
            }
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

    /// Every rule message written in the sources (`RuleMessage("code", "English template"...)`) has a Chinese
    /// template naming the same values, and one code always has one English wording.
    @Test func every_rule_message_has_a_chinese_template_with_the_same_values() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let chinese = Catalogue.of(.simplifiedChinese).texts
        let pattern = try NSRegularExpression(pattern: #"RuleMessage\(\s*"([A-Za-z0-9.]+)",\s*"((?:[^"\\]|\\.)*)""#)
        var english: [String: String] = [:]
        for module in ["TrialCore", "TrialStore", "TrialServer"] {
            let folder = root.appendingPathComponent("Sources/\(module)")
            let files = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)?
                .compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" } ?? []
            for file in files {
                let source = try String(contentsOf: file, encoding: .utf8)
                for match in pattern.matches(in: source, range: NSRange(source.startIndex..., in: source)) {
                    guard let code = Range(match.range(at: 1), in: source).map({ String(source[$0]) }),
                          let template = Range(match.range(at: 2), in: source).map({ String(source[$0]) }) else { continue }
                    #expect(!template.contains("\\("), "\(code): the template interpolates; name the value in braces instead")
                    if let earlier = english[code] {
                        #expect(earlier == template, "\(code) has two English wordings: \(earlier) / \(template)")
                    }
                    english[code] = template
                }
            }
        }
        #expect(english.count > 150, "rule messages found: \(english.count)")
        for (code, template) in english.sorted(by: { $0.key < $1.key }) {
            guard let translated = chinese["rule.\(code)"] else {
                Issue.record("rule.\(code) has no Chinese template (English: \(template))")
                continue
            }
            #expect(RuleMessage.placeholders(in: translated) == RuleMessage.placeholders(in: template),
                    "rule.\(code): the Chinese template names \(RuleMessage.placeholders(in: translated).sorted()), the English \(RuleMessage.placeholders(in: template).sorted())")
        }
        let unused = chinese.keys.filter { $0.hasPrefix("rule.") && english[String($0.dropFirst("rule.".count))] == nil }
        #expect(unused.isEmpty, "Chinese templates of no rule: \(unused.sorted())")
    }

    @Test func a_coded_rule_message_is_phrased_in_the_page_language() {
        let error = FieldError(field: "date", RuleMessage("date.afterDeath", "{date} is after the participant's death on {death}",
                                                          ["date": "2026-03-02", "death": "2026-02-01"]))
        #expect(error.message == "2026-03-02 is after the participant's death on 2026-02-01")
        #expect(PageText(catalogue: .of(.english)).message(error) == error.message)
        let chinese = PageText(catalogue: .of(.simplifiedChinese)).message(error)
        #expect(chinese.contains("2026-03-02") && chinese.contains("2026-02-01") && chinese.contains("死亡"), "\(chinese)")
        let uncoded = FieldError(field: "x", message: "plain")
        #expect(PageText(catalogue: .of(.simplifiedChinese)).message(uncoded) == "plain")
    }

    @Test func lang_parameter_switches_and_accept_language_picks_for_a_new_visitor() async throws {
        try await TestServer.run { server in
            let tester = try server.app.testing()
            let chinese = try await tester.sendRequest(.GET, "/sign-in?lang=zh-Hans")
            #expect(chinese.body.string.contains("<html lang=\"zh-Hans\">"))
            #expect(chinese.body.string.contains("用户名"))
            #expect(chinese.sessionCookie == nil, "a GET with ?lang= shows the page in that language and remembers nothing")
            let csrf = try #require(chinese.csrfCookie)
            let token = try #require(csrfToken(in: chinese.body.string))
            let chosen = try await tester.sendRequest(.POST, "/language",
                                                      headers: ["Cookie": "trialdesk-csrf=\(csrf)", "Content-Type": "application/x-www-form-urlencoded"],
                                                      body: formBody(["lang": "zh-Hans", "next": "/sign-in", "_csrf": token]))
            #expect(chosen.status == .seeOther)
            #expect(chosen.headers.first(name: .location) == "/sign-in")
            let cookie = try #require(chosen.sessionCookie)
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
            var headers = try await server.bearer(for: .monitor)
            let page = try await server.app.testing().sendRequest(.GET, "/?lang=zh-Hans", headers: headers)
            #expect(page.status == .ok)
            #expect(page.body.string.contains("监查员"))
            #expect(try await server.users.user(named: TestServer.username(for: .monitor))?.language == nil, "a GET changes nothing")
            headers.contentType = .urlEncodedForm
            let chosen = try await server.app.testing().sendRequest(.POST, "/language", headers: headers, body: formBody(["lang": "zh-Hans", "next": "/"]))
            #expect(chosen.status == .seeOther)
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
