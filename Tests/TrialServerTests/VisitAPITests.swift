import Foundation
import Testing
import TrialCore
@testable import TrialServer
import TrialStore
import Vapor
import VaporTesting

@Suite struct VisitAPITests {
    @Test func a_participant_randomized_a_hundred_days_ago_with_nothing_recorded_has_overdue_visits() async throws {
        let clock = TestClock()
        try await TestServer.run(clock: clock) { server in
            let tester = try server.app.testing()
            let participant = try await server.enrollThroughAPI()
            let coordinator = try await server.bearer(for: .coordinator)
            let randomized = try await tester.sendRequest(.POST, "/api/v1/participants/\(participant)/randomization", headers: coordinator)
            #expect(randomized.status == .created)
            let fresh = try await tester.sendRequest(.GET, "/api/v1/visits/overdue", headers: coordinator)
            #expect(try fresh.content.decode([OverdueVisit].self).isEmpty, "nothing is overdue on the day of randomization")

            // A hundred days pass on the server's clock.
            clock.advance(days: 100)
            let later = try await tester.sendRequest(.GET, "/api/v1/visits/overdue", headers: try await server.bearer(for: .coordinator))
            let overdue = try later.content.decode([OverdueVisit].self)
            #expect(!overdue.isEmpty)
            #expect(overdue.allSatisfy { $0.participantId == participant && $0.daysOverdue > 0 })
            let monitorOfAllSites = try await tester.sendRequest(.GET, "/api/v1/visits/overdue?site=961", headers: try await server.bearer(for: .administrator))
            #expect(try monitorOfAllSites.content.decode([OverdueVisit].self).isEmpty)
        }
    }
}
