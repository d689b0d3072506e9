import LeafKit

/// `#points(x)`: an SVG `points` list written as it is. The lists the pages draw (the enrollment curve, a
/// course of lesion sums) are digits, signs, dots, commas and spaces, none of which HTML escapes; Leaf's
/// `#(x)` escaped them one character at a time, which was a sixth of the dashboard's time for 18 KB of
/// curve. Anything else in the value is escaped as `#(x)` would, so the tag can never write markup.
struct SVGPointsTag: UnsafeUnescapedLeafTag {
    func render(_ ctx: LeafContext) throws -> LeafData {
        try ctx.requireParameterCount(1)
        guard let text = ctx.parameters[0].string else { return .string("") }
        return .string(Self.isPlainPointList(text) ? text : text.htmlEscaped())
    }

    static func isPlainPointList(_ text: String) -> Bool {
        text.utf8.allSatisfy { byte in
            (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: ",")
                || byte == UInt8(ascii: "-") || byte == UInt8(ascii: " ")
        }
    }
}
