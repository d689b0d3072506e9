import Foundation
import TrialCore

/// One scheduled backup: the archive written into the plan's folder under a timestamped name, the
/// outcome appended to the audit chain, and backups beyond the plan's count removed (oldest first).
public struct BackupRotation: Sendable {
    public let plan: BackupPlan
    public let store: TrialStore
    public let knownMigrations: [String]

    /// The file names this rotation writes and prunes: `trialdesk-backup-20261206T131500.123Z.zip`.
    public static let filePrefix = "trialdesk-backup-"
    public static let fileSuffix = ".zip"

    public init(plan: BackupPlan, store: TrialStore, knownMigrations: [String]) {
        self.plan = plan
        self.store = store
        self.knownMigrations = knownMigrations
    }

    public struct Written: Sendable, Equatable {
        public var path: String
        public var auditSequence: Int64
        public var removed: [String]
    }

    /// Takes a backup now. A failure is audited (when the database still accepts writes) and rethrown.
    @discardableResult
    public func run() async throws -> Written {
        let at = store.now()
        let name = Self.fileName(at: at)
        let path = (plan.directory as NSString).appendingPathComponent(name)
        do {
            try Self.checkWritableFolder(plan.directory)
            let manifest = try await StoreBackupWriter(database: store.database, knownMigrations: knownMigrations, now: store.now).write(to: path)
            let removed = try prune()
            try await store.write(as: .system) { tx in
                try await tx.appendEvent(action: "backup-written", entityType: "backup", entityID: name, changes: [
                    AuditFieldChange(field: "file", old: nil, new: path),
                    AuditFieldChange(field: "auditSequence", old: nil, new: String(manifest.auditChainHead.sequence)),
                    AuditFieldChange(field: "removed", old: nil, new: removed.isEmpty ? nil : removed.joined(separator: ", ")),
                ])
            }
            return Written(path: path, auditSequence: manifest.auditChainHead.sequence, removed: removed)
        } catch {
            let message = String(describing: error)
            // The database may be what failed: the audit of the failure is then lost, the log keeps it.
            try? await store.write(as: .system) { tx in
                try await tx.appendEvent(action: "backup-failed", entityType: "backup", entityID: name, changes: [
                    AuditFieldChange(field: "file", old: nil, new: path),
                    AuditFieldChange(field: "error", old: nil, new: String(message.prefix(500))),
                ])
            }
            throw error
        }
    }

    /// The backups of this rotation in the folder, oldest first (the names sort by time).
    public func existingBackups() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: plan.directory)) ?? []
        return names.filter { $0.hasPrefix(Self.filePrefix) && $0.hasSuffix(Self.fileSuffix) }.sorted()
    }

    /// When the newest backup in the folder was taken (from its name), if any.
    public func newestBackupTime() -> Date? {
        guard let newest = existingBackups().last else { return nil }
        return Self.date(fromStamp: String(newest.dropFirst(Self.filePrefix.count).dropLast(Self.fileSuffix.count)))
    }

    /// Removes all but the newest `plan.keep` backups; the names removed.
    func prune() throws -> [String] {
        let all = existingBackups()
        guard all.count > plan.keep else { return [] }
        let doomed = Array(all.prefix(all.count - plan.keep))
        for name in doomed {
            try FileManager.default.removeItem(atPath: (plan.directory as NSString).appendingPathComponent(name))
        }
        return doomed
    }

    static func fileName(at date: Date) -> String {
        filePrefix + stamp(date) + fileSuffix
    }

    /// A missing folder or a file in its place is said as such, before any row is read.
    static func checkWritableFolder(_ directory: String) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) else {
            throw BackupError.cannotWrite(path: directory, reason: "the backup folder does not exist; create it (on another disk) or fix --backup-dir")
        }
        guard isDirectory.boolValue else {
            throw BackupError.cannotWrite(path: directory, reason: "this is a file, not a folder; point --backup-dir at a folder")
        }
        guard FileManager.default.isWritableFile(atPath: directory) else {
            throw BackupError.cannotWrite(path: directory, reason: "the folder is not writable by the server's user")
        }
    }

    /// `20261206T131500.123Z`: the UTC instant to the millisecond without separators, so names sort by time.
    static func stamp(_ date: Date) -> String {
        UTCTimestamp.string(from: date).replacingOccurrences(of: "-", with: "").replacingOccurrences(of: ":", with: "")
    }

    static func date(fromStamp stamp: String) -> Date? {
        let characters = Array(stamp)
        guard characters.count == 20 else { return nil }
        let text = String(characters[0..<4]) + "-" + String(characters[4..<6]) + "-" + String(characters[6..<11]) + ":"
            + String(characters[11..<13]) + ":" + String(characters[13..<20])
        return UTCTimestamp.date(from: text)
    }
}
