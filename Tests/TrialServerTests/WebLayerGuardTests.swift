import Foundation
import Testing

/// The web layer holds no rule: `tools/check-web-layer.sh` greps TrialServer for the patterns that once put
/// one there (inline queries, site filters, the clock, hand-built paths, typed bounds, invented IDs).
@Suite struct WebLayerGuardTests {
    @Test func the_web_layer_guard_finds_nothing() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [root.appendingPathComponent("tools/check-web-layer.sh").path]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(text)")
    }
}
