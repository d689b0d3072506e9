import Foundation
import Testing
import TrialCore
@testable import TrialServer
import TrialStore
import Vapor
import VaporTesting

/// GET /api/v1/audit/export (JSON) and /api/v1/audit/export/csv: the data manager and the statistician get
/// every site's events, a monitor their own site's only; the file verifies without the database.
@Suite struct AuditExportAPITests {
    @Test func roles_get_the_export_their_scope_allows_and_it_verifies() async throws {
        try await TestServer.run { server in
            let participant = try await server.enrollThroughAPI()
            let tester = try server.app.testing()

            let statistician = try await server.bearer(for: .statistician)
            let full = try await tester.sendRequest(.GET, "/api/v1/audit/export", headers: statistician)
            #expect(full.status == .ok)
            let export = try AuditTrailExport.read(Data(full.body.readableBytesView), source: "response")
            #expect(export.isComplete)
            let report = AuditExportVerifier.verify(export)
            #expect(report.isIntact, "\(report.problems.prefix(3))")
            #expect(export.events.contains { $0.participantID == participant })

            // The monitor of site 960 is confined to it, and refused another site.
            let monitor = try await server.bearer(for: .monitor)
            let own = try await tester.sendRequest(.GET, "/api/v1/audit/export/csv", headers: monitor)
            #expect(own.status == .ok)
            #expect(own.headers.contentType?.description.hasPrefix("text/csv") == true)
            let csv = try AuditTrailExport.read(Data(own.body.readableBytesView), source: "csv")
            #expect(csv.filter.siteCode == "960")
            #expect(AuditExportVerifier.verify(csv).isIntact)
            #expect(try await tester.sendRequest(.GET, "/api/v1/audit/export?site=961", headers: monitor).status == .forbidden)

            let dataManager = try await server.bearer(for: .dataManager)
            let one = try await tester.sendRequest(.GET, "/api/v1/audit/export?participant=\(participant)", headers: dataManager)
            #expect(one.status == .ok)
            let events = try AuditTrailExport.read(Data(one.body.readableBytesView), source: "one").events
            #expect(!events.isEmpty && events.allSatisfy { $0.participantID == participant })
            let badDate = try await tester.sendRequest(.GET, "/api/v1/audit/export?from=11/25/2026", headers: dataManager)
            #expect(badDate.status == .unprocessableEntity)
            #expect(badDate.body.string.contains("\"field\":\"from\""))
            #expect(try await tester.sendRequest(.GET, "/api/v1/audit/export/csv?from=", headers: dataManager).status == .unprocessableEntity)
            // The filters are identifiers and a date: a long one is refused by name, before any export is made.
            let long = String(repeating: "9", count: 65)
            for query in ["site=\(long)", "participant=\(long)", "from=2026-11-25T00:00"] {
                let refused = try await tester.sendRequest(.GET, "/api/v1/audit/export?\(query)", headers: dataManager)
                #expect(refused.status == .unprocessableEntity, "\(query)")
                #expect(refused.body.string.contains(String(query.prefix { $0 != "=" })), "\(query)")
            }

            // A coordinator may not export the audit trail.
            let coordinator = try await server.bearer(for: .coordinator)
            #expect(try await tester.sendRequest(.GET, "/api/v1/audit/export", headers: coordinator).status == .forbidden)
        }
    }
}
