import Foundation

/// Text and attribute values made safe for an SVG (XML 1.0) document.
public enum SVGEscaping {
    /// Escapes the five XML special characters and drops characters XML 1.0 forbids (C0 controls other than
    /// tab, line feed and carriage return; lone surrogates cannot occur in a Swift String), so a label typed by
    /// a user can never break the document or inject markup.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default:
                // XML 1.0 Char production: no C0 controls, no U+FFFE / U+FFFF.
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
