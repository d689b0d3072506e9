import Foundation

/// What the server's scheduled backups do: where they go, how often, and how many are kept.
public struct BackupPlan: Sendable, Equatable {
    public var directory: String
    /// Seconds between two backups.
    public var interval: TimeInterval
    /// How many of the newest backups in `directory` are kept; older ones are removed after each success.
    public var keep: Int

    public init(directory: String, interval: TimeInterval, keep: Int) {
        self.directory = directory
        self.interval = interval
        self.keep = keep
    }

    /// Builds a plan from the text of the flags (or their environment variables), each refused by name.
    /// `interval` is a whole number with a unit: `30m`, `6h`, `24h`, `7d` (at least one minute).
    public static func parse(directory: String, interval: String, keep: String,
                             names: (directory: String, interval: String, keep: String)) throws -> BackupPlan {
        let trimmedDirectory = directory.trimmingCharacters(in: .whitespaces)
        guard !trimmedDirectory.isEmpty else { throw BackupPlanError.emptyDirectory(option: names.directory) }
        let seconds = try parseInterval(interval, option: names.interval)
        guard let count = Int(keep.trimmingCharacters(in: .whitespaces)), count >= 1, count <= 10_000 else {
            throw BackupPlanError.invalidKeep(option: names.keep, text: keep)
        }
        return BackupPlan(directory: trimmedDirectory, interval: seconds, keep: count)
    }

    /// `30m`, `6h`, `24h`, `7d` as seconds; anything else names the option it came from.
    public static func parseInterval(_ text: String, option: String) throws -> TimeInterval {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        let units: [Character: TimeInterval] = ["m": 60, "h": 3600, "d": 86_400]
        guard let unit = trimmed.last, let factor = units[unit], let amount = Int(trimmed.dropLast()), amount >= 1,
              amount <= 366 * 86_400 / Int(factor) else {
            throw BackupPlanError.invalidInterval(option: option, text: text)
        }
        return TimeInterval(amount) * factor
    }
}

/// A scheduled-backup setting that cannot be used, naming the option (or environment variable) it came from.
public enum BackupPlanError: Error, Sendable, Equatable, CustomStringConvertible {
    case emptyDirectory(option: String)
    case invalidInterval(option: String, text: String)
    case invalidKeep(option: String, text: String)
    case missingDirectory(option: String)

    public var option: String {
        switch self {
        case .emptyDirectory(let option), .invalidInterval(let option, _), .invalidKeep(let option, _), .missingDirectory(let option):
            return option
        }
    }

    public var description: String {
        switch self {
        case .emptyDirectory(let option):
            return "\(option) is empty: name the folder (on another disk) that receives the backups"
        case .invalidInterval(let option, let text):
            return "\(option) '\(text)' is not an interval: write a whole number and a unit, m, h or d (30m, 6h, 24h, 7d), at most a year"
        case .invalidKeep(let option, let text):
            return "\(option) '\(text)' is not a number of backups to keep: write a whole number from 1 to 10000"
        case .missingDirectory(let option):
            return "\(option) (or TRIALDESK_BACKUP_DIR) is needed: an interval or a count of backups was given but no folder to write them to"
        }
    }
}
