import Foundation

/// The documented random generator behind every allocation: xoshiro256** (Blackman and Vigna, 2018).
///
/// Everything a list depends on is spelled out here and in docs/randomization.md: 64-bit output words,
/// an unbiased integer in 0..<n by rejection, a double in [0, 1) from the top 53 bits. Swift's own
/// `random(in:using:)` is deliberately never used for allocation, because its mapping from words to
/// numbers is not part of any specification and may change between Swift versions.
public struct Xoshiro256StarStar: RandomNumberGenerator, Hashable, Sendable {
    public private(set) var s0: UInt64
    public private(set) var s1: UInt64
    public private(set) var s2: UInt64
    public private(set) var s3: UInt64

    /// Starts from the given 256-bit state. xoshiro's state must not be all zero (it would output zeros forever).
    public init(state: (UInt64, UInt64, UInt64, UInt64)) {
        precondition(state != (0, 0, 0, 0), "xoshiro256** state must not be all zero")
        (s0, s1, s2, s3) = state
    }

    /// The state as 32 bytes, each word big-endian, words in order s0, s1, s2, s3.
    public init(stateBytes bytes: [UInt8]) {
        precondition(bytes.count == 32, "xoshiro256** state is 32 bytes")
        func word(_ index: Int) -> UInt64 {
            bytes[(8 * index)..<(8 * index + 8)].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        }
        self.init(state: (word(0), word(1), word(2), word(3)))
    }

    /// The next 64-bit output word.
    public mutating func next() -> UInt64 {
        let result = rotateLeft(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = rotateLeft(s3, 45)
        return result
    }

    /// An integer uniformly distributed in 0..<n, by rejection: with m = 2^64 mod n, words below m are
    /// discarded and the first word x >= m gives x mod n. Always consumes at least one word (even for n = 1).
    public mutating func uniformInt(below n: Int) -> Int {
        precondition(n >= 1, "uniformInt needs n >= 1")
        let bound = UInt64(n)
        let rejectBelow = (0 &- bound) % bound  // (2^64 - n) mod n == 2^64 mod n
        while true {
            let word = next()
            if word >= rejectBelow { return Int(word % bound) }
        }
    }

    /// A double uniformly distributed on the grid k / 2^53 in [0, 1): the top 53 bits of one word times 2^-53.
    public mutating func unitDouble() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    private func rotateLeft(_ value: UInt64, _ count: UInt64) -> UInt64 {
        (value << count) | (value >> (64 - count))
    }
}

extension Xoshiro256StarStar {
    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.s0 == rhs.s0 && lhs.s1 == rhs.s1 && lhs.s2 == rhs.s2 && lhs.s3 == rhs.s3
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(s0); hasher.combine(s1); hasher.combine(s2); hasher.combine(s3)
    }
}
