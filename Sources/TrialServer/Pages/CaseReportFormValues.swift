import Foundation
import TrialCore

/// The values a form page shows, by input name (`lesions[2].sizeMm`): as typed after a refused save,
/// or read from a saved form. Check-box groups hold several values.
struct CaseReportFormValues: Sendable {
    var values: [String: [String]] = [:]
    /// Rows shown per row group (by group index).
    var rowCounts: [Int: Int] = [:]

    func value(_ name: String) -> String { values[name]?.first ?? "" }
    func all(_ name: String) -> [String] { values[name] ?? [] }
}

/// A number kept as the digits typed, so that the form's JSON carries it exactly.
struct JSONNumberText: Sendable {
    var text: String
}

/// A posted form page read through its layout: the values to show again, the form's JSON for
/// TrialCore to decode, and the inputs that could not be read at all (a word in a number box).
struct CaseReportFormSubmission {
    var shown: CaseReportFormValues
    var json: [String: Any]
    var inputErrors: [FieldError]
    /// Rows left out because they were empty move later rows up: JSON row -> row on the page, per group path.
    var rowOnPage: [String: [Int: Int]]

    init(_ posted: PostedForm, layout: CaseReportFormLayout, texts: PageText) throws {
        var shown = CaseReportFormValues()
        var root: [String: Any] = [:]
        var errors: [FieldError] = []
        var rowOnPage: [String: [Int: Int]] = [:]
        for name in posted.distinctNames where name != "_csrf" {
            shown.values[name] = posted.rawValues(name)
        }
        for (index, group) in layout.groups.enumerated() {
            switch group.shape {
            case .fields, .scale:
                for input in group.inputs {
                    let name = group.name(of: input.key, row: nil)
                    if let value = Self.convert(posted, name: name, kind: input.kind, texts: texts, errors: &errors) {
                        Self.set(value, at: name, in: &root)
                    }
                }
            case .object:
                var object: [String: Any] = [:]
                for input in group.inputs {
                    let name = group.name(of: input.key, row: nil)
                    if let value = Self.convert(posted, name: name, kind: input.kind, texts: texts, errors: &errors) {
                        object[input.key] = value
                    }
                }
                if !object.isEmpty {
                    var existing = Self.get(group.path, in: root) as? [String: Any] ?? [:]
                    existing.merge(object) { _, new in new }
                    Self.set(existing, at: group.path, in: &root)
                }
            case .freeRows, .fixedRows:
                let rows: Int
                var keepEmpty = false
                if case .fixedRows(_, let values, let keep) = group.shape {
                    rows = values.count
                    keepEmpty = keep
                } else {
                    rows = try Self.postedRowCount(posted, path: group.path)
                }
                shown.rowCounts[index] = rows
                var array: [Any] = []
                var map: [Int: Int] = [:]
                for row in 0..<rows {
                    let hasContent = group.inputs.contains { input in
                        switch input.kind {
                        case .hidden, .bool: return false
                        default: return posted.value(group.name(of: input.key, row: row)) != nil
                        }
                    }
                    if !hasContent && !keepEmpty { continue }
                    var object: [String: Any] = [:]
                    for input in group.inputs {
                        let name = group.name(of: input.key, row: row)
                        if let value = Self.convert(posted, name: name, kind: input.kind, texts: texts, errors: &errors) {
                            object[input.key] = value
                        }
                    }
                    map[array.count] = row
                    array.append(object)
                }
                rowOnPage[group.path] = map
                Self.set(array, at: group.path, in: &root)
            }
        }
        self.shown = shown
        self.json = root
        self.inputErrors = errors
        self.rowOnPage = rowOnPage
    }

    /// The JSON for TrialCore, numbers exactly as typed.
    var jsonData: Data { Data(Self.encode(json).utf8) }

    /// A refusal's field, moved to the row the site typed it in.
    func fieldOnPage(_ field: String) -> String {
        for (path, map) in rowOnPage where field.hasPrefix("\(path)[") {
            let rest = field.dropFirst(path.count + 1)
            guard let close = rest.firstIndex(of: "]"), let row = Int(rest[..<close]), let onPage = map[row] else { continue }
            return "\(path)[\(onPage)]\(rest[rest.index(after: close)...])"
        }
        return field
    }

    /// Rows the page sent for a list: one past the highest row index. A row index is untrusted text; one
    /// beyond the list's bound (`InputLimits.rowsPerList`) is refused naming the field, never computed with.
    private static func postedRowCount(_ posted: PostedForm, path: String) throws -> Int {
        let prefix = "\(path)["
        var highest = -1
        for name in posted.distinctNames where name.hasPrefix(prefix) {
            let rest = name.dropFirst(prefix.count)
            guard let close = rest.firstIndex(of: "]") else { continue }
            guard let row = InputLimits.rowIndex(rest[..<close]) else { throw ValidationFailure([InputLimits.rowProblem(field: name)]) }
            highest = max(highest, row)
        }
        return highest + 1
    }

    private static func convert(_ posted: PostedForm, name: String, kind: FormInputKind, texts: PageText, errors: inout [FieldError]) -> Any? {
        switch kind {
        case .multiChoice:
            return posted.values(name)
        case .list:
            let raw = posted.value(name) ?? ""
            return raw.split(whereSeparator: { $0 == "," || $0 == "\n" || $0 == "，" || $0 == ";" })
                .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
        case .bool:
            return posted.value(name) == "true"
        default:
            break
        }
        guard let raw = posted.value(name) else { return nil }
        switch kind {
        case .integer, .scale:
            guard let number = Int(raw) else {
                errors.append(FieldError(field: name, message: texts["error.wholeNumber"]))
                return nil
            }
            return number
        case .decimal:
            guard raw.range(of: #"^-?[0-9]+(\.[0-9]+)?$"#, options: .regularExpression) != nil else {
                errors.append(FieldError(field: name, message: texts["error.number"]))
                return nil
            }
            return JSONNumberText(text: raw)
        case .optionalBool:
            // Yes, no, or nothing: any other text is refused at its field, never read as "no".
            guard let answer = CriterionAnswer(yesOrNo: raw) else {
                errors.append(CriterionAnswer.notYesOrNo(raw, field: name))
                return nil
            }
            return answer == .yes
        case .timestamp:
            // datetime-local sends minutes without a zone; the page labels the field as UTC.
            return raw.count == 16 ? "\(raw):00Z" : raw
        default:
            return raw
        }
    }

    static func get(_ path: String, in root: [String: Any]) -> Any? {
        var node: Any? = root
        for key in path.split(separator: ".") {
            node = (node as? [String: Any])?[String(key)]
        }
        return node
    }

    static func set(_ value: Any, at path: String, in root: inout [String: Any]) {
        let keys = path.split(separator: ".").map(String.init)
        guard let first = keys.first else { return }
        if keys.count == 1 {
            root[first] = value
            return
        }
        var child = root[first] as? [String: Any] ?? [:]
        set(value, at: keys.dropFirst().joined(separator: "."), in: &child)
        root[first] = child
    }

    static func encode(_ value: Any) -> String {
        switch value {
        case let text as String:
            var out = "\""
            for scalar in text.unicodeScalars {
                switch scalar {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case "\r": out += "\\r"
                case "\t": out += "\\t"
                default:
                    if scalar.value < 0x20 {
                        out += String(format: "\\u%04x", scalar.value)
                    } else {
                        out.unicodeScalars.append(scalar)
                    }
                }
            }
            return out + "\""
        case let number as JSONNumberText:
            return number.text
        case let flag as Bool:
            return flag ? "true" : "false"
        case let number as Int:
            return String(number)
        case let array as [Any]:
            return "[" + array.map(encode).joined(separator: ",") + "]"
        case let array as [String]:
            return "[" + array.map(encode).joined(separator: ",") + "]"
        case let object as [String: Any]:
            return "{" + object.keys.sorted().map { "\(encode($0)):\(encode(object[$0]!))" }.joined(separator: ",") + "}"
        default:
            return "null"
        }
    }
}

extension CaseReportFormValues {
    /// The values of a saved form (its stored JSON) as the page's inputs show them.
    init(storedJSON: String, layout: CaseReportFormLayout) {
        self.init()
        guard let root = try? JSONSerialization.jsonObject(with: Data(storedJSON.utf8)) as? [String: Any] else { return }
        for (index, group) in layout.groups.enumerated() {
            switch group.shape {
            case .fields, .scale, .object:
                for input in group.inputs {
                    let name = group.name(of: input.key, row: nil)
                    var value = CaseReportFormSubmission.get(name, in: root)
                    if layout.kind == .implantation, input.key == "activityPerSeed.value" {
                        value = CaseReportFormSubmission.get("activityPerSeed.megabecquerels", in: root)
                    }
                    if layout.kind == .implantation, input.key == "activityPerSeed.unit" {
                        value = ActivityUnit.MBq.rawValue
                    }
                    values[name] = Self.texts(of: value, kind: input.kind)
                }
            case .freeRows(let blank):
                let rows = CaseReportFormSubmission.get(group.path, in: root) as? [Any] ?? []
                for (row, element) in rows.enumerated() {
                    for input in group.inputs {
                        values[group.name(of: input.key, row: row)] = Self.texts(of: (element as? [String: Any])?[input.key], kind: input.kind)
                    }
                }
                rowCounts[index] = rows.count + max(1, blank / 2)
            case .fixedRows(let key, let keys, _):
                let rows = CaseReportFormSubmission.get(group.path, in: root) as? [Any] ?? []
                for (row, fixed) in keys.enumerated() {
                    let element = rows.compactMap { $0 as? [String: Any] }.first { ($0[key] as? String) == fixed }
                    for input in group.inputs {
                        values[group.name(of: input.key, row: row)] = Self.texts(of: element?[input.key], kind: input.kind)
                    }
                }
                rowCounts[index] = keys.count
            }
        }
    }

    private static func texts(of value: Any?, kind: FormInputKind) -> [String] {
        guard let value, !(value is NSNull) else { return [] }
        switch kind {
        case .bool:
            return (value as? Bool) == true ? ["true"] : []
        case .optionalBool:
            guard let flag = value as? Bool else { return [] }
            return [flag ? "yes" : "no"]
        case .multiChoice:
            return (value as? [Any])?.compactMap { $0 as? String } ?? []
        case .list:
            return [((value as? [Any])?.compactMap { $0 as? String } ?? []).joined(separator: ", ")]
        case .timestamp:
            return [(value as? String).map { String($0.prefix(16)) } ?? ""]
        case .integer, .decimal, .scale:
            if let text = value as? String { return [text] }
            if let number = value as? Int { return [String(number)] }
            if let number = value as? Double {
                return [number == number.rounded() && abs(number) < 1e15 ? String(Int(number)) : String(number)]
            }
            return ["\(value)"]
        default:
            return [(value as? String) ?? "\(value)"]
        }
    }
}
