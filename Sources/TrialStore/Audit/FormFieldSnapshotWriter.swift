import Foundation

/// The audit texts of a stored form's top-level fields, read straight from the stored JSON bytes.
///
/// The audit trail has always recorded each field as `JSONSerialization` writes it with sorted keys
/// (`CaseReportFormRecord.referenceAuditSnapshot`), and every event already in a chain holds those bytes.
/// Foundation's writer sorts keys with a localized compare (numeric, case-insensitive, forced ordering) and
/// bridges every value through `Any`; that was half of `audit verify` and a large part of every form write.
///
/// This writer gives the same bytes for the JSON that forms are stored as, and declines (nil) for anything
/// whose bytes it cannot vouch for, so the caller falls back to Foundation:
/// - keys of nested objects made of ASCII letters and digits (no digit run starting with 0, no two keys of an
///   object equal but for case): those sort as Foundation sorts them, digit runs by value ("q2" before "q10"),
///   letters without regard to case;
/// - strings without a backslash (then the stored bytes are the string's own bytes, as Foundation writes them);
/// - integers of up to 15 digits, and decimals written in their shortest round-trip form without exponent
///   (Foundation writes those back unchanged; "-0", "1.50" or "1e3" would be rewritten);
/// - `true`, `false`, `null`, arrays and objects of the above.
/// A test holds it to Foundation over every form of a demo trial and over generated values.
enum FormFieldSnapshotWriter {
    /// Each top-level field's canonical text, or nil when the fast path cannot vouch for the bytes.
    /// With `keyPrefix` each field is named by the prefix and its key, added to `fields` (a record's snapshot
    /// is built in place, not copied from a dictionary of its own).
    static func topLevelFields(of json: String, keyPrefix: String = "", adding fields: [String: String] = [:]) -> [String: String]? {
        var fields = fields
        let complete = forEachTopLevelField(of: json, keyPrefix: keyPrefix) { name, text in
            // A repeated top-level key: Foundation keeps one of them; which one is not for this writer to guess.
            fields.updateValue(String(decoding: text, as: UTF8.self), forKey: name) == nil
        }
        return complete ? fields : nil
    }

    /// Whether `topLevelFields(of:keyPrefix:adding:)` would give exactly `expected` (`base` being the fields
    /// already compared, which must all be in `expected`), found without making a string of any value: `audit
    /// verify` compares every form with its history, and building each form's snapshot only to compare it cost
    /// more than the comparison. False also when the fast path cannot vouch for the bytes; the caller then
    /// builds the snapshot.
    static func topLevelFields(of json: String, keyPrefix: String, adding base: Int, equal expected: [String: String]) -> Bool {
        var counted = base
        let complete = forEachTopLevelField(of: json, keyPrefix: keyPrefix) { name, text in
            counted += 1
            guard var value = expected[name] else { return false }
            return value.withUTF8 { $0.count == text.count && (text.isEmpty || memcmp($0.baseAddress!, text.baseAddress!, text.count) == 0) }
        }
        // A repeated key counts twice, so it never equals a snapshot (which has each name once).
        return complete && counted == expected.count
    }

    /// Calls `field` with each top-level field's name (`keyPrefix` and the key) and canonical text, in the
    /// stored order, until it returns false. False when stopped, or when the fast path cannot vouch for the
    /// bytes.
    private static func forEachTopLevelField(of json: String, keyPrefix: String,
                                             _ field: (String, UnsafeBufferPointer<UInt8>) -> Bool) -> Bool {
        var json = json
        var prefix = keyPrefix
        return json.withUTF8 { bytes in
            prefix.withUTF8 { prefixBytes in
                var reader = Reader(bytes: bytes)
                return reader.forEachTopLevelField(keyPrefix: prefixBytes, field)
            }
        }
    }

    private struct Reader {
        let bytes: UnsafeBufferPointer<UInt8>
        var position = 0

        init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

        mutating func forEachTopLevelField(keyPrefix: UnsafeBufferPointer<UInt8>, _ field: (String, UnsafeBufferPointer<UInt8>) -> Bool) -> Bool {
            skipWhitespace()
            guard take(UInt8(ascii: "{")) else { return false }
            skipWhitespace()
            if take(UInt8(ascii: "}")) { return finished() }
            var written: [UInt8] = []
            while true {
                skipWhitespace()
                guard let key = plainStringRange() else { return false }
                skipWhitespace()
                guard take(UInt8(ascii: ":")) else { return false }
                skipWhitespace()
                let keyBytes = UnsafeBufferPointer(rebasing: bytes[key])
                let name = keyPrefix.isEmpty ? String(decoding: keyBytes, as: UTF8.self)
                    : String(unsafeUninitializedCapacity: keyPrefix.count + keyBytes.count) { buffer in
                        _ = buffer.initialize(fromContentsOf: keyPrefix)
                        _ = buffer[keyPrefix.count...].initialize(fromContentsOf: keyBytes)
                        return keyPrefix.count + keyBytes.count
                    }
                // A value stored as Foundation writes it (the usual case) is its own text, taken in one piece;
                // any other is written again.
                let start = position
                let accepted: Bool
                if canonicalValue() {
                    accepted = field(name, UnsafeBufferPointer(rebasing: bytes[start..<position]))
                } else {
                    position = start
                    written.removeAll(keepingCapacity: true)
                    guard value(into: &written) else { return false }
                    accepted = written.withUnsafeBufferPointer { field(name, $0) }
                }
                guard accepted else { return false }
                skipWhitespace()
                if take(UInt8(ascii: ",")) { continue }
                guard take(UInt8(ascii: "}")) else { return false }
                return finished()
            }
        }

        private mutating func finished() -> Bool {
            skipWhitespace()
            return position == bytes.count
        }

        /// Whether the value here is written exactly as `value(into:)` would write it: no white space, object keys
        /// plain and in Foundation's order, strings and numbers as they are accepted there. Moves past it when so.
        private mutating func canonicalValue() -> Bool {
            guard position < bytes.count else { return false }
            switch bytes[position] {
            case UInt8(ascii: "\""): return plainStringRange() != nil
            case UInt8(ascii: "{"):
                position += 1
                if take(UInt8(ascii: "}")) { return true }
                var previous: Range<Int>?
                while true {
                    guard let key = plainStringRange(), FoundationKeyOrder.isPlainKey(bytes[key]) else { return false }
                    if let previous, FoundationKeyOrder.compare(bytes[previous], bytes[key]) != .orderedAscending { return false }
                    previous = key
                    guard take(UInt8(ascii: ":")), canonicalValue() else { return false }
                    if take(UInt8(ascii: ",")) { continue }
                    return take(UInt8(ascii: "}"))
                }
            case UInt8(ascii: "["):
                position += 1
                if take(UInt8(ascii: "]")) { return true }
                while true {
                    guard canonicalValue() else { return false }
                    if take(UInt8(ascii: ",")) { continue }
                    return take(UInt8(ascii: "]"))
                }
            case UInt8(ascii: "t"): return literal("true")
            case UInt8(ascii: "f"): return literal("false")
            case UInt8(ascii: "n"): return literal("null")
            default: return numberToken() != nil
            }
        }

        private mutating func value(into out: inout [UInt8]) -> Bool {
            skipWhitespace()
            guard position < bytes.count else { return false }
            switch bytes[position] {
            case UInt8(ascii: "\""):
                guard let text = plainString() else { return false }
                out.append(UInt8(ascii: "\""))
                out.append(contentsOf: text)
                out.append(UInt8(ascii: "\""))
                return true
            case UInt8(ascii: "{"): return object(into: &out)
            case UInt8(ascii: "["): return array(into: &out)
            case UInt8(ascii: "t"): return literal("true", into: &out)
            case UInt8(ascii: "f"): return literal("false", into: &out)
            case UInt8(ascii: "n"): return literal("null", into: &out)
            default: return number(into: &out)
            }
        }

        private mutating func object(into out: inout [UInt8]) -> Bool {
            position += 1
            var members: [(key: ArraySlice<UInt8>, text: [UInt8])] = []
            skipWhitespace()
            if !take(UInt8(ascii: "}")) {
                while true {
                    skipWhitespace()
                    guard let key = plainString(), FoundationKeyOrder.isPlainKey(key) else { return false }
                    skipWhitespace()
                    guard take(UInt8(ascii: ":")) else { return false }
                    var text: [UInt8] = []
                    guard value(into: &text) else { return false }
                    members.append((ArraySlice(key), text))
                    skipWhitespace()
                    if take(UInt8(ascii: ",")) { continue }
                    guard take(UInt8(ascii: "}")) else { return false }
                    break
                }
            }
            var sorted = members
            var undecided = false
            sorted.sort { left, right in
                switch FoundationKeyOrder.compare(left.key, right.key) {
                case .orderedAscending: return true
                case .orderedDescending: return false
                case .orderedSame: undecided = true; return false
                }
            }
            if undecided { return false }
            out.append(UInt8(ascii: "{"))
            for (index, member) in sorted.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                out.append(UInt8(ascii: "\""))
                out.append(contentsOf: member.key)
                out.append(UInt8(ascii: "\""))
                out.append(UInt8(ascii: ":"))
                out.append(contentsOf: member.text)
            }
            out.append(UInt8(ascii: "}"))
            return true
        }

        private mutating func array(into out: inout [UInt8]) -> Bool {
            position += 1
            out.append(UInt8(ascii: "["))
            skipWhitespace()
            if take(UInt8(ascii: "]")) { out.append(UInt8(ascii: "]")); return true }
            var first = true
            while true {
                if !first { out.append(UInt8(ascii: ",")) }
                first = false
                guard value(into: &out) else { return false }
                skipWhitespace()
                if take(UInt8(ascii: ",")) { continue }
                guard take(UInt8(ascii: "]")) else { return false }
                out.append(UInt8(ascii: "]"))
                return true
            }
        }

        private mutating func literal(_ word: StaticString, into out: inout [UInt8]) -> Bool {
            let start = position
            guard literal(word) else { return false }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<position]))
            return true
        }

        private mutating func literal(_ word: StaticString) -> Bool {
            let length = word.utf8CodeUnitCount
            guard position + length <= bytes.count else { return false }
            let matches = word.withUTF8Buffer { expected in
                (0..<length).allSatisfy { bytes[position + $0] == expected[$0] }
            }
            guard matches else { return false }
            position += length
            return true
        }

        /// A number Foundation writes back byte for byte: an integer of at most 15 digits (not "-0"), or a
        /// decimal in its shortest round-trip form. Anything else (exponents, trailing zeros) declines.
        private mutating func number(into out: inout [UInt8]) -> Bool {
            guard let token = numberToken() else { return false }
            out.append(contentsOf: token)
            return true
        }

        private mutating func numberToken() -> UnsafeBufferPointer<UInt8>? {
            let start = position
            var digits = 0
            var sawPoint = false
            if position < bytes.count, bytes[position] == UInt8(ascii: "-") { position += 1 }
            while position < bytes.count {
                let byte = bytes[position]
                if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                    digits += 1
                } else if byte == UInt8(ascii: "."), !sawPoint {
                    sawPoint = true
                } else if byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") || byte == UInt8(ascii: "+") {
                    return nil
                } else {
                    break
                }
                position += 1
            }
            guard digits > 0 else { return nil }
            let token = UnsafeBufferPointer(rebasing: bytes[start..<position])
            let text = String(decoding: token, as: UTF8.self)
            if sawPoint {
                guard let value = Double(text), value.isFinite, value.description == text else { return nil }
            } else {
                guard digits <= 15, text != "-0", !(digits > 1 && token[token.first == UInt8(ascii: "-") ? 1 : 0] == UInt8(ascii: "0")) else {
                    return nil
                }
            }
            return token
        }

        /// A string's bytes between its quotes, when it holds no escape and no control character.
        private mutating func plainString() -> [UInt8]? {
            plainStringRange().map { Array(bytes[$0]) }
        }

        /// Where a plain string's bytes are (between its quotes); moves past its closing quote.
        private mutating func plainStringRange() -> Range<Int>? {
            guard take(UInt8(ascii: "\"")) else { return nil }
            let start = position
            while position < bytes.count {
                let byte = bytes[position]
                if byte == UInt8(ascii: "\"") {
                    position += 1
                    return start..<position - 1
                }
                if byte == UInt8(ascii: "\\") || byte < 0x20 { return nil }
                position += 1
            }
            return nil
        }

        private mutating func take(_ byte: UInt8) -> Bool {
            guard position < bytes.count, bytes[position] == byte else { return false }
            position += 1
            return true
        }

        private mutating func skipWhitespace() {
            while position < bytes.count {
                switch bytes[position] {
                case 0x20, 0x09, 0x0A, 0x0D: position += 1
                default: return
                }
            }
        }
    }
}

/// The order Foundation's JSON writer gives the keys of an object (a localized compare, numeric and
/// case-insensitive), for keys of ASCII letters and digits: digit runs compare by value, digits before
/// letters, letters without regard to case, a prefix before what extends it.
enum FoundationKeyOrder {
    static func isPlainKey(_ key: some Collection<UInt8>) -> Bool {
        guard !key.isEmpty else { return false }
        var previousWasDigit = false
        for byte in key {
            let isDigit = byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
            let isLetter = (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")
            guard isDigit || isLetter else { return false }
            // A digit run with a leading zero ("a01"): Foundation's tie-breaking of "a1" and "a01" is not modelled.
            if isDigit, !previousWasDigit, byte == UInt8(ascii: "0") { return false }
            previousWasDigit = isDigit
        }
        return true
    }

    /// `.orderedSame` for keys equal but for case, whose order this does not decide.
    static func compare<Key: RandomAccessCollection<UInt8>>(_ left: Key, _ right: Key) -> ComparisonResult where Key.Index == Int {
        var i = left.startIndex
        var j = right.startIndex
        while i < left.endIndex, j < right.endIndex {
            let a = left[i], b = right[j]
            let aDigit = a >= UInt8(ascii: "0") && a <= UInt8(ascii: "9")
            let bDigit = b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")
            if aDigit, bDigit {
                // Whole digit runs by value: the longer run (no leading zeros) is the larger number.
                var iEnd = i, jEnd = j
                while iEnd < left.endIndex, left[iEnd] >= UInt8(ascii: "0"), left[iEnd] <= UInt8(ascii: "9") { iEnd += 1 }
                while jEnd < right.endIndex, right[jEnd] >= UInt8(ascii: "0"), right[jEnd] <= UInt8(ascii: "9") { jEnd += 1 }
                if iEnd - i != jEnd - j { return iEnd - i < jEnd - j ? .orderedAscending : .orderedDescending }
                for (x, y) in zip(left[i..<iEnd], right[j..<jEnd]) where x != y {
                    return x < y ? .orderedAscending : .orderedDescending
                }
                i = iEnd
                j = jEnd
                continue
            }
            if aDigit != bDigit { return aDigit ? .orderedAscending : .orderedDescending }
            let x = a | 0x20, y = b | 0x20
            if x != y { return x < y ? .orderedAscending : .orderedDescending }
            i += 1
            j += 1
        }
        if i < left.endIndex { return .orderedDescending }
        if j < right.endIndex { return .orderedAscending }
        return .orderedSame
    }
}
