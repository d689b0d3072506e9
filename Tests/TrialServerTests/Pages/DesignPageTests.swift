import Foundation
import Testing
import TrialCore
@testable import TrialServer
import Vapor
import VaporTesting

/// The statistician's design page: this trial's design and paragraph in either language, a design computed
/// from the form, and inputs refused with their rule; other roles are refused the page.
@Suite struct DesignPageTests {
    @Test func the_statistician_sees_this_trials_design_in_either_language() async throws {
        try await TestServer.run { server in
            let tester = try server.app.testing()
            let statistician = try await server.bearer(for: .statistician)
            let english = try await tester.sendRequest(.GET, "/design?lang=en", headers: statistician)
            #expect(english.status == .ok)
            let page = english.body.string
            #expect(page.contains("Boundaries"))
            #expect(page.contains("Efficacy boundary (z)"))
            #expect(page.contains("progression events are expected at the analysis"), "this trial's paragraph")
            #expect(page.contains("href=\"/design\" aria-current=\"page\""), "the statistician's navigation links the page")
            let chinese = try await tester.sendRequest(.GET, "/design?lang=zh-Hans", headers: statistician)
            #expect(chinese.body.string.contains("本试验的设计"))
            #expect(chinese.body.string.contains("例受试者"), "the Chinese paragraph")
            let coordinator = try await tester.sendRequest(.GET, "/design", headers: try await server.bearer(for: .coordinator))
            #expect(coordinator.status == .forbidden)
        }
    }

    @Test func a_fixed_design_is_computed_from_the_form() async throws {
        try await TestServer.run { server in
            var headers = try await server.bearer(for: .statistician)
            headers.contentType = .urlEncodedForm
            let fields = ["alpha": "0.025", "sided": "1", "power": "0.8", "hazardRatio": "0.7", "controlMedianMonths": "5",
                          "accrualMonths": "12", "followUpMonths": "12", "dropoutRatePerYear": "0.05", "method": "schoenfeld"]
            let answer = try await server.app.testing().sendRequest(.POST, "/design?lang=en", headers: headers,
                                                                    body: formBody(fields))
            #expect(answer.status == .ok)
            // Schoenfeld: (z(0.975) + z(0.8))^2 4 / log(0.7)^2 = 246.79 events, 247 rounded up.
            let z = 1.959963984540054 + 0.8416212335729143
            let events = z * z * 4 / (log(0.7) * log(0.7))
            #expect(answer.body.string.contains("<td>247 (\(DesignPages.number(events, 2)))</td>"))
            #expect(!answer.body.string.contains("design-boundaries"), "a fixed design has no boundaries table")
        }
    }

    @Test func bad_inputs_are_refused_with_their_field_and_rule() async throws {
        try await TestServer.run { server in
            var headers = try await server.bearer(for: .statistician)
            headers.contentType = .urlEncodedForm
            let tester = try server.app.testing()
            let word = try await tester.sendRequest(.POST, "/design?lang=zh-Hans", headers: headers,
                                                    body: formBody(["alpha": "0.025", "hazardRatio": "abc", "accrualMonths": "12",
                                                                    "followUpMonths": "12", "controlMedianMonths": "5", "power": "0.8"]))
            #expect(word.status == .unprocessableEntity)
            #expect(word.body.string.contains("hazardRatio: “abc”不是数字"))
            let one = try await tester.sendRequest(.POST, "/design?lang=en", headers: headers,
                                                   body: formBody(["alpha": "0.025", "hazardRatio": "1", "accrualMonths": "12",
                                                                   "followUpMonths": "12", "controlMedianMonths": "5", "power": "0.8"]))
            #expect(one.status == .unprocessableEntity)
            #expect(one.body.string.contains("hazardRatio: must be &gt; 0 and != 1") || one.body.string.contains("hazardRatio: must be > 0 and != 1"))
            // The same rules on the Chinese page, numbers kept.
            let base = ["alpha": "0.025", "accrualMonths": "12", "followUpMonths": "12", "controlMedianMonths": "5", "power": "0.8", "hazardRatio": "0.6"]
            for (changes, shown) in [(["hazardRatio": "1"], "hazardRatio: 必须 &gt; 0 且不等于 1"),
                                     (["sided": "3"], "sided: 必须为 1 或 2"),
                                     (["informationFractions": "0.5, 0.8", "type": "asOF"], "informationFractions: 必须以 1 结尾"),
                                     (["informationFractions": "0.5, 1", "type": "asOF", "futilityBounds": "5"],
                                      "futilityBounds: 每个阶段都必须低于有效性界值（第 1 阶段：低于 ")] {
                let chinese = try await tester.sendRequest(.POST, "/design?lang=zh-Hans", headers: headers,
                                                           body: formBody(base.merging(changes) { $1 }))
                #expect(chinese.status == .unprocessableEntity)
                #expect(chinese.body.string.contains(shown), "\(changes)")
            }
        }
    }

    @Test func every_design_rule_has_its_chinese_text_and_numbers_move_into_it() throws {
        #expect(DesignRuleText.template(of: "must be a number between -40 and 40 for asHSD").0 == "must be a number between {0} and {1} for asHSD")
        #expect(DesignRuleText.template(of: "must be > 0 and < 0.5 when sided is 2").1 == ["0", "0.5", "2"])
        #expect(DesignRuleText.template(of: "must be numbers >= -6 on the z scale (-6: no futility stop at that stage)").1 == ["-6", "-6"])
        #expect(DesignRuleText.template(of: "must equal the group-sequential design's alpha and sides").1.isEmpty)
        #expect(DesignRuleText.text("must be between 4 and 100000", in: .simplifiedChinese) == "必须在 4 与 100000 之间")
        #expect(DesignRuleText.text("must be between 4 and 100000", in: .english) == "must be between 4 and 100000")
        // Every rule TrialStats states (read from its sources, as the web-layer guard reads the web layer's).
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../../Sources/TrialStats").standardized
        var rules: [String] = []
        for case let file as URL in FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)! where file.pathExtension == "swift" {
            let text = try String(contentsOf: file, encoding: .utf8)
            for call in text.components(separatedBy: "DesignError").dropFirst() {
                // The rule is the last string literal (joined when split over lines with +) before the call's end.
                guard let end = call.range(of: ")\n") ?? call.range(of: "))") else { continue }
                let literals = call[..<end.lowerBound].components(separatedBy: "\"").enumerated().filter { $0.offset % 2 == 1 }.map(\.element)
                guard literals.count >= 2 else { continue }
                rules.append(literals.dropFirst().joined())
            }
        }
        #expect(rules.count >= 40)
        for rule in rules where !rule.contains("\\(") {
            #expect(DesignRuleText.chinese[DesignRuleText.template(of: rule).0] != nil, "no Chinese for \(rule)")
        }
    }
}
