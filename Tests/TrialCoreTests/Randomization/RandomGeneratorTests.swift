import Foundation
import PropertyBased
import Testing

@testable import TrialCore

/// The documented generator must give exactly the published and documented numbers, on every platform.
struct RandomGeneratorTests {
    /// 000102...1f, the seed of the golden files and of the test vectors in docs/randomization.md.
    static let goldenSeed = try! RandomizationSeed(bytes: (0..<32).map(UInt8.init))

    private static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { String(format: "%02x", $0) }.joined()
    }

    @Test func sha256_matches_the_fips_180_4_examples() {
        #expect(Self.hex(SHA256Digest.hash([])) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(Self.hex(SHA256Digest.hash(Array("abc".utf8))) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        // Two-block message (448 bits), where the padding spills into a second block.
        #expect(Self.hex(SHA256Digest.hash(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)))
            == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(Self.hex(SHA256Digest.hash([UInt8](repeating: 0x61, count: 1_000)))
            == "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3")
    }

    @Test func xoshiro_matches_the_reference_implementation_from_state_1_2_3_4() {
        // First outputs of the authors' xoshiro256starstar.c with s = {1, 2, 3, 4}.
        var generator = Xoshiro256StarStar(state: (1, 2, 3, 4))
        let words = (0..<6).map { _ in generator.next() }
        #expect(words == [11520, 0, 1_509_978_240, 1_215_971_899_390_074_240, 1_216_172_134_540_287_360, 607_988_272_756_665_600])
    }

    @Test func root_generator_reads_the_seed_as_big_endian_words() {
        var generator = Self.goldenSeed.rootGenerator()
        #expect(generator.s0 == 0x0001_0203_0405_0607 && generator.s3 == 0x1819_1a1b_1c1d_1e1f)
        let words = (0..<4).map { _ in generator.next() }
        #expect(words == [0xcb61_f88f_25bc_5234, 0x34cb_61f8_8f25_bb9c, 0x3b00_2d5a_891e_1d0e, 0x4407_cb34_9c43_dbd7])
    }

    @Test func derived_stream_is_sha256_of_seed_and_label() {
        var generator = Self.goldenSeed.stream("permuted-blocks/stratum/all")
        let expectedState = SHA256Digest.hash(Self.goldenSeed.bytes + Array("permuted-blocks/stratum/all".utf8))
        #expect(generator == Xoshiro256StarStar(stateBytes: expectedState))
        #expect(generator.next() == 0xbfc0_8b37_4410_1192)
        #expect(generator.next() == 0x0c28_c05c_ccc7_cd2a)
    }

    @Test func uniform_integers_and_doubles_match_the_documented_vectors() {
        var generator = Self.goldenSeed.rootGenerator()
        #expect((0..<8).map { _ in generator.uniformInt(below: 6) } == [0, 4, 2, 3, 5, 4, 1, 2])
        #expect((0..<3).map { _ in generator.unitDouble() } == [0.5433273627135538, 0.3941931918722694, 0.500766405822635])
    }

    @Test func unit_double_is_the_top_53_bits_of_one_word() {
        var words = Self.goldenSeed.rootGenerator()
        var doubles = Self.goldenSeed.rootGenerator()
        for _ in 0..<100 {
            let word = words.next()
            #expect(doubles.unitDouble() == Double(word >> 11) / 9_007_199_254_740_992)
        }
    }

    @Test func uniform_int_rejects_words_below_2_to_the_64_mod_n() {
        // n = 3 × 2^61: 2^64 mod n = 2^64 - 2n = 2^62, so a quarter of all words are rejected, and an accepted
        // word is reduced mod n. Replaying the words shows which were skipped.
        let n = UInt64(3) << 61
        let rejectBelow = (0 &- n) % n
        #expect(rejectBelow == UInt64(1) << 62)
        var generator = Self.goldenSeed.rootGenerator()
        var words = Self.goldenSeed.rootGenerator()
        var rejections = 0
        for _ in 0..<200 {
            let value = generator.uniformInt(below: Int(n))
            var word = words.next()
            while word < rejectBelow {
                rejections += 1
                word = words.next()
            }
            #expect(UInt64(bitPattern: Int64(value)) == word % n)
        }
        #expect(rejections > 20)
    }

    @Test func uniform_int_stays_in_range() async {
        await propertyCheck(input: Gen.int(in: 1...1_000), Gen.int(in: 0...Int.max)) { n, salt in
            var generator = Self.goldenSeed.stream("property/\(salt)")
            for _ in 0..<20 {
                let value = generator.uniformInt(below: n)
                #expect(value >= 0 && value < n)
            }
        }
    }

    @Test func uniform_int_is_close_to_uniform() {
        // 60,000 draws over 6 values: chi-square with 5 degrees of freedom; 20.5 is its 99.9th percentile.
        var generator = Self.goldenSeed.stream("chi-square")
        var counts = [Int](repeating: 0, count: 6)
        for _ in 0..<60_000 { counts[generator.uniformInt(below: 6)] += 1 }
        let chiSquare = counts.reduce(0.0) { $0 + pow(Double($1) - 10_000, 2) / 10_000 }
        #expect(chiSquare < 20.5)
    }

    @Test func seed_hex_round_trips_and_accepts_either_case() throws {
        let seed = try RandomizationSeed(hex: "000102030405060708090A0B0C0D0E0F101112131415161718191a1b1c1d1e1f")
        #expect(seed == Self.goldenSeed)
        #expect(seed.hex == "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f")
        #expect(try RandomizationSeed(hex: seed.hex) == seed)
    }

    @Test func seed_codable_uses_the_hex_digits() throws {
        let data = try JSONEncoder().encode(["seed": Self.goldenSeed])
        #expect(String(decoding: data, as: UTF8.self) == #"{"seed":"000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"}"#)
        #expect(try JSONDecoder().decode([String: RandomizationSeed].self, from: data)["seed"] == Self.goldenSeed)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([RandomizationSeed].self, from: Data(#"["00"]"#.utf8)) }
    }

    @Test(arguments: [
        ("0001", "must be 64 hexadecimal digits (256 bits), got 4 characters"),
        (String(repeating: "0", count: 63) + "g", "must contain only hexadecimal digits 0-9 and a-f"),
        (String(repeating: "0", count: 64), "must not be all zeros (the generator would output only zeros)"),
    ])
    func invalid_seeds_are_rejected_with_the_rule(hex: String, message: String) {
        #expect(RandomizationFieldErrors.of { _ = try RandomizationSeed(hex: hex) } == [FieldError(field: "seed", message: message)])
    }

    @Test func seed_never_prints_itself() {
        let seed = Self.goldenSeed
        #expect("\(seed)" == "RandomizationSeed(redacted)")
        #expect(String(reflecting: seed) == "RandomizationSeed(redacted)")
        var dumped = ""
        dump(seed, to: &dumped)
        #expect(!dumped.contains("1"))
    }

    @Test func fresh_seeds_are_256_bits_and_differ() {
        let first = RandomizationSeed.freshSeed()
        let second = RandomizationSeed.freshSeed()
        #expect(first.bytes.count == 32)
        #expect(first.hex.count == 64)
        #expect(first != second)
    }
}
