import Foundation

/// Reads an audit event's changes from the canonical JSON the chain stores
/// (`[{"field":"...","new":"..."|null,"old":"..."|null}, ...]`, keys in that order) without the generic
/// decoder, which dominated replaying a long chain. Anything of another shape returns nil, and the caller
/// reads it with `JSONDecoder` instead.
enum AuditChangesReader {
    static func read(_ json: String) -> [AuditFieldChange]? {
        var utf8 = json.utf8
        return utf8.withContiguousStorageIfAvailable { buffer -> [AuditFieldChange]? in
            var reader = ByteReader(bytes: buffer)
            return reader.changes()
        } ?? {
            var copy = Array(utf8)
            return copy.withUnsafeBufferPointer { buffer in
                var reader = ByteReader(bytes: buffer)
                return reader.changes()
            }
        }()
    }

    private struct ByteReader {
        let bytes: UnsafeBufferPointer<UInt8>
        var index = 0

        init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

        mutating func changes() -> [AuditFieldChange]? {
            guard take(UInt8(ascii: "[")) else { return nil }
            var result: [AuditFieldChange] = []
            if take(UInt8(ascii: "]")) { return index == bytes.count ? result : nil }
            while true {
                guard take(UInt8(ascii: "{")), takeKey("field"), let field = string(),
                      take(UInt8(ascii: ",")), takeKey("new"), let new = optionalString(),
                      take(UInt8(ascii: ",")), takeKey("old"), let old = optionalString(),
                      take(UInt8(ascii: "}")) else { return nil }
                result.append(AuditFieldChange(field: field, old: old, new: new))
                if take(UInt8(ascii: "]")) { return index == bytes.count ? result : nil }
                guard take(UInt8(ascii: ",")) else { return nil }
            }
        }

        mutating func take(_ byte: UInt8) -> Bool {
            guard index < bytes.count, bytes[index] == byte else { return false }
            index += 1
            return true
        }

        mutating func takeKey(_ name: String) -> Bool {
            guard let key = string(), key == name else { return false }
            return take(UInt8(ascii: ":"))
        }

        /// A string value, or .some(nil) for null; nil when neither is there.
        mutating func optionalString() -> String?? {
            if bytes.count - index >= 4, bytes[index] == UInt8(ascii: "n"), bytes[index + 1] == UInt8(ascii: "u"),
               bytes[index + 2] == UInt8(ascii: "l"), bytes[index + 3] == UInt8(ascii: "l") {
                index += 4
                return .some(nil)
            }
            guard let value = string() else { return nil }
            return .some(value)
        }

        mutating func string() -> String? {
            guard take(UInt8(ascii: "\"")) else { return nil }
            var out: [UInt8] = []
            while index < bytes.count {
                let byte = bytes[index]
                index += 1
                switch byte {
                case UInt8(ascii: "\""):
                    return String(validating: out, as: UTF8.self)
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
