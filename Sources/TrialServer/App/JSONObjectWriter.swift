import Foundation
import TrialCore

/// Writes a JSON object member by member, taking parts that are already JSON (a stored form, an encoded
/// value) as they are. A casebook answer built as `[String: Any]` and written by `JSONSerialization` spent
/// a third of its time re-sorting and bridging what the store already holds as JSON.
struct JSONObjectWriter {
    private(set) var bytes: [UInt8] = [UInt8(ascii: "{")]
    private var empty = true

    private mutating func key(_ name: String) {
        if !empty { bytes.append(UInt8(ascii: ",")) }
        empty = false
        JSONStringLiteral.append(name, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
    }

    /// A member whose value is JSON text already (trusted: the store's own JSON or an encoder's output).
    mutating func raw(_ name: String, _ json: some Sequence<UInt8>) {
        key(name)
        bytes.append(contentsOf: json)
    }

    mutating func string(_ name: String, _ value: String?) {
        key(name)
        if let value { JSONStringLiteral.append(value, to: &bytes) } else { bytes.append(contentsOf: "null".utf8) }
    }

    mutating func integer(_ name: String, _ value: Int64) {
        raw(name, String(value).utf8)
    }

    /// A member holding an array of objects, each written by `write`.
    mutating func objects<Element>(_ name: String, _ elements: some Sequence<Element>, _ write: (inout JSONObjectWriter, Element) throws -> Void) rethrows {
        key(name)
        bytes.append(UInt8(ascii: "["))
        var first = true
        for element in elements {
            if !first { bytes.append(UInt8(ascii: ",")) }
            first = false
            var object = JSONObjectWriter()
            try write(&object, element)
            bytes.append(contentsOf: object.finished)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    var finished: [UInt8] { bytes + [UInt8(ascii: "}")] }
}
