import Foundation

/// Where a page may send a visitor after signing in or choosing a language: a path on this server only.
/// Browsers read `//host`, `/\host` and paths with tabs or newlines stripped (`/\t/host`) as another site,
/// so anything but a plain absolute path, printable and without a scheme or host, becomes the home page.
public enum LocalPath {
    public static func checked(_ text: String?) -> String {
        guard let text, text.hasPrefix("/"), text.unicodeScalars.count <= 2_000 else { return "/" }
        if text.unicodeScalars.contains(where: { $0.value < 0x21 || $0.value == 0x7F || $0 == "\\" }) { return "/" }
        // "//host" names another server; a path that starts with one slash cannot carry a scheme.
        if text.dropFirst().first == "/" { return "/" }
        return text
    }
}
