import Foundation
import Testing
import TrialCore

/// The hand-written string literal must be byte for byte what `JSONEncoder` (slashes unescaped) writes: the
/// audit chain's hashes and the exported datasets depend on it.
@Suite struct JSONStringLiteralTests {
    static let alphabet: [String] = (0..<0x80).map { String(UnicodeScalar(UInt8($0))) }
        + ["é", "中", "病灶", "🙂", "\u{2028}", "\u{FEFF}", "\u{10FFFF}", "e\u{301}"]

    static func encoded(_ text: String) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return Array(try encoder.encode(text))
    }

    @Test func literals_are_the_encoders_bytes_with_and_without_escapes() throws {
        var generator = SystemRandomNumberGenerator()
        // Texts with nothing to escape, with quotes and backslashes only, and with control characters, long
        // enough that a vectorized count runs over whole blocks and a tail.
        let plain = Self.alphabet.filter { $0 != "\"" && $0 != "\\" && $0.unicodeScalars.first!.value >= 0x20 }
        let noControls = plain + ["\"", "\\"]
        for pool in [plain, noControls, Self.alphabet] {
            for _ in 0..<1_000 {
                let text = (0..<Int.random(in: 0...80, using: &generator)).map { _ in pool.randomElement(using: &generator)! }.joined()
                var fromString: [UInt8] = [7]
                JSONStringLiteral.append(text, to: &fromString)
                var fromBytes: [UInt8] = [7]
                Array(text.utf8).withUnsafeBufferPointer { JSONStringLiteral.append(utf8: $0, to: &fromBytes) }
                let expected = [7] + (try Self.encoded(text))
                #expect(fromString == expected, "\(text.debugDescription)")
                #expect(fromBytes == expected, "\(text.debugDescription)")
            }
        }
    }
}
