import TrialCore
import Yams

/// Finds the line of a field path in a composed YAML document. A path that ends at a key
/// gives the key's own line (so `title:` rather than the line below it); a path that leaves
/// the document (a missing field) gives the line of the deepest part that exists.
struct YAMLNodeLocator {
    let root: Node

    func line(of path: StudyFieldPath) -> Int? {
        var node = root
        var line = root.mark?.line
        for component in path.components {
            switch component {
            case .key(let name):
                guard let mapping = node.mapping,
                      let pair = mapping.first(where: { $0.key.string == name }) else { return line }
                line = pair.key.mark?.line ?? pair.value.mark?.line ?? line
                node = pair.value
            case .index(let position):
                guard let sequence = node.sequence, position >= 0, position < sequence.count else { return line }
                node = sequence[position]
                line = node.mark?.line ?? line
            }
        }
        return line
    }

    /// The node at a path, if the whole path exists.
    func node(at path: StudyFieldPath) -> Node? {
        var node = root
        for component in path.components {
            switch component {
            case .key(let name):
                guard let value = node.mapping?.first(where: { $0.key.string == name })?.value else { return nil }
                node = value
            case .index(let position):
                guard let sequence = node.sequence, position >= 0, position < sequence.count else { return nil }
                node = sequence[position]
            }
        }
        return node
    }
}
