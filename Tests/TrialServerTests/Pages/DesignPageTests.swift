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
        }
    }
}
