import Foundation
import Testing
@testable import TrialReports

@Suite struct IBMHexFloatTests {
    static func hex(_ bytes: [UInt8]?) -> String? {
        bytes.map { $0.map { String(format: "%02x", $0) }.joined() }
    }

    // Expected bytes computed independently with exact rational arithmetic (value = 0.F × 16^(E − 64)).
    @Test(arguments: [
        (0.0, "0000000000000000"),
        (1.0, "4110000000000000"),
        (-1.0, "c110000000000000"),
        (0.1, "401999999999999a"),
        (-0.5, "c080000000000000"),
        (1e-5, "3ca7c5ac471b4788"),
        (1.0 / 3.0, "4055555555555554"),
        (123_456_789.0, "4775bcd150000000"),
        (3653.0, "43e4500000000000"),
        (1e75, "7f235fadd81c2822"),
        (-1e-70, "86b0af48ec79ace8"),
    ])
    func known_doubles_convert_to_their_ibm_bytes(value: Double, expected: String) {
        #expect(Self.hex(IBMHexFloat.bytes(of: value)) == expected)
    }

    @Test func negative_zero_is_written_as_plain_zero() {
        #expect(Self.hex(IBMHexFloat.bytes(of: -0.0)) == "0000000000000000")
    }

    @Test func nan_is_written_as_sas_missing_dot() {
        #expect(IBMHexFloat.bytes(of: .nan) == [0x2E, 0, 0, 0, 0, 0, 0, 0])
        #expect(IBMHexFloat.value(of: [0x2E, 0, 0, 0, 0, 0, 0, 0]) == nil)
    }

    @Test(arguments: [UInt8(0x2E), 0x41, 0x5A, 0x5F])
    func special_missing_markers_read_as_missing(marker: UInt8) {
        #expect(IBMHexFloat.value(of: [marker, 0, 0, 0, 0, 0, 0, 0]) == nil)
    }

    @Test func the_largest_double_under_16_to_the_63_is_the_greatest_ibm_value() {
        #expect(Self.hex(IBMHexFloat.bytes(of: IBMHexFloat.greatestMagnitude)) == "7ffffffffffffff8")
        #expect(IBMHexFloat.bytes(of: 0x1p252) == nil)
        #expect(IBMHexFloat.bytes(of: -1e76) == nil)
        #expect(IBMHexFloat.bytes(of: .infinity) == nil)
        #expect(IBMHexFloat.canRepresent(IBMHexFloat.greatestMagnitude))
        #expect(!IBMHexFloat.canRepresent(1e76))
        #expect(!IBMHexFloat.canRepresent(-.infinity))
    }

    @Test func smallest_normal_ibm_value_is_kept_and_anything_smaller_underflows_to_zero() {
        #expect(Self.hex(IBMHexFloat.bytes(of: 0x1p-260)) == "0010000000000000")
        #expect(Self.hex(IBMHexFloat.bytes(of: 0x1p-261)) == "0000000000000000")
        #expect(Self.hex(IBMHexFloat.bytes(of: -1e-80)) == "0000000000000000")
        #expect(Self.hex(IBMHexFloat.bytes(of: .leastNonzeroMagnitude)) == "0000000000000000")
        #expect(IBMHexFloat.leastNormalMagnitude == 0x1p-260)
    }

    @Test func every_double_in_the_ibm_range_reads_back_exactly() {
        // Random bit patterns (splitmix64, fixed seed) kept when their magnitude is in range.
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        var checked = 0
        while checked < 20_000 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            z ^= z >> 31
            let value = Double(bitPattern: z)
            guard value.isFinite, value.magnitude >= IBMHexFloat.leastNormalMagnitude,
                  value.magnitude <= IBMHexFloat.greatestMagnitude else { continue }
            checked += 1
            let bytes = IBMHexFloat.bytes(of: value)
            #expect(bytes.flatMap { IBMHexFloat.value(of: $0) } == value, "\(value)")
            // Normalized: the leading hex digit of the fraction is not zero.
            #expect((bytes?[1] ?? 0) >> 4 != 0, "\(value)")
        }
    }

    @Test func a_short_numeric_keeps_the_leading_bytes_and_reads_with_zeros_after_them() throws {
        let full = try #require(IBMHexFloat.bytes(of: 1.0 / 3.0))
        let four = Array(full.prefix(4))
        #expect(Self.hex(four) == "40555555")
        let read = try #require(IBMHexFloat.value(of: four))
        #expect(read == Double(0x555555) / 0x1p24)
        #expect(abs(read - 1.0 / 3.0) < 1e-7)
    }
}
