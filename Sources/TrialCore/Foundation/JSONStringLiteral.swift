/// A JSON string literal written byte by byte as Foundation's `JSONEncoder` writes it with unescaped slashes:
/// `"` and `\` escaped, the control characters as `\b \f \n \r \t` or `\u00XX`, everything else (all of
/// Unicode) as its UTF-8. Used where JSON is assembled from parts that are already JSON (stored forms, the
/// audit chain's canonical events) instead of being parsed and written again.
public enum JSONStringLiteral {
    private static let hexDigits = Array("0123456789abcdef".utf8)

    public static func append(_ value: String, to out: inout [UInt8]) {
        // Runs that need no escape (nearly all of a text) are copied in one piece.
        let copied = value.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            out.append(UInt8(ascii: "\""))
            var start = 0
            for index in 0..<bytes.count {
                let byte = bytes[index]
                guard byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte < 0x20 else { continue }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index]))
                appendEscaped(byte, to: &out)
                start = index + 1
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<bytes.count]))
            out.append(UInt8(ascii: "\""))
            return true
        }
        guard copied == nil else { return }
        out.append(UInt8(ascii: "\""))
        for byte in value.utf8 { appendEscaped(byte, to: &out) }
        out.append(UInt8(ascii: "\""))
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
