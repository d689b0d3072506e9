import Foundation
import Testing
@testable import TrialServer

/// The CSRF token is written without Foundation; it must be the URL-safe base64 that Foundation would give.
@Suite struct CSRFTokenTests {
    @Test func url_safe_base64_equals_foundation_s_base64_with_the_url_safe_letters_and_no_padding() {
        var generator = SystemRandomNumberGenerator()
        for length in Array(0...10) + [24, 31, 32, 33] {
            for _ in 0..<20 {
                let bytes = (0..<length).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
                let expected = Data(bytes).base64EncodedString()
                    .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
                #expect(CSRFMiddleware.urlSafeBase64(bytes) == expected, "\(bytes)")
            }
        }
    }

    @Test func a_new_token_is_192_random_bits_in_32_url_safe_characters() {
        let tokens = (0..<200).map { _ in CSRFMiddleware.newToken() }
        #expect(Set(tokens).count == tokens.count)
        let alphabet = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        #expect(tokens.allSatisfy { $0.count == 32 && $0.allSatisfy(alphabet.contains) })
    }
}
