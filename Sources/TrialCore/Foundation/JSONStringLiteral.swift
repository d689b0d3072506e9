/// A JSON string literal written byte by byte as Foundation's `JSONEncoder` writes it with unescaped slashes:
/// `"` and `\` escaped, the control characters as `\b \f \n \r \t` or `\u00XX`, everything else (all of
/// Unicode) as its UTF-8. Used where JSON is assembled from parts that are already JSON (stored forms, the
/// audit chain's canonical events) instead of being parsed and written again.
public enum JSONStringLiteral {
    private static let hexDigits = Array("0123456789abcdef".utf8)

    public static func append(_ value: String, to out: inout [UInt8]) {
        let written = value.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            append(utf8: bytes, to: &out)
            return true
        }
        guard written == nil else { return }
        out.append(UInt8(ascii: "\""))
        for byte in value.utf8 { appendEscaped(byte, to: &out) }
        out.append(UInt8(ascii: "\""))
    }

    /// The literal of a text given as its UTF-8 bytes (the audit verifier reads the chain as bytes).
    public static func append(utf8 bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        // The literal's length is counted first and its bytes written in place: texts holding JSON (the audit
        // chain's changes) have a quote every few bytes, and appending run by run cost more than the hash.
        // Counted without a branch per byte (the loop vectorizes): quotes and backslashes add one byte each,
        // control characters are counted exactly only in the rare text that holds one.
        var escaped = 0
        var controls = 0
        for byte in bytes {
            escaped &+= (byte == UInt8(ascii: "\"") ? 1 : 0) &+ (byte == UInt8(ascii: "\\") ? 1 : 0)
            controls &+= byte < 0x20 ? 1 : 0
        }
        guard escaped != 0 || controls != 0 else {
            // Nothing to escape (times, ids, hashes, most names): the bytes as they are.
            out.append(UInt8(ascii: "\""))
            out.append(contentsOf: bytes)
            out.append(UInt8(ascii: "\""))
            return
        }
        var length = bytes.count + 2 + escaped
        if controls != 0 {
            for byte in bytes where byte < 0x20 { length += escapedLength(byte) - 1 }
        }
        let start = out.count
        out.append(contentsOf: repeatElement(0, count: length))
        out.withUnsafeMutableBufferPointer { buffer in
            var position = start
            buffer[position] = UInt8(ascii: "\"")
            position += 1
            for byte in bytes {
                if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                    buffer[position] = UInt8(ascii: "\\")
                    buffer[position + 1] = byte
                    position += 2
                } else if byte < 0x20 {
                    let named = namedEscape(byte)
                    buffer[position] = UInt8(ascii: "\\")
                    if named != 0 {
                        buffer[position + 1] = named
                        position += 2
                    } else {
                        buffer[position + 1] = UInt8(ascii: "u")
                        buffer[position + 2] = UInt8(ascii: "0")
                        buffer[position + 3] = UInt8(ascii: "0")
                        buffer[position + 4] = hexDigits[Int(byte >> 4)]
                        buffer[position + 5] = hexDigits[Int(byte & 0x0F)]
                        position += 6
                    }
                } else {
                    buffer[position] = byte
                    position += 1
                }
            }
            buffer[position] = UInt8(ascii: "\"")
        }
    }

    private static func escapedLength(_ byte: UInt8) -> Int {
        byte < 0x20 && namedEscape(byte) == 0 ? 6 : 2
    }

    /// The letter of a control character's short escape (`\b \f \n \r \t`), 0 for those written `\u00XX`.
    private static func namedEscape(_ byte: UInt8) -> UInt8 {
        switch byte {
        case 0x08: return UInt8(ascii: "b")
        case 0x0C: return UInt8(ascii: "f")
        case 0x0A: return UInt8(ascii: "n")
        case 0x0D: return UInt8(ascii: "r")
        case 0x09: return UInt8(ascii: "t")
        default: return 0
        }
    }

    /// One byte of a string literal, escaped when JSON needs it.
    private static func appendEscaped(_ byte: UInt8, to out: inout [UInt8]) {
        switch byte {
        case UInt8(ascii: "\""): out.append(UInt8(ascii: "\\")); out.append(byte)
        case UInt8(ascii: "\\"): out.append(UInt8(ascii: "\\")); out.append(byte)
        case 0x08: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "b"))
        case 0x0C: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "f"))
        case 0x0A: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "n"))
        case 0x0D: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "r"))
        case 0x09: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "t"))
        case 0x00..<0x20:
            out.append(contentsOf: "\\u00".utf8)
            out.append(hexDigits[Int(byte >> 4)])
            out.append(hexDigits[Int(byte & 0x0F)])
        default: out.append(byte)
        }
    }
}
