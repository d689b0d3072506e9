import Foundation

/// A SAS display format attached to a variable, such as `DATE9.`, `8.2` or `$20.`.
///
/// A transport file stores it in three namestr fields: the name (up to 8 characters, `$` first for
/// character formats; empty for plain `w.d`), the width and the number of decimals.
public struct SASDisplayFormat: Hashable, Sendable, CustomStringConvertible {
    public var name: String
    public var width: Int
    public var decimals: Int

    public init(name: String, width: Int = 0, decimals: Int = 0) {
        self.name = name
        self.width = width
        self.decimals = decimals
    }

    /// Parses the written form `NAMEw.d`: `DATE9.`, `YYMMDD10.`, `8.2`, `$CHAR20.`, `BEST12.`.
    /// Returns nil when the text does not end with a `.`-terminated width part.
    public init?(_ text: String) {
        guard let dot = text.lastIndex(of: ".") else { return nil }
        let head = text[..<dot]
        let decimalsText = text[text.index(after: dot)...]
        let nameEnd = head.lastIndex(where: { !$0.isASCII || !$0.isNumber }).map { head.index(after: $0) } ?? head.startIndex
        let name = String(head[..<nameEnd])
        let widthText = head[nameEnd...]
        guard decimalsText.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        self.name = name.uppercased()
        self.width = widthText.isEmpty ? 0 : Int(widthText) ?? -1
        self.decimals = decimalsText.isEmpty ? 0 : Int(decimalsText) ?? -1
        if width < 0 || decimals < 0 { return nil }
    }

    /// `DATE9.`: how SAS and its readers show SAS date numbers (days since 1960-01-01) as dates.
    public static let date9 = SASDisplayFormat(name: "DATE", width: 9)

    /// Whether the format applies to character values (its name starts with `$`).
    public var isCharacterFormat: Bool { name.hasPrefix("$") }

    public var description: String {
        (name + (width > 0 ? String(width) : "")) + "." + (decimals > 0 ? String(decimals) : "")
    }
}
