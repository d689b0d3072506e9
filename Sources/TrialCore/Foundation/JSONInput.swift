import Foundation

/// A JSON request body read with the bounds of `InputLimits`, before any type decodes it: malformed JSON,
/// text that is not UTF-8, nesting deeper than a form has, and values larger than any real entry are refused
/// as field errors naming the JSON path. Forms (pages and API alike), corrections and every other API body
/// pass through here, so no decoding failure can become anything but a 422.
public enum JSONInput {
    /// The longest key of a JSON object: field names and the study's codes are short.
    public static let keyCharacters = 200

    /// The parsed body (a dictionary, an array or a scalar from `JSONSerialization`), or a `ValidationFailure`.
    /// `longText` names the top-level fields that hold a whole document (a study file) and their own bound.
    public static func parse(_ data: Data, longText: [String: Int] = [:]) throws -> Any {
        if data.count > InputLimits.jsonBodyBytes {
            throw ValidationFailure(field: "(body)", RuleMessage("input.bodyTooLarge", "is {size} bytes; at most {maximum} are accepted",
                                                                 ["size": String(data.count), "maximum": String(InputLimits.jsonBodyBytes)]))
        }
        if data.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
            throw ValidationFailure(field: "(body)", RuleMessage("input.bodyEmpty", "is empty: send a JSON object"))
        }
        guard String(data: data, encoding: .utf8) != nil else {
            throw ValidationFailure(field: "(body)", RuleMessage("input.notUTF8", "is not UTF-8 text"))
        }
        // The parser's own recursion is bounded by the depth it accepts (it refuses deeper nesting with an
        // error); measuring the depth first keeps the message ours and the work linear.
        if let depth = Self.nestingDepth(data), depth > InputLimits.jsonDepth {
            throw ValidationFailure(field: "(body)", RuleMessage("input.tooDeep", "nests {depth} levels deep; at most {maximum} are accepted",
                                                                 ["depth": String(depth), "maximum": String(InputLimits.jsonDepth)]))
        }
        let value: Any
        do {
            value = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        } catch {
            throw ValidationFailure(field: "(body)", RuleMessage("input.notJSON", "is not valid JSON: check quotes, commas and brackets"))
        }
        var errors: [FieldError] = []
        check(value, path: "", longText: longText, errors: &errors)
        if !errors.isEmpty { throw ValidationFailure(errors) }
        return value
    }

    /// The body checked by `parse` and written again by the same parser, so that every decoder after it reads
    /// exactly what the bounds were checked on (decoders differ on odd escapes and enormous numbers).
    public static func normalized(_ data: Data, longText: [String: Int] = [:]) throws -> Data {
        let value = try parse(data, longText: longText)
        guard JSONSerialization.isValidJSONObject(value) || value is String || value is NSNumber || value is NSNull,
              let written = try? JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed]) else {
            throw ValidationFailure(field: "(body)", RuleMessage("input.notJSON", "is not valid JSON: check quotes, commas and brackets"))
        }
        return written
    }

    /// The body as a JSON object, or a `ValidationFailure` saying that one was expected.
    public static func object(_ data: Data) throws -> [String: Any] {
        guard let object = try parse(data) as? [String: Any] else {
            throw ValidationFailure(field: "(body)", RuleMessage("input.notObject", "must be a JSON object ({...})"))
        }
        return object
    }

    /// The deepest nesting of arrays and objects, counted over the raw bytes (brackets inside strings skipped);
    /// nil when the brackets do not balance (the parser then says what is wrong).
    static func nestingDepth(_ data: Data) -> Int? {
        var depth = 0, deepest = 0
        var inString = false, escaped = false
        for byte in data {
            if inString {
                if escaped { escaped = false } else if byte == 0x5C { escaped = true } else if byte == 0x22 { inString = false }
                continue
            }
            switch byte {
            case 0x22: inString = true
            case 0x5B, 0x7B:
                depth += 1
                deepest = max(deepest, depth)
            case 0x5D, 0x7D:
                depth -= 1
                if depth < 0 { return nil }
            default: break
            }
        }
        return deepest
    }

    private static func check(_ value: Any, path: String, longText: [String: Int], errors: inout [FieldError]) {
        guard errors.count < 20 else { return }
        switch value {
        case let text as String:
            if let problem = InputLimits.textProblem(text, field: path.isEmpty ? "(body)" : path,
                                                     maximum: longText[path] ?? InputLimits.textCharacters) { errors.append(problem) }
        case let array as [Any]:
            if array.count > InputLimits.rowsPerList {
                errors.append(FieldError(field: path.isEmpty ? "(body)" : path,
                                         RuleMessage("input.tooManyRows", "has {count} rows; a list has at most {maximum}",
                                                     ["count": String(array.count), "maximum": String(InputLimits.rowsPerList)])))
                return
            }
            for (index, element) in array.enumerated() { check(element, path: "\(path)[\(index)]", longText: [:], errors: &errors) }
        case let object as [String: Any]:
            if object.count > InputLimits.keysPerObject {
                errors.append(FieldError(field: path.isEmpty ? "(body)" : path,
                                         RuleMessage("input.tooManyKeys", "has {count} fields; an object has at most {maximum}",
                                                     ["count": String(object.count), "maximum": String(InputLimits.keysPerObject)])))
                return
            }
            for key in object.keys.sorted() {
                let child = path.isEmpty ? key : "\(path).\(key)"
                if key.unicodeScalars.count > Self.keyCharacters {
                    errors.append(FieldError(field: String(child.prefix(80)) + "…", RuleMessage("input.keyTooLong", "is not a field of this input")))
                    continue
                }
                check(object[key] as Any, path: child, longText: path.isEmpty ? longText : [:], errors: &errors)
            }
        default:
            break
        }
    }
}
