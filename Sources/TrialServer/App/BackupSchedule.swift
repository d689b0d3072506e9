import Foundation
import TrialStore
import Vapor

/// The outcome of the server's scheduled backups, kept in memory for `/health`, `/metrics` and the
/// administrator's dashboard (the audit chain keeps every outcome for good).
public final class BackupStatusBoard: @unchecked Sendable {
    public struct Snapshot: Sendable, Equatable {
        public var lastSuccessAt: Date?
        public var lastSuccessFile: String?
        public var lastFailureAt: Date?
        public var lastFailureMessage: String?
        public var successes = 0
        public var failures = 0

        /// True when the latest attempt failed (a later success clears it).
        public var isFailing: Bool {
            guard let failed = lastFailureAt else { return false }
            return lastSuccessAt.map { $0 < failed } ?? true
        }
    }

    private let lock = NSLock()
    private var current = Snapshot()

    public init() {}

    public var snapshot: Snapshot {
        lock.lock()
        defer { lock.unlock() }
        return current
    }

    func recordSuccess(at date: Date, file: String) {
        lock.lock()
        current.lastSuccessAt = date
        current.lastSuccessFile = file
        current.successes += 1
        lock.unlock()
    }

    func recordFailure(at date: Date, message: String) {
        lock.lock()
        current.lastFailureAt = date
        current.lastFailureMessage = message
        current.failures += 1
        lock.unlock()
    }
}

struct BackupStatusBoardKey: StorageKey {
    typealias Value = BackupStatusBoard
}

extension Application {
    /// The scheduled backups' outcome; nil when the server was started without a backup plan.
    public var backupStatus: BackupStatusBoard? {
        get { storage[BackupStatusBoardKey.self] }
        set { storage[BackupStatusBoardKey.self] = newValue }
    }
}

/// Takes a backup into the plan's folder every interval while the server runs (`serve --backup-dir`).
/// The first one is due one interval after the newest backup already in the folder (at once when there is
/// none), so restarts do not multiply backups. `sleep` is injectable so that a test drives the schedule.
public struct BackupSchedule: LifecycleHandler {
    public let plan: BackupPlan
    public var sleep: @Sendable (TimeInterval) async throws -> Void = { seconds in
        try await Task.sleep(nanoseconds: UInt64(max(seconds, 0) * 1_000_000_000))
    }

    public init(plan: BackupPlan, sleep: (@Sendable (TimeInterval) async throws -> Void)? = nil) {
        self.plan = plan
        if let sleep { self.sleep = sleep }
    }

    public func didBoot(_ application: Application) throws {
        let status = application.backupStatus ?? BackupStatusBoard()
        application.backupStatus = status
        let rotation = BackupRotation(plan: plan, store: TrialStore(database: application.db, now: application.trialContext.settings.clock),
                                      knownMigrations: TrialServerApp.migrationNames)
        let logger = application.logger
        let plan = self.plan
        let sleep = self.sleep
        logger.notice("Scheduled backups: every \(Int(plan.interval / 60)) min into \(plan.directory), keeping \(plan.keep).")
        let task = Task {
            let now = rotation.store.now()
            var delay = rotation.newestBackupTime().map { max($0.addingTimeInterval(plan.interval).timeIntervalSince(now), 0) } ?? 0
            while !Task.isCancelled {
                do { try await sleep(delay) } catch { return }
                await Self.runOnce(rotation, status: status, logger: logger)
                delay = plan.interval
            }
        }
        application.storage[BackupScheduleTaskKey.self] = task
    }

    public func shutdown(_ application: Application) {
        application.storage[BackupScheduleTaskKey.self]?.cancel()
    }

    /// One backup, its outcome logged and kept for /health and the dashboard.
    static func runOnce(_ rotation: BackupRotation, status: BackupStatusBoard, logger: Logger) async {
        do {
            let written = try await rotation.run()
            status.recordSuccess(at: rotation.store.now(), file: written.path)
            logger.notice("Backup written: \(written.path) (audit event \(written.auditSequence)\(written.removed.isEmpty ? "" : "; removed \(written.removed.joined(separator: ", "))"))")
        } catch {
            let message = String(describing: error)
            status.recordFailure(at: rotation.store.now(), message: message)
            logger.error("Scheduled backup failed: \(message)")
        }
    }
}

struct BackupScheduleTaskKey: StorageKey {
    typealias Value = Task<Void, Never>
}
