import Foundation

/// Builds the markup of one self-contained SVG figure: no scripts, no external fonts, images or styles;
/// every text is a <text> element (searchable, read by screen readers) and the root carries role="img"
/// with <title> and <desc> referenced by aria-labelledby.
struct SVGCanvas {
    /// System font stacks only (nothing is downloaded); the CJK fallbacks cover Simplified Chinese labels.
    static let fontFamily = "Helvetica, Arial, 'Noto Sans CJK SC', 'Source Han Sans SC', 'PingFang SC', 'Microsoft YaHei', sans-serif"

    private(set) var body = ""

    static func n(_ value: Double) -> String { FigureNumberFormat.coordinate(value) }

    mutating func raw(_ markup: String) { body += markup + "\n" }

    mutating func line(x1: Double, y1: Double, x2: Double, y2: Double, stroke: String = "#000",
                       width: Double = 1, dash: String? = nil, extra: String = "") {
        let dashAttribute = dash.map { " stroke-dasharray=\"\($0)\"" } ?? ""
        raw("<line x1=\"\(Self.n(x1))\" y1=\"\(Self.n(y1))\" x2=\"\(Self.n(x2))\" y2=\"\(Self.n(y2))\" stroke=\"\(stroke)\" stroke-width=\"\(Self.n(width))\"\(dashAttribute)\(extra)/>")
    }

    mutating func rect(x: Double, y: Double, width: Double, height: Double, fill: String = "none",
                       stroke: String? = nil, strokeWidth: Double = 1, radius: Double = 0, extra: String = "") {
        let strokeAttribute = stroke.map { " stroke=\"\($0)\" stroke-width=\"\(Self.n(strokeWidth))\"" } ?? ""
        let radiusAttribute = radius > 0 ? " rx=\"\(Self.n(radius))\"" : ""
        raw("<rect x=\"\(Self.n(x))\" y=\"\(Self.n(y))\" width=\"\(Self.n(width))\" height=\"\(Self.n(height))\" fill=\"\(fill)\"\(strokeAttribute)\(radiusAttribute)\(extra)/>")
    }

    mutating func path(_ d: String, stroke: String = "none", width: Double = 1, fill: String = "none",
                       dash: String? = nil, extra: String = "") {
        let dashAttribute = dash.map { " stroke-dasharray=\"\($0)\"" } ?? ""
        raw("<path d=\"\(d)\" fill=\"\(fill)\" stroke=\"\(stroke)\" stroke-width=\"\(Self.n(width))\"\(dashAttribute)\(extra)/>")
    }

    enum Anchor: String { case start, middle, end }

    mutating func text(_ content: String, x: Double, y: Double, size: Double = 12, anchor: Anchor = .start,
                       weight: String? = nil, fill: String = "#000", rotate: Bool = false, extra: String = "") {
        let weightAttribute = weight.map { " font-weight=\"\($0)\"" } ?? ""
        let transform = rotate ? " transform=\"rotate(-90 \(Self.n(x)) \(Self.n(y)))\"" : ""
        raw("<text x=\"\(Self.n(x))\" y=\"\(Self.n(y))\" font-size=\"\(Self.n(size))\" text-anchor=\"\(anchor.rawValue)\" fill=\"\(fill)\"\(weightAttribute)\(transform)\(extra)>\(SVGEscaping.escape(content))</text>")
    }

    /// The complete document. `identifier` prefixes the ids so several figures can be inlined in one page;
    /// `xmlDeclaration` false leaves out the <?xml?> line, which an HTML page must not contain.
    func document(width: Double, height: Double, title: String, description: String, identifier: String,
                  xmlDeclaration: Bool = true) -> String {
        let id = SVGEscaping.escape(Self.safeIdentifier(identifier))
        let declaration = xmlDeclaration ? "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" : ""
        return declaration + """
        <svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="\(Self.n(width))" height="\(Self.n(height))" \
        viewBox="0 0 \(Self.n(width)) \(Self.n(height))" role="img" aria-labelledby="\(id)-title \(id)-desc" \
        font-family="\(Self.fontFamily)">
        <title id="\(id)-title">\(SVGEscaping.escape(title))</title>
        <desc id="\(id)-desc">\(SVGEscaping.escape(description))</desc>
        <rect x="0" y="0" width="\(Self.n(width))" height="\(Self.n(height))" fill="#fff"/>
        \(body)</svg>

        """
    }

    /// XML ids must start with a letter and hold only letters, digits, '-', '_' and '.'.
    static func safeIdentifier(_ identifier: String) -> String {
        let allowed = identifier.unicodeScalars.map { scalar -> Character in
            (scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "-_.".unicodeScalars.contains(scalar)))
                ? Character(scalar) : "-"
        }
        let text = String(allowed)
        guard let first = text.unicodeScalars.first, first.properties.isAlphabetic else { return "figure-" + text }
        return text
    }
}
