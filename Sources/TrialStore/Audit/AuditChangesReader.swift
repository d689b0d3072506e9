import Foundation

/// Reads an audit event's changes from the canonical JSON the chain stores
/// (`[{"field":"...","new":"..."|null,"old":"..."|null}, ...]`, keys in that order) without the generic
/// decoder, which dominated replaying a long chain. Anything of another shape returns nil, and the caller
/// reads it with `JSONDecoder` instead.
enum AuditChangesReader {
    static func read(_ json: String) -> [AuditFieldChange]? {
        var result: [AuditFieldChange] = []
        let complete = withReader(json) { reader in
            reader.changes { field, new, old in result.append(AuditFieldChange(field: field, old: old, new: new)) }
        }
        return complete ? result : nil
    }

    /// Each changed field with its new value only, for the replay, which never looks at the old values: those
    /// are checked for well-formedness but no string is made of them. `values` is emptied first; false (and
    /// `values` unspecified) for JSON of another shape.
    static func newValues(_ json: String, into values: inout [(field: String, new: String?)]) -> Bool {
        withReader(json) { reader in reader.newValues(into: &values) }
    }

    /// `newValues` of changes given as their UTF-8 bytes (the verifier reads the chain as bytes).
    static func newValues(utf8 json: UnsafeBufferPointer<UInt8>, into values: inout [(field: String, new: String?)]) -> Bool {
        var reader = ByteReader(bytes: json)
        return reader.newValues(into: &values)
    }

    private static func withReader(_ json: String, _ body: (inout ByteReader) -> Bool) -> Bool {
        var json = json
        return json.withUTF8 { buffer in
            var reader = ByteReader(bytes: buffer)
            return body(&reader)
        }
    }

    private struct ByteReader {
        let bytes: UnsafeBufferPointer<UInt8>
        var index = 0

        init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

        mutating func newValues(into values: inout [(field: String, new: String?)]) -> Bool {
            values.removeAll(keepingCapacity: true)
            return changes(keepOld: false) { field, new, _ in values.append((field, new)) }
        }

        /// Calls `found` per change in order; true when the whole text was read.
        mutating func changes(keepOld: Bool = true, _ found: (String, String?, String?) -> Void) -> Bool {
            guard take(UInt8(ascii: "[")) else { return false }
            if take(UInt8(ascii: "]")) { return index == bytes.count }
            while true {
                guard take(UInt8(ascii: "{")), takeKey("field"), let field = string(),
                      take(UInt8(ascii: ",")), takeKey("new"), let new = optionalString(),
                      take(UInt8(ascii: ",")), takeKey("old"), let old = optionalString(keep: keepOld),
                      take(UInt8(ascii: "}")) else { return false }
                found(field, new, old)
                if take(UInt8(ascii: "]")) { return index == bytes.count }
                guard take(UInt8(ascii: ",")) else { return false }
            }
        }

        mutating func take(_ byte: UInt8) -> Bool {
            guard index < bytes.count, bytes[index] == byte else { return false }
            index += 1
            return true
        }

        /// `"name":`, compared as bytes (no string is made of a key).
        mutating func takeKey(_ name: StaticString) -> Bool {
            let length = name.utf8CodeUnitCount
            guard bytes.count - index >= length + 3, bytes[index] == UInt8(ascii: "\""),
                  bytes[index + length + 1] == UInt8(ascii: "\""), bytes[index + length + 2] == UInt8(ascii: ":") else { return false }
            let matches = name.withUTF8Buffer { expected in
                (0..<length).allSatisfy { bytes[index + 1 + $0] == expected[$0] }
            }
            guard matches else { return false }
            index += length + 3
            return true
        }

        /// A string value, or .some(nil) for null; nil when neither is there. With `keep` false the string is
        /// read and checked as with it, but an empty string stands for it.
        mutating func optionalString(keep: Bool = true) -> String?? {
            if bytes.count - index >= 4, bytes[index] == UInt8(ascii: "n"), bytes[index + 1] == UInt8(ascii: "u"),
               bytes[index + 2] == UInt8(ascii: "l"), bytes[index + 3] == UInt8(ascii: "l") {
                index += 4
                return .some(nil)
            }
            guard let value = string(keep: keep) else { return nil }
            return .some(value)
        }

        mutating func string(keep: Bool = true) -> String? {
            guard take(UInt8(ascii: "\"")) else { return nil }
            // Most texts hold no escape: they are their own bytes up to the closing quote, taken in one piece.
            let start = index
            while index < bytes.count {
                let byte = bytes[index]
                if byte == UInt8(ascii: "\"") {
                    index += 1
                    guard keep else { return "" }
                    // The text is a slice of a Swift string (or of a database text) cut at ASCII quotes, so it is
                    // valid UTF-8 already: decoding it repairs nothing (a text edited into invalid bytes is
                    // repaired as the database driver would), and it skips the generic validating initializer
                    // (a type lookup per string, a tenth of replaying the chain).
                    return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index - 1]), as: UTF8.self)
                }
                if byte == UInt8(ascii: "\\") || byte < 0x20 { break }
                index += 1
            }
            var out = Array(bytes[start..<index])
            while index < bytes.count {
                let byte = bytes[index]
                index += 1
                switch byte {
                case UInt8(ascii: "\""):
                    // Bytes of the (valid) input and scalars encoded here: valid UTF-8 as well.
                    return keep ? String(decoding: out, as: UTF8.self) : ""
                case UInt8(ascii: "\\"):
                    guard index < bytes.count else { return nil }
                    let escaped = bytes[index]
                    index += 1
                    switch escaped {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(escaped)
                    case UInt8(ascii: "b"): out.append(0x08)
                    case UInt8(ascii: "f"): out.append(0x0C)
                    case UInt8(ascii: "n"): out.append(0x0A)
                    case UInt8(ascii: "r"): out.append(0x0D)
                    case UInt8(ascii: "t"): out.append(0x09)
                    case UInt8(ascii: "u"):
                        guard var scalar = hex4() else { return nil }
                        if (0xD800..<0xDC00).contains(scalar) {
                            // A surrogate pair: the low half follows as its own escape.
                            guard take(UInt8(ascii: "\\")), take(UInt8(ascii: "u")), let low = hex4(), (0xDC00..<0xE000).contains(low) else { return nil }
                            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        }
                        guard let unicode = Unicode.Scalar(scalar) else { return nil }
                        out.append(contentsOf: String(Character(unicode)).utf8)
                    default:
                        return nil
                    }
                case 0x00..<0x20:
                    return nil
                default:
                    out.append(byte)
                }
            }
            return nil
        }

        mutating func hex4() -> UInt32? {
            guard bytes.count - index >= 4 else { return nil }
            var value: UInt32 = 0
            for _ in 0..<4 {
                let byte = bytes[index]
                index += 1
                let digit: UInt32
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
                case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
                case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
                default: return nil
                }
                value = value << 4 | digit
            }
            return value
        }
    }
}
