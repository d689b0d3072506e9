import Foundation

/// Where a value sits in a study definition, as keys and list positions
/// (`stratification[0].levels[1].range`), so that a file reader can find its line.
public struct StudyFieldPath: Sendable, Hashable, Codable, CustomStringConvertible {
    public enum Component: Sendable, Hashable, Codable {
        case key(String)
        case index(Int)
    }

    public var components: [Component]

    public init(_ components: [Component] = []) {
        self.components = components
    }

    /// A path from coding keys as a decoder reports them (integer keys are list positions).
    public init(codingPath: [any CodingKey]) {
        self.components = codingPath.map { key in
            if let index = key.intValue { return .index(index) }
            return .key(key.stringValue)
        }
    }

    public func key(_ name: String) -> StudyFieldPath {
        StudyFieldPath(components + [.key(name)])
    }

    public func index(_ position: Int) -> StudyFieldPath {
        StudyFieldPath(components + [.index(position)])
    }

    public func appending(_ other: StudyFieldPath) -> StudyFieldPath {
        StudyFieldPath(components + other.components)
    }

    public var description: String {
        var text = ""
        for component in components {
            switch component {
            case .key(let name): text += text.isEmpty ? name : ".\(name)"
            case .index(let position): text += "[\(position)]"
            }
        }
        return text.isEmpty ? "(study)" : text
    }
}

extension StudyFieldPath: ExpressibleByStringLiteral {
    /// A path written as text, e.g. `"visits[2].forms"`; keys must not contain dots or brackets.
    public init(stringLiteral text: String) {
        var components: [Component] = []
        for segment in text.split(separator: ".") {
            var rest = Substring(segment)
            if let bracket = rest.firstIndex(of: "[") {
                let name = rest[..<bracket]
                if !name.isEmpty { components.append(.key(String(name))) }
                rest = rest[bracket...]
                while rest.hasPrefix("["), let close = rest.firstIndex(of: "]") {
                    if let position = Int(rest[rest.index(after: rest.startIndex)..<close]) {
                        components.append(.index(position))
                    }
                    rest = rest[rest.index(after: close)...]
                }
            } else {
                components.append(.key(String(rest)))
            }
        }
        self.components = components
    }
}
