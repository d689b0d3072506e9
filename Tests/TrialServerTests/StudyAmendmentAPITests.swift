import FluentKit
import Foundation
import Testing
import TrialCore
@testable import TrialServer
import TrialStore
import Vapor
import VaporTesting

/// The administrator's amendment route: a dry run, the install (the server uses the new version at once),
/// refusals by line and field, and nobody else may amend.
@Suite struct StudyAmendmentAPITests {
    static func body(_ yaml: String, reason: String, dryRun: Bool) throws -> ByteBuffer {
        let data = try JSONSerialization.data(withJSONObject: ["studyFile": yaml, "reason": reason, "dryRun": dryRun])
        return ByteBuffer(data: data)
    }

    @Test func an_administrator_amends_the_study_through_the_api() async throws {
        try await TestServer.run { server in
            let tester = try server.app.testing()
            // A new installation starts at the shipped version 1.1; this amends it.
            #expect(server.app.trialContext.study.version == "1.1")
            let latest = try #require(try await StudyRepository(store: TrialStore(database: server.app.db)).current()).yaml
            let amended = latest.replacingOccurrences(of: "version: \"1.1\"\namendment:\n  amends: \"1.0\"", with: "version: \"1.2\"\namendment:\n  amends: \"1.1\"")
                .replacingOccurrences(of: "targetEnrollment: 120", with: "targetEnrollment: 160")
            var admin = try await server.bearer(for: .administrator)
            admin.contentType = .json
            var coordinator = try await server.bearer(for: .coordinator)
            coordinator.contentType = .json

            let forbidden = try await tester.sendRequest(.POST, "/api/v1/study/amendments", headers: coordinator,
                                                         body: try Self.body(amended, reason: "more participants", dryRun: true))
            #expect(forbidden.status == .forbidden)

            let dryRun = try await tester.sendRequest(.POST, "/api/v1/study/amendments", headers: admin,
                                                      body: try Self.body(amended, reason: "more participants", dryRun: true))
            #expect(dryRun.status == .ok, "\(dryRun.body.string)")
            #expect(dryRun.body.string.contains("target enrollment: 120 -> 160"))
            #expect(server.app.trialContext.study.version == "1.1")

            let renamed = amended.replacingOccurrences(of: "protocolId: I125-MULTIMET-P2", with: "protocolId: OTHER")
            let refused = try await tester.sendRequest(.POST, "/api/v1/study/amendments", headers: admin,
                                                       body: try Self.body(renamed, reason: "rename", dryRun: false))
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.string.contains("studyFile.protocolId") && refused.body.string.contains("line 9"))

            let installed = try await tester.sendRequest(.POST, "/api/v1/study/amendments", headers: admin,
                                                         body: try Self.body(amended, reason: "more participants", dryRun: false))
            #expect(installed.status == .ok, "\(installed.body.string)")
            #expect(server.app.trialContext.study.version == "1.2")
            #expect(server.app.trialContext.study.targetEnrollment == 160)

            let versions = try await tester.sendRequest(.GET, "/api/v1/study/versions", headers: admin)
            #expect(versions.status == .ok)
            #expect(versions.body.string.contains("more participants") && versions.body.string.contains("\"1.2\""))
            #expect(try await tester.sendRequest(.GET, "/api/v1/study/versions", headers: coordinator).status == .forbidden)
            #expect(try await AuditVerifier(database: server.app.db).verify().isIntact)
        }
    }
}
