import Fluent
import Foundation
import NIOCore
import TrialCore
import TrialStore
import Vapor

/// Signs a checkpoint of the audit chain when the server starts and every hour after (when the chain has
/// moved), with the audit key kept outside the database.
struct AuditCheckpointSchedule: LifecycleHandler {
    let key: AuditSigningKey
    var interval: TimeAmount = .hours(1)

    // Scheduled from the synchronous hook, which every way of booting calls (the asynchronous one calls it).
    func didBoot(_ application: Application) throws {
        let store = TrialStore(database: application.db, now: application.trialContext.settings.clock)
        application.logger.notice("The audit chain is signed with key \(key.fingerprint); a checkpoint is signed at start and every hour.")
        let task = application.eventLoopGroup.next().scheduleRepeatedAsyncTask(initialDelay: .zero, delay: interval) { _ in
            application.eventLoopGroup.next().makeFutureWithTask {
                do {
                    try await Self.signIfMoved(store: store, key: key, logger: application.logger)
                } catch {
                    application.logger.error("signing an audit checkpoint failed: \(error)")
                }
            }
        }
        application.storage[ScheduledTasks.self] = (application.storage[ScheduledTasks.self] ?? []) + [task]
    }

    func shutdown(_ application: Application) {
        for task in application.storage[ScheduledTasks.self] ?? [] { task.cancel() }
    }

    /// Signs the head unless the newest checkpoint already covers it.
    static func signIfMoved(store: TrialStore, key: AuditSigningKey, logger: Logger) async throws {
        let head = try await store.chainHead()
        if let latest = try await AuditCheckpoints(store: store).latest(), latest.sequence == head.sequence, latest.publicKey == key.publicKeyText { return }
        let checkpoint = try await AuditCheckpoints(store: store).sign(with: key)
        logger.notice("Signed audit checkpoint at event \(checkpoint.sequence) (key \(key.fingerprint)).")
    }
}

/// Removes the rows of sessions that have ended (`SessionLifetime`: idle or absolute), every 10 minutes.
struct SessionSweep: LifecycleHandler {
    func didBoot(_ application: Application) throws {
        let task = application.eventLoopGroup.next().scheduleRepeatedAsyncTask(initialDelay: .minutes(10), delay: .minutes(10)) { _ in
            application.eventLoopGroup.next().makeFutureWithTask {
                do {
                    _ = try await Self.removeEnded(on: application.db, now: TrialStore(database: application.db, now: application.trialContext.settings.clock).now())
                } catch {
                    application.logger.error("removing ended sessions failed: \(error)")
                }
            }
        }
        application.storage[ScheduledTasks.self] = (application.storage[ScheduledTasks.self] ?? []) + [task]
    }

    func shutdown(_ application: Application) {
        for task in application.storage[ScheduledTasks.self] ?? [] { task.cancel() }
    }

    /// Deletes every stored session whose lifetime has ended; the number removed. (The session table belongs
    /// to the web layer's session driver, not to the trial's store: this is the one place that reads it.)
    static func removeEnded(on database: any Database, now: Date) async throws -> Int {
        var removed = 0
        for record in try await SessionRecord.query(on: database).all() {
            let signedInAt = record.data[SessionKeys.signedInAt].flatMap(UTCTimestamp.date(from:)) ?? .distantPast
            let lastSeenAt = record.data[SessionKeys.lastSeenAt].flatMap(UTCTimestamp.date(from:)) ?? signedInAt
            if SessionLifetime.standard.hasEnded(signedInAt: signedInAt, lastSeenAt: lastSeenAt, now: now) {
                try await record.delete(on: database)
                removed += 1
            }
        }
        return removed
    }
}

struct ScheduledTasks: StorageKey {
    typealias Value = [RepeatedTask]
}
