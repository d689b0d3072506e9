import Foundation

/// IBM System/360 hexadecimal floating point, the numeric encoding of SAS transport (XPORT) files.
///
/// An 8-byte IBM double is: 1 sign bit, a 7-bit exponent of 16 with bias 64, then a 56-bit fraction F
/// read as 0.F (value = ±0.F × 16^(exponent − 64)). A normalized number has a non-zero leading hex digit,
/// so 53 to 56 fraction bits are significant: every finite IEEE 754 double whose magnitude lies in the IBM
/// range converts exactly. The range is about 5.4e-79 ... 7.2e75; smaller magnitudes become 0 (as SAS does),
/// larger ones cannot be stored. SAS keeps missing values in the same 8 bytes: a first byte of `.`
/// (0x2E), `A`–`Z` or `_`, followed by zero bytes.
public enum IBMHexFloat {
    /// The largest double an IBM double holds: just under 16^63 (the IBM maximum, (1 − 16^−14) × 16^63,
    /// is not a double; the double below 16^63 is (1 − 2^−53) × 2^252).
    public static let greatestMagnitude: Double = 0x1p252.nextDown

    /// The smallest normalized magnitude: 16^−65 (0.1 hex × 16^−64).
    public static let leastNormalMagnitude: Double = pow(16.0, -65)

    /// The eight bytes of SAS's ordinary missing value `.`.
    public static let missingValueBytes: [UInt8] = [0x2E, 0, 0, 0, 0, 0, 0, 0]

    /// Whether `value` can be written: NaN (written as missing) or a finite magnitude within the IBM range
    /// (magnitudes below it are written as 0).
    public static func canRepresent(_ value: Double) -> Bool {
        value.isNaN || (value.isFinite && value.magnitude <= greatestMagnitude)
    }

    /// The 8 big-endian bytes of `value`; NaN gives SAS missing, magnitudes below the IBM range give 0.
    /// Returns nil for infinities and magnitudes above ``greatestMagnitude``.
    public static func bytes(of value: Double) -> [UInt8]? {
        if value.isNaN { return missingValueBytes }
        guard value.isFinite else { return nil }
        // Zero and IEEE subnormals (below 2.3e-308, far under the IBM range) are IBM zero; -0 drops its sign.
        guard value.isNormal else { return [UInt8](repeating: 0, count: 8) }

        let bits = value.bitPattern
        let signBit = UInt8(truncatingIfNeeded: bits >> 63) << 7
        let binaryExponent = Int((bits >> 52) & 0x7FF) - 1023
        let significand = (bits & ((UInt64(1) << 52) - 1)) | (UInt64(1) << 52)  // 53 bits, value = 1.f × 2^e

        // Pick the hex exponent q with value / 16^q in [1/16, 1): q = ceil((e + 1) / 4).
        // Then 0.F = 1.f × 2^(e − 4q) and F = significand << (e + 4 − 4q), a shift of 0 to 3 bits.
        let hexExponent = (binaryExponent + 4) >> 2  // arithmetic shift: floor((e + 4) / 4)
        let fraction = significand << UInt64(binaryExponent + 4 - 4 * hexExponent)
        let biasedExponent = hexExponent + 64
        if biasedExponent > 127 { return nil }
        if biasedExponent < 0 { return [UInt8](repeating: 0, count: 8) }

        var out = [UInt8](repeating: 0, count: 8)
        out[0] = signBit | UInt8(biasedExponent)
        for index in 1..<8 {
            out[index] = UInt8(truncatingIfNeeded: fraction >> UInt64(8 * (7 - index)))
        }
        return out
    }

    /// The value of IBM bytes (1 to 8 of them; a shorter numeric is the leading bytes of the full 8, the
    /// rest taken as zero). Returns nil for a SAS missing value (ordinary or special).
    public static func value(of bytes: some Collection<UInt8>) -> Double? {
        var full = Array(bytes.prefix(8))
        full += [UInt8](repeating: 0, count: 8 - full.count)
        let rest = full.dropFirst()
        if rest.allSatisfy({ $0 == 0 }), isMissingMarker(full[0]) { return nil }

        var fraction: UInt64 = 0
        for byte in rest { fraction = (fraction << 8) | UInt64(byte) }
        if fraction == 0 { return 0 }
        let exponent = Int(full[0] & 0x7F) - 64
        let magnitude = Double(fraction) * pow(2.0, Double(4 * exponent - 56))
        return full[0] & 0x80 != 0 ? -magnitude : magnitude
    }

    /// `.`, `A`–`Z` and `_` in the first byte (with zeros after it) mark SAS missing values.
    static func isMissingMarker(_ byte: UInt8) -> Bool {
        byte == 0x2E || byte == 0x5F || (0x41...0x5A).contains(byte)
    }
}
