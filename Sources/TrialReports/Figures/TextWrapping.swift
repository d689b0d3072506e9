import Foundation

/// Greedy line wrapping by estimated width. Latin text breaks at spaces; Chinese (any wide character) may
/// break between characters, except that closing punctuation never starts a line.
public enum TextWrapping {
    /// The lines of `text` that fit `maxWidth` pixels at `fontSize`; explicit line breaks are kept. A word
    /// wider than the line is split by characters. Never returns an empty array.
    public static func wrap(_ text: String, maxWidth: Double, fontSize: Double, bold: Bool = false) -> [String] {
        let fontSize = bold ? fontSize * 1.1 : fontSize
        let paragraphs = text.split(separator: "\n", omittingEmptySubsequences: false)
        return paragraphs.flatMap { wrapParagraph(String($0), maxWidth: maxWidth, fontSize: fontSize) }
    }

    private struct Token {
        var text: String
        var spaceBefore: Bool
    }

    private static let closingPunctuation: Set<Character> = [
        "，", "。", "、", "；", "：", "！", "？", "）", "》", "」", "』", "】", "”", "’", ",", ".", ";", ":", ")", "%",
    ]

    private static func tokens(_ text: String) -> [Token] {
        var result: [Token] = []
        var word = ""
        var pendingSpace = false
        func flush() {
            if !word.isEmpty { result.append(Token(text: word, spaceBefore: pendingSpace)); word = ""; pendingSpace = false }
        }
        for character in text {
            if character == " " || character == "\t" {
                flush()
                pendingSpace = !result.isEmpty
                continue
            }
            let wide = character.unicodeScalars.first.map(EstimatedTextWidth.isWide) ?? false
            if wide {
                flush()
                if closingPunctuation.contains(character), !pendingSpace, let last = result.indices.last {
                    result[last].text.append(character)
                } else {
                    result.append(Token(text: String(character), spaceBefore: pendingSpace))
                }
                pendingSpace = false
            } else if closingPunctuation.contains(character), word.isEmpty, !pendingSpace,
                      let last = result.indices.last, result[last].text.unicodeScalars.last.map(EstimatedTextWidth.isWide) == true {
                result[last].text.append(character)
            } else {
                word.append(character)
            }
        }
        flush()
        return result
    }

    private static func wrapParagraph(_ text: String, maxWidth: Double, fontSize: Double) -> [String] {
        var lines: [String] = []
        var current = ""
        func width(_ s: String) -> Double { EstimatedTextWidth.of(s, fontSize: fontSize) }
        for token in tokens(text) {
            let candidate = current.isEmpty ? token.text : current + (token.spaceBefore ? " " : "") + token.text
            if width(candidate) <= maxWidth || current.isEmpty && width(token.text) <= maxWidth {
                current = candidate
                continue
            }
            if !current.isEmpty { lines.append(current); current = "" }
            if width(token.text) <= maxWidth {
                current = token.text
            } else {
                // A single word wider than the line: split it by characters.
                for character in token.text {
                    if !current.isEmpty && width(current + String(character)) > maxWidth {
                        lines.append(current)
                        current = ""
                    }
                    current.append(character)
                }
            }
        }
        if !current.isEmpty || lines.isEmpty { lines.append(current) }
        return lines
    }
}
