import Foundation

/// The growing bytes of a transport file, kept in 80-byte records.
struct XPTRecordBuffer {
    static let recordLength = 80
    private(set) var bytes: [UInt8] = []

    mutating func append(_ more: [UInt8]) {
        bytes += more
    }

    mutating func appendRecord(_ record: [UInt8]) {
        precondition(record.count == Self.recordLength, "a transport header record is 80 bytes")
        bytes += record
    }

    /// Blank padding up to the next 80-byte boundary, as TS-140 asks after namestrs and observations.
    mutating func padToRecord() {
        let remainder = bytes.count % Self.recordLength
        if remainder != 0 {
            bytes += [UInt8](repeating: 0x20, count: Self.recordLength - remainder)
        }
    }
}
