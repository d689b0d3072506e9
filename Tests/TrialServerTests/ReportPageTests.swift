import Foundation
import Testing
import TrialCore
@testable import TrialServer
import TrialStore
import Vapor
import VaporTesting

/// The statistical report as a page: the statistician and the DSMB read the same document `analyze` writes,
/// from the data saved now; site staff do not.
@Suite struct ReportPageTests {
    @Test func the_statistician_reads_the_report_of_the_saved_data_in_either_language() async throws {
        try await TestServer.run { server in
            let today = CalendarDate(localDayOf: Date(), in: .current)
            _ = try await DemoTrialLoader(database: server.app.db, seed: 5, participants: 16, today: today, passwordHash: "x").load()
            let tester = try server.app.testing()
            let statistician = try await server.bearer(for: .statistician)
            let english = try await tester.sendRequest(.GET, "/report?lang=en", headers: statistician)
            #expect(english.status == .ok)
            #expect(english.headers.contentType == .html)
            #expect(english.body.string.contains("<html lang=\"en\""))
            #expect(english.body.string.contains("<svg"))
            let chinese = try await tester.sendRequest(.GET, "/report?lang=zh-Hans", headers: statistician)
            #expect(chinese.body.string.contains("<html lang=\"zh-Hans\""))
            let dsmb = try await tester.sendRequest(.GET, "/report", headers: try await server.bearer(for: .dsmbMember))
            #expect(dsmb.status == .ok)
            let coordinator = try await tester.sendRequest(.GET, "/report", headers: try await server.bearer(for: .coordinator))
            #expect(coordinator.status == .forbidden)
            let badCutoff = try await tester.sendRequest(.GET, "/report?cutoff=yesterday", headers: statistician)
            #expect(badCutoff.status == .unprocessableEntity)
        }
    }

    @Test func the_report_is_computed_once_per_data_version_and_again_after_a_write() async throws {
        try await TestServer.run { server in
            let today = CalendarDate(localDayOf: Date(), in: .current)
            _ = try await DemoTrialLoader(database: server.app.db, seed: 5, participants: 12, today: today, passwordHash: "x").load()
            let tester = try server.app.testing()
            let statistician = try await server.bearer(for: .statistician)
            let cache = server.app.reportCache
            let first = try await tester.sendRequest(.GET, "/report?lang=en", headers: statistician)
            let again = try await tester.sendRequest(.GET, "/report?lang=en", headers: statistician)
            #expect(first.body.string == again.body.string)
            #expect(await cache.computations == 1)
            // Issuing a token is an audited write: the chain head moves, and the next request computes anew.
            _ = try await server.bearer(for: .monitor)
            let afterWrite = try await tester.sendRequest(.GET, "/report?lang=en", headers: statistician)
            #expect(afterWrite.status == .ok)
            #expect(await cache.computations == 2)
            _ = try await tester.sendRequest(.GET, "/report?lang=zh-Hans", headers: statistician)
            #expect(await cache.computations == 3)
        }
    }

    @Test func the_verification_api_answers_the_last_walk_while_the_chain_head_is_the_same() async throws {
        try await TestServer.run { server in
            let tester = try server.app.testing()
            let monitor = try await server.bearer(for: .monitor)
            let cache = server.app.auditVerificationCache
            let first = try await tester.sendRequest(.GET, "/api/v1/audit/verification", headers: monitor)
            #expect(first.status == .ok)
            let walkedAt = try first.content.decode(AuditVerificationReport.self).walkedAt
            #expect(walkedAt != nil)
            let again = try await tester.sendRequest(.GET, "/api/v1/audit/verification", headers: monitor)
            #expect(try again.content.decode(AuditVerificationReport.self).walkedAt == walkedAt)
            #expect(await cache.walks == 1)
            _ = try await tester.sendRequest(.GET, "/api/v1/audit/verification?fresh=true", headers: monitor)
            #expect(await cache.walks == 2)
            // Any write moves the head: the next answer is a new walk.
            _ = try await server.bearer(for: .coordinator)
            let afterWrite = try await tester.sendRequest(.GET, "/api/v1/audit/verification", headers: monitor)
            #expect(try afterWrite.content.decode(AuditVerificationReport.self).isIntact)
            #expect(await cache.walks == 3)
            let refused = try await tester.sendRequest(.GET, "/api/v1/audit/verification?fresh=maybe", headers: monitor)
            #expect(refused.status == .unprocessableEntity)
        }
    }
}
