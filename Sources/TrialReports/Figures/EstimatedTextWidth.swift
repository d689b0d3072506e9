import Foundation

/// Text width estimated without font metrics (a figure must not depend on the fonts installed where it is
/// made): East Asian wide characters take one em, narrow ones a bit over half.
public enum EstimatedTextWidth {
    /// Average advance of a Latin character, in em: a little above Helvetica/Arial (0.56) so that wider
    /// fallback fonts such as DejaVu Sans still fit.
    static let narrowAdvance = 0.6
    static let spaceAdvance = 0.28

    /// Estimated width in pixels of `text` at `fontSize` pixels.
    public static func of(_ text: String, fontSize: Double, bold: Bool = false) -> Double {
        var ems = 0.0
        for scalar in text.unicodeScalars {
            ems += advance(of: scalar)
        }
        // Bold faces run about a tenth wider.
        return ems * fontSize * (bold ? 1.1 : 1)
    }

    static func advance(of scalar: Unicode.Scalar) -> Double {
        if scalar == " " { return spaceAdvance }
        if isWide(scalar) { return 1 }
        if scalar.properties.generalCategory == .nonspacingMark { return 0 }
        return narrowAdvance
    }

    /// Characters that East Asian typography sets at full width (Unicode UAX #11 "W"/"F" blocks that matter
    /// for Chinese, Japanese and Korean text).
    public static func isWide(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
             0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
             0xFFE0...0xFFE6, 0x20000...0x2FFFD, 0x30000...0x3FFFD:
            return true
        default:
            return false
        }
    }
}
