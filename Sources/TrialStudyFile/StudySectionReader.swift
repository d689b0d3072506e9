import Foundation
import TrialCore
import Yams

/// Decodes a study file section by section (and list item by list item), so that one bad
/// value does not hide the others: every section that can be read is read, and each failure
/// becomes a problem with its line.
struct StudySectionReader {
    let locator: YAMLNodeLocator
    private(set) var problems: [StudyDefinitionProblem] = []
    private let decoder = YAMLDecoder()

    init(root: Node) {
        self.locator = YAMLNodeLocator(root: root)
    }

    mutating func add(_ problem: StudyDefinitionProblem) {
        problems.append(problem)
    }

    /// A required top-level section.
    mutating func required<T: Codable>(_ key: String, _ type: T.Type) -> T? {
        let path = StudyFieldPath([.key(key)])
        guard let node = locator.node(at: path), !isNull(node) else {
            add(StudyDefinitionProblem(path: path, rule: .missingField, message: "is required"))
            return nil
        }
        return decode(type, from: node, at: path)
    }

    /// An optional top-level section (nil when absent or null).
    mutating func optional<T: Codable>(_ key: String, _ type: T.Type) -> T? {
        let path = StudyFieldPath([.key(key)])
        guard let node = locator.node(at: path), !isNull(node) else { return nil }
        return decode(type, from: node, at: path)
    }

    /// A required top-level list, read item by item.
    mutating func requiredList<T: Codable>(_ key: String, _ type: T.Type, emptyWhenAbsent: Bool = false) -> [T]? {
        let path = StudyFieldPath([.key(key)])
        guard let node = locator.node(at: path), !isNull(node) else {
            if emptyWhenAbsent { return [] }
            add(StudyDefinitionProblem(path: path, rule: .missingField, message: "is required (a list)"))
            return nil
        }
        guard let sequence = node.sequence else {
            add(StudyDefinitionProblem(path: path, rule: .wrongType, message: "must be a list (items starting with '-')"))
            return nil
        }
        var items: [T] = []
        var failed = false
        for (index, item) in sequence.enumerated() {
            if let value = decode(type, from: item, at: path.index(index)) {
                items.append(value)
            } else {
                failed = true
            }
        }
        return failed ? nil : items
    }

    /// Top-level keys that are not sections of a study definition (usually a misspelling).
    mutating func rejectUnknownKeys(of root: Node, allowed: [String]) {
        guard let mapping = root.mapping else { return }
        for (key, _) in mapping {
            guard let name = key.string, !allowed.contains(name) else { continue }
            add(StudyDefinitionProblem(
                path: StudyFieldPath([.key(name)]), rule: .unknownField,
                message: "'\(name)' is not a section of a study definition; check the spelling "
                    + "(sections: \(allowed.joined(separator: ", ")))"))
        }
    }

    private func isNull(_ node: Node) -> Bool {
        if case .scalar = node { return node.null != nil }
        return false
    }

    private mutating func decode<T: Codable>(_ type: T.Type, from node: Node, at path: StudyFieldPath) -> T? {
        do {
            let value = try decoder.decode(type, from: node)
            reportUnknownKeys(in: node, decodedAs: value, at: path)
            return value
        } catch let rejection as StudyValueRejection {
            add(StudyDefinitionProblem(path: path.appending(rejection.problem.path), rule: rejection.problem.rule,
                                       message: rejection.problem.message))
        } catch let error as DecodingError {
            add(problem(for: error, at: path, node: node))
        } catch {
            add(StudyDefinitionProblem(path: path, rule: .invalidValue, message: "could not be read: \(error)"))
        }
        return nil
    }

    private func problem(for error: DecodingError, at path: StudyFieldPath, node: Node) -> StudyDefinitionProblem {
        switch error {
        case .keyNotFound(let key, let context):
            return StudyDefinitionProblem(path: path.appending(StudyFieldPath(codingPath: context.codingPath + [key])),
                                          rule: .missingField, message: "is required")
        case .typeMismatch(let type, let context):
            let at = path.appending(StudyFieldPath(codingPath: context.codingPath))
            return StudyDefinitionProblem(path: at, rule: .wrongType,
                                          message: "must be \(Self.describe(type))\(found(at: at))")
        case .valueNotFound(let type, let context):
            return StudyDefinitionProblem(path: path.appending(StudyFieldPath(codingPath: context.codingPath)),
                                          rule: .missingField, message: "must be \(Self.describe(type)), not empty")
        case .dataCorrupted(let context):
            let at = path.appending(StudyFieldPath(codingPath: context.codingPath))
            return StudyDefinitionProblem(path: at, rule: .invalidValue, message: context.debugDescription)
        @unknown default:
            return StudyDefinitionProblem(path: path, rule: .invalidValue, message: "could not be read")
        }
    }

    private func found(at path: StudyFieldPath) -> String {
        guard let node = locator.node(at: path) else { return "" }
        switch node {
        case .scalar(let scalar): return ", found '\(scalar.string)'"
        case .mapping: return ", found a mapping"
        case .sequence: return ", found a list"
        case .alias: return ""
        }
    }

    /// Compares the keys written in the file with the keys the decoded value has when
    /// written back: a key the model dropped was not understood (e.g. `windowPlusDay`).
    private mutating func reportUnknownKeys<T: Codable>(in node: Node, decodedAs value: T, at path: StudyFieldPath) {
        guard let text = try? YAMLEncoder().encode(value), let written = try? Yams.compose(yaml: text) else { return }
        compare(source: node, written: written, at: path)
    }

    private mutating func compare(source: Node, written: Node, at path: StudyFieldPath) {
        switch (source, written) {
        case (.mapping(let sourceMapping), .mapping(let writtenMapping)):
            for (key, value) in sourceMapping {
                guard let name = key.string else { continue }
                if let counterpart = writtenMapping.first(where: { $0.key.string == name })?.value {
                    compare(source: value, written: counterpart, at: path.key(name))
                } else if !isNull(value) {
                    add(StudyDefinitionProblem(path: path.key(name), rule: .unknownField,
                                               message: "'\(name)' is not a field here; check the spelling "
                                                   + "(docs/study-definition.md lists the fields)"))
                }
            }
        case (.sequence(let sourceItems), .sequence(let writtenItems)):
            for (index, item) in sourceItems.enumerated() where index < writtenItems.count {
                compare(source: item, written: writtenItems[index], at: path.index(index))
            }
        default:
            break
        }
    }

    static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "text"
        case is Int.Type: return "a whole number"
        case is Double.Type: return "a number"
        case is Bool.Type: return "true or false"
        default:
            let name = String(describing: type)
            if name.hasPrefix("Array") || name == "Sequence" { return "a list" }
            return "a mapping"
        }
    }
}
