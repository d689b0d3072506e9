import Foundation

/// One row of a form's values as an exchange file carries them: the group (`""` for the form's own fields,
/// `lesions` for a lesion row), the row's repeat key (1, 2, ... in list order; nil for the form's own fields)
/// and each present value's text by item key. A value that is absent (JSON null or missing) has no entry.
public struct FormItemRow: Hashable, Sendable {
    public var groupPath: String
    public var repeatKey: Int?
    public var values: [String: String]

    public init(groupPath: String, repeatKey: Int?, values: [String: String]) {
        self.groupPath = groupPath
        self.repeatKey = repeatKey
        self.values = values
    }
}

extension CaseReportFormItems {
    /// A saved form (its canonical JSON) as rows of items, in the order of the form's description. A key the
    /// description does not know is refused by name, so that no recorded value is left out of an export.
    public static func rows(of kind: CaseReportForm, json: String) throws -> [FormItemRow] {
        guard case .object(let root)? = FormJSONValue.parse(json) else {
            throw ValidationFailure(field: kind.rawValue, RuleMessage("exchange.formNotJSON", "the saved {form} form is not a JSON object", ["form": kind.rawValue]))
        }
        let groups = groups(of: kind)
        try refuseUndescribedKeys(root, kind: kind, groups: groups)
        var rows: [FormItemRow] = []
        for group in groups {
            if group.path.isEmpty {
                var values: [String: String] = [:]
                for item in group.items {
                    if let value = try text(of: lookup(item.key, in: root), field: item.key, kind: kind) { values[item.key] = value }
                }
                rows.append(FormItemRow(groupPath: "", repeatKey: nil, values: values))
                continue
            }
            guard case .array(let elements)? = lookup(group.path, in: root) else { continue }
            var rowValues: [[String: String]] = []
            for (index, element) in elements.enumerated() {
                let field = "\(group.path)[\(index)]"
                if group.listOfValues {
                    if let value = try text(of: element, field: field, kind: kind) { rowValues.append([FormItemGroupDescription.valueKey: value]) }
                    continue
                }
                guard case .object(let members) = element else {
                    throw ValidationFailure(field: field, RuleMessage("exchange.rowNotObject", "a row of {group} in the {form} form is not an object", ["group": group.path, "form": kind.rawValue]))
                }
                var values: [String: String] = [:]
                for item in group.items {
                    if let value = try text(of: lookup(item.key, in: members), field: "\(field).\(item.key)", kind: kind) { values[item.key] = value }
                }
                rowValues.append(values)
            }
            if group.unordered { rowValues.sort { ($0[FormItemGroupDescription.valueKey] ?? "") < ($1[FormItemGroupDescription.valueKey] ?? "") } }
            for (index, values) in rowValues.enumerated() {
                rows.append(FormItemRow(groupPath: group.path, repeatKey: index + 1, values: values))
            }
        }
        return rows
    }

    /// The form's JSON made from rows of items (the reverse of `rows(of:json:)`): each value typed by its
    /// item's data type, lists in repeat-key order, an empty list for a list without rows. The form's own
    /// decoding then applies every rule of the form.
    public static func formJSON(of kind: CaseReportForm, rows: [FormItemRow]) throws -> Data {
        let groups = groups(of: kind)
        var root: [String: FormJSONValue] = [:]
        for group in groups {
            let groupRows = rows.filter { $0.groupPath == group.path }.sorted { ($0.repeatKey ?? 0) < ($1.repeatKey ?? 0) }
            if group.path.isEmpty {
                for row in groupRows {
                    for (key, text) in row.values {
                        guard let item = group.items.first(where: { $0.key == key }) else { throw unknownItem(key, kind: kind) }
                        set(try typed(text, item: item, field: key), at: key, in: &root)
                    }
                }
                continue
            }
            if groupRows.isEmpty {
                // A list the form always writes is written empty, inside an object the form has.
                guard let parent = group.parentObjectPath, parent.isEmpty || lookup(parent, in: root) != nil else { continue }
            }
            var elements: [FormJSONValue] = []
            for row in groupRows {
                if group.listOfValues {
                    guard let item = group.items.first, let text = row.values[FormItemGroupDescription.valueKey] else { continue }
                    elements.append(try typed(text, item: item, field: group.path))
                    continue
                }
                var members: [String: FormJSONValue] = [:]
                for (key, text) in row.values {
                    guard let item = group.items.first(where: { $0.key == key }) else { throw unknownItem("\(group.path).\(key)", kind: kind) }
                    set(try typed(text, item: item, field: "\(group.path).\(key)"), at: key, in: &members)
                }
                elements.append(.object(members))
            }
            set(.array(elements), at: group.path, in: &root)
        }
        return Data(FormJSONValue.object(root).jsonText.utf8)
    }

    private static func unknownItem(_ key: String, kind: CaseReportForm) -> ValidationFailure {
        ValidationFailure(field: key, RuleMessage("exchange.unknownItem", "the {form} form has no item {item}", ["form": kind.rawValue, "item": key]))
    }

    private static func lookup(_ path: String, in object: [String: FormJSONValue]) -> FormJSONValue? {
        var current: FormJSONValue = .object(object)
        for part in path.split(separator: ".") {
            guard case .object(let members) = current, let next = members[String(part)] else { return nil }
            current = next
        }
        if case .null = current { return nil }
        return current
    }

    private static func set(_ value: FormJSONValue, at path: String, in object: inout [String: FormJSONValue]) {
        let parts = path.split(separator: ".").map(String.init)
        guard let first = parts.first else { return }
        if parts.count == 1 {
            object[first] = value
            return
        }
        var inner: [String: FormJSONValue] = [:]
        if case .object(let existing)? = object[first] { inner = existing }
        set(value, at: parts.dropFirst().joined(separator: "."), in: &inner)
        object[first] = .object(inner)
    }

    private static func text(of value: FormJSONValue?, field: String, kind: CaseReportForm) throws -> String? {
        switch value {
        case nil, .null?: return nil
        case .string(let text)?: return text
        case .number(let text)?: return text
        case .bool(let flag)?: return flag ? "true" : "false"
        case .object?, .array?:
            throw ValidationFailure(field: field, RuleMessage("exchange.notAValue", "{field} of the {form} form holds a list or an object where a value belongs",
                                                           ["field": field, "form": kind.rawValue]))
        }
    }

    /// An item's text as the JSON value its data type asks for; a number or flag that is not one is refused
    /// here, so that no text can become JSON structure.
    private static func typed(_ text: String, item: FormItemDescription, field: String) throws -> FormJSONValue {
        switch item.dataType {
        case .text, .date, .datetime: return .string(text)
        case .boolean:
            if text == "true" || text == "1" { return .bool(true) }
            if text == "false" || text == "0" { return .bool(false) }
            throw ValidationFailure(field: field, RuleMessage("exchange.notABoolean", "{field} must be true or false, not {value}", ["field": field, "value": text]))
        case .integer, .float:
            let isNumber = !text.isEmpty && text.utf8.allSatisfy { "+-0123456789.eE".utf8.contains($0) } && Decimal(string: text) != nil
                && (item.dataType == .float || Int(text) != nil)
            guard isNumber else {
                throw ValidationFailure(field: field, RuleMessage("exchange.notANumber", "{field} must be a {type} number, not {value}",
                                                               ["field": field, "type": item.dataType.rawValue, "value": text]))
            }
            return .number(text)
        }
    }

    /// Every key of the saved form must be described (or derived): a key missing from the description would
    /// be lost by an export.
    private static func refuseUndescribedKeys(_ root: [String: FormJSONValue], kind: CaseReportForm, groups: [FormItemGroupDescription]) throws {
        var described = Set<String>()
        var listPaths = Set<String>()
        for group in groups {
            if group.path.isEmpty {
                described.formUnion(group.items.map(\.key))
            } else {
                listPaths.insert(group.path)
                if !group.listOfValues { described.formUnion(group.items.map { "\(group.path).\($0.key)" }) }
            }
        }
        let derived = derivedKeys(of: kind)
        func walk(_ object: [String: FormJSONValue], prefix: String) throws {
            for (key, value) in object {
                let path = prefix.isEmpty ? key : "\(prefix).\(key)"
                if prefix.isEmpty, derived.contains(key) { continue }
                if listPaths.contains(path) {
                    if case .array(let elements) = value {
                        for case .object(let members) in elements { try walk(members, prefix: path) }
                    }
                    continue
                }
                if case .object(let members) = value, !described.contains(path) {
                    try walk(members, prefix: path)
                    continue
                }
                guard described.contains(path) else { throw unknownItem(path, kind: kind) }
            }
        }
        try walk(root, prefix: "")
    }
}
