import Foundation

/// SplitMix64 (Steele, Lea & Flood 2014): a small, fast, seeded generator, so that the same seed gives
/// the same simulated trial on every machine and every run.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform on the open interval (0, 1): 53 random bits, never exactly 0 (so log(u) is finite).
    public mutating func nextUniform() -> Double {
        (Double(next() >> 11) + 0.5) * 0x1p-53
    }

    /// Exponential with the given rate, by inversion.
    public mutating func nextExponential(rate: Double) -> Double {
        -log(nextUniform()) / rate
    }

    /// Standard normal by the Box-Muller transform (one value per call; the pair's second half is dropped).
    public mutating func nextStandardNormal() -> Double {
        let u = nextUniform(), v = nextUniform()
        return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * v)
    }
}
