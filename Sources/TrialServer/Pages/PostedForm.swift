import Foundation
import TrialCore
import Vapor

/// The fields of a submitted page form (`application/x-www-form-urlencoded`) in order, repeated names
/// kept: a checkbox group sends one pair per ticked box.
struct PostedForm: Sendable {
    let pairs: [(name: String, value: String)]
    /// The values of each name, in the order sent: every look-up is one hash, so reading a form is linear
    /// in its size however many fields it has.
    private let valuesByName: [String: [String]]

    /// The request's form body. Its size is bounded by the route (`InputLimits.pageFormBytes`); the number of
    /// fields and the length of each value are bounded here, as a 422 naming the field.
    init(_ request: Request) throws {
        try self.init(body: request.body.string ?? "")
    }

    init(pairs: [(name: String, value: String)]) {
        self.pairs = pairs
        var index: [String: [String]] = [:]
        for pair in pairs { index[pair.name, default: []].append(pair.value) }
        valuesByName = index
    }

    init(body: String) throws {
        var pairs: [(name: String, value: String)] = []
        for part in body.split(separator: "&", omittingEmptySubsequences: true) {
            if pairs.count == InputLimits.pageFormFields {
                throw ValidationFailure(field: "(form)", RuleMessage("input.tooManyFields", "has more than {maximum} fields",
                                                                     ["maximum": String(InputLimits.pageFormFields)]))
            }
            let pieces = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = Self.path(ofInputName: Self.decode(pieces[0]))
            let value = pieces.count > 1 ? Self.decode(pieces[1]) : ""
            if let problem = InputLimits.textProblem(value, field: name) { throw ValidationFailure([problem]) }
            pairs.append((name, value))
        }
        self.init(pairs: pairs)
    }

    /// Inputs are named in bracket form (`lesions[2][sizeMm]`), which every form parser reads (the CSRF
    /// check reads the body before any page does); the pages work with the JSON path (`lesions[2].sizeMm`)
    /// that TrialCore names in its errors. `criteria[]` (a check-box group) is the path `criteria`.
    static func path(ofInputName name: String) -> String {
        guard let open = name.firstIndex(of: "[") else { return name }
        var path = String(name[..<open])
        var rest = name[open...]
        while rest.hasPrefix("["), let close = rest.firstIndex(of: "]") {
            let key = rest[rest.index(after: rest.startIndex)..<close]
            if key.isEmpty {
                // An array marker adds nothing to the path.
            } else if key.allSatisfy(\.isNumber) {
                path += "[\(key)]"
            } else {
                path += ".\(key)"
            }
            rest = rest[rest.index(after: close)...]
        }
        return path + rest
    }

    /// The input name of a JSON path: `lesions[2].sizeMm` becomes `lesions[2][sizeMm]`.
    static func inputName(ofPath path: String) -> String {
        var name = ""
        var first = true
        for segment in path.split(separator: ".", omittingEmptySubsequences: false) {
            let key = segment.prefix { $0 != "[" }
            let indices = segment.dropFirst(key.count)
            name += first ? String(key) : "[\(key)]"
            name += indices
            first = false
        }
        return name
    }

    private static func decode(_ text: Substring) -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }

    /// The first value sent under `name`, trimmed; nil when absent or blank.
    func value(_ name: String) -> String? {
        guard let raw = valuesByName[name]?.first else { return nil }
        let trimmed = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? nil : trimmed
    }

    /// Every non-blank value sent under `name`.
    func values(_ name: String) -> [String] {
        (valuesByName[name] ?? []).map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
    }

    /// Every value sent under `name`, as sent.
    func rawValues(_ name: String) -> [String] { valuesByName[name] ?? [] }

    /// Each name sent, once.
    var distinctNames: Dictionary<String, [String]>.Keys { valuesByName.keys }

    var names: [String] { pairs.map(\.name) }
}
