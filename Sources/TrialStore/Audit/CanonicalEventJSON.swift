import Foundation

/// The canonical JSON of an audit event's content, written byte by byte as `JSONEncoder` with sorted keys and
/// unescaped slashes writes it: keys in code-point order, strings with `"` and `\` escaped, the control
/// characters as `\b \f \n \r \t` or `\u00XX`, everything else (all of Unicode) as UTF-8. Verifying a chain
/// hashes every event; the encoder's generic machinery cost more than reading the event.
enum CanonicalEventJSON {
    static func write(_ content: AuditChain.HashedContent, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "{"))
        key("action", into: &out); string(content.action, into: &out)
        out.append(UInt8(ascii: ",")); key("actor", into: &out); string(content.actor, into: &out)
        out.append(UInt8(ascii: ",")); key("changes", into: &out); string(content.changes, into: &out)
        out.append(UInt8(ascii: ",")); key("entityID", into: &out); string(content.entityID, into: &out)
        out.append(UInt8(ascii: ",")); key("entityType", into: &out); string(content.entityType, into: &out)
        out.append(UInt8(ascii: ",")); key("occurredAt", into: &out); string(content.occurredAt, into: &out)
        out.append(UInt8(ascii: ",")); key("reason", into: &out); optional(content.reason, into: &out)
        out.append(UInt8(ascii: ",")); key("role", into: &out); string(content.role, into: &out)
        out.append(UInt8(ascii: ",")); key("sequence", into: &out); out.append(contentsOf: String(content.sequence).utf8)
        out.append(UInt8(ascii: ",")); key("site", into: &out); optional(content.site, into: &out)
        out.append(UInt8(ascii: "}"))
    }

    private static func key(_ name: StaticString, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { out.append(contentsOf: $0) }
        out.append(UInt8(ascii: "\""))
        out.append(UInt8(ascii: ":"))
    }

    private static func optional(_ value: String?, into out: inout [UInt8]) {
        if let value { string(value, into: &out) } else { out.append(contentsOf: "null".utf8) }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    static func string(_ value: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in value.utf8 {
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
        out.append(UInt8(ascii: "\""))
    }
}
