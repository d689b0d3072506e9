import Foundation
import Testing
import TrialTestFixtures

/// The web layer holds no rule: `tools/check-web-layer.sh` greps TrialServer for the patterns that once put
/// one there (inline queries, site filters, the clock, hand-built paths, typed bounds, invented IDs).
@Suite struct WebLayerGuardTests {
    @Test func the_web_layer_guard_finds_nothing() async throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let run = try await ChildProcess.run(URL(fileURLWithPath: "/bin/bash"), [root.appendingPathComponent("tools/check-web-layer.sh").path])
        #expect(run.status == 0, "\(run.output)")
    }
}
