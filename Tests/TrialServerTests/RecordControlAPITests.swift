import FluentKit
import Foundation
import Testing
import TrialCore
@testable import TrialServer
import TrialStore
import Vapor
import VaporTesting

@Suite struct RecordControlAPITests {
    @Test func the_investigator_signs_with_the_password_and_a_locked_casebook_unlocks_only_with_a_reason() async throws {
        try await TestServer.run { server in
            let tester = try server.app.testing()
            let participant = try await server.enrollThroughAPI()
            var investigator = try await server.bearer(for: .investigator)
            investigator.contentType = .json
            let wrong = try await tester.sendRequest(.POST, "/api/v1/participants/\(participant)/signature", headers: investigator,
                                                     body: ByteBuffer(string: #"{"password":"not my password"}"#))
            #expect(wrong.status == .unprocessableEntity)
            let signed = try await tester.sendRequest(.POST, "/api/v1/participants/\(participant)/signature", headers: investigator,
                                                      body: ByteBuffer(string: #"{"password":"\#(TestServer.password)"}"#))
            #expect(signed.status == .noContent)
            let record = try #require(try await ParticipantRecord.query(on: server.app.db).filter(\.$participantID == participant).first())
            #expect(record.signedBy == TestServer.username(for: .investigator))
            #expect(record.signatureMeaning == RecordControl.signatureMeaning)

            var dataManager = try await server.bearer(for: .dataManager)
            dataManager.contentType = .json
            #expect(try await tester.sendRequest(.POST, "/api/v1/participants/\(participant)/lock", headers: dataManager, body: ByteBuffer(string: "{}")).status == .noContent)
            let noReason = try await tester.sendRequest(.POST, "/api/v1/participants/\(participant)/unlock", headers: dataManager, body: ByteBuffer(string: "{}"))
            #expect(noReason.status == .unprocessableEntity)
            let unlocked = try await tester.sendRequest(.POST, "/api/v1/participants/\(participant)/unlock", headers: dataManager,
                                                        body: ByteBuffer(string: #"{"reason":"query answered, follow-up form to add"}"#))
            #expect(unlocked.status == .noContent)
            #expect(try await AuditVerifier(database: server.app.db).verify().isIntact)
        }
    }
}
