import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Parses figure output as XML so tests read elements and attributes instead of matching substrings.
struct SVGInspection {
    let document: XMLDocument

    init(_ svg: String) throws {
        document = try XMLDocument(xmlString: svg, options: [])
    }

    var root: XMLElement { document.rootElement()! }

    /// Every element named `name` (local name, any depth), in document order.
    func elements(_ name: String) -> [XMLElement] {
        var found: [XMLElement] = []
        func visit(_ element: XMLElement) {
            if element.localName == name { found.append(element) }
            for child in element.children ?? [] {
                if let child = child as? XMLElement { visit(child) }
            }
        }
        visit(root)
        return found
    }

    func elements(_ name: String, withClass className: String) -> [XMLElement] {
        elements(name).filter { $0.attributeValue("class") == className }
    }

    /// The text content of every <text> element.
    var texts: [String] { elements("text").map { $0.stringValue ?? "" } }

    func number(_ element: XMLElement, _ attribute: String) -> Double {
        Double(element.attributeValue(attribute) ?? "") ?? .nan
    }
}

extension XMLElement {
    /// An attribute's value by its plain name (on Linux, attribute(forName:) misses the attributes of
    /// elements below the root of a document with a default namespace, as SVG has).
    func attributeValue(_ name: String) -> String? {
        attributes?.first { $0.name == name }?.stringValue
    }
}
