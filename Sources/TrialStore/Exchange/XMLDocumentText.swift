import Foundation

/// An XML document written element by element, two spaces per level, with every text and attribute value
/// escaped (XML 1.0: `&`, `<`, `>`, quotes; line breaks and tabs in attributes as character references so
/// that they survive attribute normalisation; other control characters, which XML 1.0 cannot carry, dropped).
struct XMLDocumentText {
    private(set) var text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    private var open: [String] = []

    typealias Attributes = KeyValuePairs<String, String?>

    mutating func start(_ name: String, _ attributes: Attributes = [:]) {
        text += indent + "<" + name + Self.attributeText(attributes) + ">\n"
        open.append(name)
    }

    mutating func end() {
        let name = open.removeLast()
        text += indent + "</" + name + ">\n"
    }

    /// An element without children: `<Name a="1"/>`, or `<Name a="1">text</Name>` with `content`.
    mutating func element(_ name: String, _ attributes: Attributes = [:], content: String? = nil) {
        if let content {
            text += indent + "<" + name + Self.attributeText(attributes) + ">" + Self.escaped(content, inAttribute: false) + "</" + name + ">\n"
        } else {
            text += indent + "<" + name + Self.attributeText(attributes) + "/>\n"
        }
    }

    private var indent: String { String(repeating: "  ", count: open.count) }

    private static func attributeText(_ attributes: Attributes) -> String {
        attributes.reduce(into: "") { text, pair in
            guard let value = pair.value else { return }
            text += " \(pair.key)=\"\(escaped(value, inAttribute: true))\""
        }
    }

    static func escaped(_ value: String, inAttribute: Bool) -> String {
        var out = ""
        out.reserveCapacity(value.utf8.count)
        for scalar in value.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += inAttribute ? "&quot;" : "\""
            case "\n": out += inAttribute ? "&#10;" : "\n"
            case "\r": out += "&#13;"
            case "\t": out += inAttribute ? "&#9;" : "\t"
            default:
                // Characters XML 1.0 does not allow at all (C0 controls, lone surrogates are impossible in Swift, U+FFFE/FFFF).
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
