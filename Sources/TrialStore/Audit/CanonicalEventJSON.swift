import Foundation
import TrialCore

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

    static func string(_ value: String, into out: inout [UInt8]) {
        JSONStringLiteral.append(value, to: &out)
    }
}
