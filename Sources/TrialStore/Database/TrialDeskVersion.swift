import Foundation

/// The release this binary is. Backups name it, and the database records it when this binary migrates it, so
/// that an older binary can tell it is older than the data and refuse to open them.
public enum TrialDeskVersion {
    public static let current = "0.9.0"

    /// Compares dotted numeric versions ("0.10.0" is newer than "0.9.3"); a missing part counts as 0 and a
    /// part that is not a number as 0, so an odd label never makes a database look older than it is.
    public static func isNewer(_ version: String, than other: String) -> Bool {
        let left = parts(version), right = parts(other)
        for index in 0..<max(left.count, right.count) {
            let a = index < left.count ? left[index] : 0
            let b = index < right.count ? right[index] : 0
            if a != b { return a > b }
        }
        return false
    }

    private static func parts(_ version: String) -> [Int] {
        version.split(separator: "-", maxSplits: 1).first.map { $0.split(separator: ".").map { Int($0) ?? 0 } } ?? []
    }
}
