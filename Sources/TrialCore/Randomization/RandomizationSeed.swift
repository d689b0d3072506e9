import Foundation

/// The study's 256-bit randomization seed, drawn once from the system's cryptographic generator when the
/// study is activated. Every allocation list and every minimization draw is a pure function of it, so the
/// statistician can regenerate and verify them (docs/randomization.md).
///
/// The seed reveals every future slot, so `description` is redacted: interpolating a seed into a log line
/// or an error message never prints it. Only `hex` (for the statistician's export) and `Codable` (for the
/// store) give the value out.
public struct RandomizationSeed: Hashable, Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The 32 seed bytes, in the order they appear in `hex`.
    public let bytes: [UInt8]

    public static let byteCount = 32

    /// Rejects anything but 32 bytes, and the all-zero seed (xoshiro256** would output zeros forever).
    public init(bytes: [UInt8], field: String = "seed") throws {
        guard bytes.count == Self.byteCount else {
            throw ValidationFailure(field: field, message: "must be \(Self.byteCount) bytes (256 bits), got \(bytes.count)")
        }
        guard bytes.contains(where: { $0 != 0 }) else {
            throw ValidationFailure(field: field, message: "must not be all zeros (the generator would output only zeros)")
        }
        self.bytes = bytes
    }

    /// Reads exactly 64 hexadecimal digits (either case), most significant first.
    public init(hex: String, field: String = "seed") throws {
        let digits = Array(hex.utf8)
        guard digits.count == 2 * Self.byteCount else {
            throw ValidationFailure(
                field: field, message: "must be \(2 * Self.byteCount) hexadecimal digits (256 bits), got \(digits.count) characters")
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Self.byteCount)
        for pairStart in stride(from: 0, to: digits.count, by: 2) {
            guard let high = Self.hexValue(digits[pairStart]), let low = Self.hexValue(digits[pairStart + 1]) else {
                throw ValidationFailure(field: field, message: "must contain only hexadecimal digits 0-9 and a-f")
            }
            bytes.append(high << 4 | low)
        }
        try self.init(bytes: bytes, field: field)
    }

    /// 64 lowercase hexadecimal digits.
    public var hex: String {
        let alphabet = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(2 * bytes.count)
        for byte in bytes {
            text.append(alphabet[Int(byte >> 4)])
            text.append(alphabet[Int(byte & 0x0f)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    public var description: String { "RandomizationSeed(redacted)" }
    public var debugDescription: String { description }
    /// `dump` and debuggers show no bytes either.
    public var customMirror: Mirror { Mirror(self, children: [:]) }

    /// A new seed from the system's cryptographically secure generator (getrandom / arc4random / BCryptGenRandom).
    public static func freshSeed() -> RandomizationSeed {
        var system = SystemRandomNumberGenerator()
        while true {
            var bytes: [UInt8] = []
            bytes.reserveCapacity(byteCount)
            for _ in 0..<(byteCount / 8) {
                let word = system.next()
                for shift in stride(from: 56, through: 0, by: -8) {
                    bytes.append(UInt8(truncatingIfNeeded: word >> UInt64(shift)))
                }
            }
            // The all-zero seed has probability 2^-256; drawing again keeps the guarantee unconditional.
            if let seed = try? RandomizationSeed(bytes: bytes) { return seed }
        }
    }

    /// The generator whose state is the seed itself (words read big-endian).
    public func rootGenerator() -> Xoshiro256StarStar {
        Xoshiro256StarStar(stateBytes: bytes)
    }

    /// An independent stream for one purpose: state = SHA-256(seed bytes ‖ UTF-8 bytes of `label`), words read
    /// big-endian. If that digest were all zeros (probability 2^-256), the digest of the digest is used instead.
    public func stream(_ label: String) -> Xoshiro256StarStar {
        var digest = SHA256Digest.hash(bytes + Array(label.utf8))
        while !digest.contains(where: { $0 != 0 }) {
            digest = SHA256Digest.hash(digest)
        }
        return Xoshiro256StarStar(stateBytes: digest)
    }

    private static func hexValue(_ character: UInt8) -> UInt8? {
        switch character {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return character - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return character - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return character - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}

extension RandomizationSeed: Codable {
    /// Encoded as its 64 hex digits.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do {
            try self.init(hex: text)
        } catch let failure as ValidationFailure {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: failure.errors.map(\.message).joined(separator: "; "))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(hex)
    }
}

/// The labels from which each purpose's stream is derived (`RandomizationSeed.stream(_:)`); part of the
/// documented algorithm, so changing one changes every list.
public enum RandomizationStreamLabel {
    /// One permuted-block list per stratum, keyed by the stratum's key.
    public static func permutedBlockStratum(_ stratumKey: String) -> String { "permuted-blocks/stratum/" + stratumKey }
    /// The minimization coin: allocation number s uses the stream's doubles 2s-1 and 2s.
    public static let minimization = "minimization/allocations"
    /// One stream per chunk of simulated trials.
    public static func simulationChunk(_ index: Int) -> String { "simulation/chunk/\(index)" }
}
