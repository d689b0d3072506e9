import Foundation

/// Why a backup could not be made or restored, each naming what is wrong and what to do.
public enum BackupError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file is not a readable zip archive: cut short (truncated copy), overwritten or not a backup at all.
    case unreadableArchive(path: String, reason: String)
    /// A required entry is missing from the archive.
    case missingEntry(path: String, entry: String)
    /// The manifest is not the JSON of a TrialDesk backup, or of a format version this binary cannot read.
    case invalidManifest(path: String, reason: String)
    /// An entry's bytes differ from the checksum the manifest recorded for them.
    case checksumMismatch(path: String, entry: String, expected: String, found: String)
    /// An entry could not be decompressed or parsed (its own CRC failed, or a line is not the expected JSON).
    case corruptEntry(path: String, entry: String, reason: String)
    /// The backup holds migrations this binary does not know: it was made by a newer TrialDesk.
    case archiveFromNewerVersion(archiveVersion: String, binaryVersion: String, unknownMigrations: [String])
    /// The restore target already holds tables.
    case targetNotEmpty(database: String, tables: [String])
    /// After migrating, the target's tables or columns differ from the archive's.
    case schemaMismatch(table: String, reason: String)
    /// A value in the archive does not fit the target column.
    case valueMismatch(table: String, column: String, reason: String)
    /// A column type the backup does not know how to carry (so it refuses instead of losing values).
    case unsupportedColumn(table: String, column: String, declaredType: String)
    /// The restored audit chain does not verify, or its head differs from the manifest's.
    case verificationFailed(reason: String)
    /// The output file could not be written.
    case cannotWrite(path: String, reason: String)

    public var description: String {
        switch self {
        case .unreadableArchive(let path, let reason):
            return "\(path) is not a readable TrialDesk backup (\(reason)): it may be truncated or damaged; use another copy"
        case .missingEntry(let path, let entry):
            return "\(path) has no \(entry): it is not a complete TrialDesk backup"
        case .invalidManifest(let path, let reason):
            return "the manifest of \(path) cannot be used: \(reason)"
        case .checksumMismatch(let path, let entry, let expected, let found):
            return "\(entry) in \(path) has SHA-256 \(found) but the manifest recorded \(expected): the backup was changed or damaged after it was made; use another copy"
        case .corruptEntry(let path, let entry, let reason):
            return "\(entry) in \(path) is damaged (\(reason)); use another copy"
        case .archiveFromNewerVersion(let archiveVersion, let binaryVersion, let unknown):
            return "the backup was made by TrialDesk \(archiveVersion) with migrations this TrialDesk \(binaryVersion) does not know (\(unknown.joined(separator: ", "))): restore it with TrialDesk \(archiveVersion) or newer"
        case .targetNotEmpty(let database, let tables):
            let shown = tables.prefix(5).joined(separator: ", ") + (tables.count > 5 ? ", ..." : "")
            return "\(database) already holds tables (\(shown)): restore only into a new SQLite file or an empty PostgreSQL database"
        case .schemaMismatch(let table, let reason):
            return "table \(table) of the backup does not match the migrated target: \(reason)"
        case .valueMismatch(let table, let column, let reason):
            return "a value of \(table).\(column) in the backup does not fit the target column: \(reason)"
        case .unsupportedColumn(let table, let column, let declaredType):
            return "column \(table).\(column) has type \(declaredType), which a backup cannot carry yet"
        case .verificationFailed(let reason):
            return "the restored database failed verification: \(reason)"
        case .cannotWrite(let path, let reason):
            return "cannot write \(path): \(reason)"
        }
    }
}
