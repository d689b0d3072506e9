import Foundation
import TrialCore

/// The canonical JSON of an audit event's content, written byte by byte as `JSONEncoder` with sorted keys and
/// unescaped slashes writes it: keys in code-point order, strings with `"` and `\` escaped, the control
/// characters as `\b \f \n \r \t` or `\u00XX`, everything else (all of Unicode) as UTF-8. Verifying a chain
/// hashes every event; the encoder's generic machinery cost more than reading the event.
enum CanonicalEventJSON {
    /// The event's text fields, in the order of their keys.
    enum TextField: CaseIterable {
        case action, actor, changes, entityID, entityType, occurredAt, reason, role, site
    }

    static func write(_ content: AuditChain.HashedContent, into out: inout [UInt8]) {
        write(sequence: content.sequence, into: &out) { field, out in
            switch field {
            case .action: string(content.action, into: &out)
            case .actor: string(content.actor, into: &out)
            case .changes: string(content.changes, into: &out)
            case .entityID: string(content.entityID, into: &out)
            case .entityType: string(content.entityType, into: &out)
            case .occurredAt: string(content.occurredAt, into: &out)
            case .reason: optional(content.reason, into: &out)
            case .role: string(content.role, into: &out)
            case .site: optional(content.site, into: &out)
            }
        }
    }

    /// The keys, separators and sequence number; `value` appends each text field's literal (or `null`), so
    /// that events read as strings and events read as bytes (`ChainBatch`) share one key order.
    @inline(__always)
    static func write(sequence: Int64, into out: inout [UInt8], value: (TextField, inout [UInt8]) -> Void) {
        out.append(UInt8(ascii: "{"))
        key("action", into: &out); value(.action, &out)
        out.append(UInt8(ascii: ",")); key("actor", into: &out); value(.actor, &out)
        out.append(UInt8(ascii: ",")); key("changes", into: &out); value(.changes, &out)
        out.append(UInt8(ascii: ",")); key("entityID", into: &out); value(.entityID, &out)
        out.append(UInt8(ascii: ",")); key("entityType", into: &out); value(.entityType, &out)
        out.append(UInt8(ascii: ",")); key("occurredAt", into: &out); value(.occurredAt, &out)
        out.append(UInt8(ascii: ",")); key("reason", into: &out); value(.reason, &out)
        out.append(UInt8(ascii: ",")); key("role", into: &out); value(.role, &out)
        out.append(UInt8(ascii: ",")); key("sequence", into: &out); out.append(contentsOf: String(sequence).utf8)
        out.append(UInt8(ascii: ",")); key("site", into: &out); value(.site, &out)
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
