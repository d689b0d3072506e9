import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// An XML document read into elements (names without namespace prefix, attributes, children, text), for
/// reading an ODM file whose order matters (a transactional file is applied in document order).
final class XMLElementTree: @unchecked Sendable {
    let name: String
    let attributes: [String: String]
    private(set) var children: [XMLElementTree] = []
    private(set) var text = ""

    init(name: String, attributes: [String: String]) {
        self.name = name
        self.attributes = attributes
    }

    func child(_ name: String) -> XMLElementTree? { children.first { $0.name == name } }
    func all(_ name: String) -> [XMLElementTree] { children.filter { $0.name == name } }
    subscript(_ attribute: String) -> String? { attributes[attribute] }

    /// The document's root element; nil with the parser's message when the data are not well-formed XML.
    static func parse(_ data: Data) -> Result<XMLElementTree, XMLReadError> {
        let builder = Builder()
        // Read as a stream, in chunks. Handed over as one block of data, the parser failed at the end of the
        // demo study's full history (15 MB) with an internal error, and accepted a mismatched end tag.
        let parser = XMLParser(stream: InputStream(data: data))
        parser.shouldProcessNamespaces = false
        parser.delegate = builder
        guard parser.parse(), let root = builder.root else {
            return .failure(XMLReadError(line: parser.lineNumber, message: parser.parserError.map { String(describing: $0) } ?? "not an XML document"))
        }
        return .success(root)
    }

    struct XMLReadError: Error, Sendable {
        var line: Int
        var message: String
    }

    private final class Builder: NSObject, XMLParserDelegate {
        var root: XMLElementTree?
        var stack: [XMLElementTree] = []

        func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String] = [:]) {
            let local = elementName.split(separator: ":").last.map(String.init) ?? elementName
            let element = XMLElementTree(name: local, attributes: attributes)
            if let parent = stack.last { parent.children.append(element) } else { root = element }
            stack.append(element)
        }

        func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
            stack.removeLast()
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            stack.last?.text += string
        }
    }
}
