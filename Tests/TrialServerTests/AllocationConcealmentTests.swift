import FluentKit
import Foundation
import Testing
import TrialCore
@testable import TrialServer
import TrialStore
import Vapor
import VaporTesting

/// Concealment: the seed and every not-yet-used slot are visible to the statistician alone. Every other
/// role reads every GET route (and provokes the randomization errors) without meeting the seed or the
/// order of future arms.
@Suite struct AllocationConcealmentTests {
    @Test func no_response_to_any_other_role_reveals_the_seed_or_a_future_slot() async throws {
        try await TestServer.run { server in
            let setup = try #require(try await RandomizationSetupRecord.query(on: server.app.db).first())
            let futureSlots = try await AllocationSlotRecord.query(on: server.app.db).sort(\.$stratum).sort(\.$slotNumber).all()
            // The first eight future arms of a stratum, as they would appear if a list leaked in order.
            let leakedSequence = futureSlots.filter { $0.stratum == "lesionCount=6-7" }.prefix(8).map(\.arm).joined(separator: "\",\"")

            let tester = try server.app.testing()
            for role in Role.allCases {
                let headers = try await server.bearer(for: role)
                for route in server.app.routes.all where route.method == .GET {
                    let path = "/" + route.path.map { component -> String in
                        if case .parameter = component { return "960-0001" }
                        return component.description
                    }.joined(separator: "/")
                    let response = try await tester.sendRequest(.GET, path, headers: headers)
                    let body = response.body.string
                    if role == .statistician && path == "/api/v1/randomization/allocation-lists" {
                        #expect(response.status == .ok)
                        #expect(body.contains(setup.seedHex))
                        continue
                    }
                    #expect(!body.contains(setup.seedHex), "\(role) saw the seed at \(path)")
                    #expect(!body.contains(leakedSequence), "\(role) saw the allocation sequence at \(path)")
                }
            }
            // Randomizing an unknown participant or one without consent says why, and nothing about arms.
            var headers = try await server.bearer(for: .coordinator)
            headers.contentType = .json
            let unknown = try await tester.sendRequest(.POST, "/api/v1/participants/960-9999/randomization", headers: headers)
            #expect(unknown.status == .notFound)
            for arm in server.app.trialContext.study.arms.map(\.code) {
                #expect(!unknown.body.string.contains(arm))
            }
        }
    }

    @Test func only_the_statistician_may_read_the_allocation_lists() async throws {
        try await TestServer.run { server in
            let tester = try server.app.testing()
            for role in Role.allCases {
                let response = try await tester.sendRequest(.GET, "/api/v1/randomization/allocation-lists", headers: try await server.bearer(for: role))
                #expect(response.status == (role == .statistician ? .ok : .forbidden), "\(role)")
            }
        }
    }
}
