import Foundation

/// The CSV files in Golden/, written by Golden/reference.py, an independent implementation of
/// docs/randomization.md.
enum GoldenFile {
    /// Data rows (header dropped), each split at commas.
    static func rows(_ name: String) throws -> [[String]] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Golden").appendingPathComponent(name)
        let text = try String(contentsOf: url, encoding: .utf8)
        return text.split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    }
}
