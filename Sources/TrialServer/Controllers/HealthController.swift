import Foundation
import TrialCore
import TrialStore
import Vapor

struct HealthController: RouteCollection {
    /// Who reads the server's operational state: the metrics and, on the dashboard, the scheduled backups.
    static let operators: AccessPolicy = .roles(.administrator, confinedToOwnSite: false)

    /// How long the database may take to answer a trivial query before the server says it does not answer.
    static let databaseTimeout: TimeInterval = 2

    /// Every field is a string: scripts and probes read the answer as a flat map of strings.
    struct Health: Content {
        /// "ok" when the database answers; "unavailable" (with HTTP 503) when it does not.
        var status: String
        var study: String
        var protocolID: String
        var database: String
        /// "signed": an audit key signs checkpoints of the chain; "unsigned": none is configured.
        var auditChain: String
        /// "answers" when the database answered a trivial query within `databaseTimeout`, else "does not answer".
        var databaseStatus: String?
        /// The server's scheduled backups (`serve --backup-dir`), absent when it takes none: "ok" (the latest
        /// attempt succeeded), "failed" (the latest attempt failed) or "pending" (none yet since start).
        var backup: String?
        var lastBackupAt: String?
        var lastBackupFailureAt: String?
    }

    /// Whether a load balancer may send this process traffic.
    struct Readiness: Content {
        var ready: Bool
        /// "answers" or "does not answer".
        var database: String
        /// "current", "pending" (the binary knows migrations the database lacks) or "unknown".
        var migrations: String
    }

    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, "health", access: .anonymous,
                  docs: RouteDocumentation("Liveness, whether the database answers, the last scheduled backup and the study in force",
                                           response: .json(Health(status: "ok", study: "title", protocolID: "I125-MULTIMET-P2", database: "sqlite", auditChain: "signed",
                                                                  databaseStatus: "answers", backup: "ok", lastBackupAt: "2026-12-06T02:00:00.000Z",
                                                                  lastBackupFailureAt: "2026-12-05T02:00:00.000Z"))),
                  use: health)
        routes.on(.GET, "health", "ready", access: .anonymous,
                  docs: RouteDocumentation("Readiness for a load balancer: 200 when the database answers and its migrations are current, 503 otherwise",
                                           response: .json(Readiness(ready: true, database: "answers", migrations: "current")), alsoAnswers: [.serviceUnavailable]),
                  use: ready)
    }

    func health(_ req: Request) async throws -> Response {
        let context = req.trialContext
        let answers = await Self.databaseAnswers(req)
        let backup = req.application.backupStatus?.snapshot
        let health = Health(status: answers ? "ok" : "unavailable", study: context.studyTitle, protocolID: context.protocolID,
                            database: context.settings.database.kind, auditChain: context.settings.auditKey == nil ? "unsigned" : "signed",
                            databaseStatus: answers ? "answers" : "does not answer", backup: backup.map(Self.backupState),
                            lastBackupAt: backup?.lastSuccessAt.map(UTCTimestamp.string(from:)),
                            lastBackupFailureAt: backup?.lastFailureAt.map(UTCTimestamp.string(from:)))
        let response = Response(status: answers ? .ok : .serviceUnavailable)
        try response.content.encode(health)
        return response
    }

    func ready(_ req: Request) async throws -> Response {
        let answers = await Self.databaseAnswers(req)
        var migrations = "unknown"
        if answers, let status = try? await SchemaVersionGuard(database: req.db, knownMigrations: TrialServerApp.migrationNames, databaseDescription: "the database").status() {
            migrations = status.pending.isEmpty && status.unknown.isEmpty ? "current" : "pending"
        }
        let readiness = Readiness(ready: answers && migrations == "current", database: answers ? "answers" : "does not answer", migrations: migrations)
        let response = Response(status: readiness.ready ? .ok : .serviceUnavailable)
        try response.content.encode(readiness)
        return response
    }

    static func backupState(_ status: BackupStatusBoard.Snapshot) -> String {
        status.isFailing ? "failed" : (status.lastSuccessAt == nil ? "pending" : "ok")
    }

    /// A trivial query (the chain head) that must answer within `databaseTimeout`: a locked or unreachable
    /// database makes the health check say so instead of hanging the load balancer's probe. The query runs
    /// in a task of its own that is left to finish: a task group would wait for it before returning.
    static func databaseAnswers(_ req: Request) async -> Bool {
        let store = req.store
        return await withCheckedContinuation { continuation in
            let answer = FirstAnswer(continuation)
            let timeout = Task {
                do { try await Task.sleep(nanoseconds: UInt64(databaseTimeout * 1_000_000_000)) } catch { return }
                answer.give(false)
            }
            Task {
                answer.give((try? await store.chainHead()) != nil)
                timeout.cancel()
            }
        }
    }
}

/// Resumes a continuation with the first answer given; later answers are dropped.
private final class FirstAnswer: @unchecked Sendable {
    private let lock = NSLock()
    private var continuation: CheckedContinuation<Bool, Never>?

    init(_ continuation: CheckedContinuation<Bool, Never>) { self.continuation = continuation }

    func give(_ value: Bool) {
        let waiting: CheckedContinuation<Bool, Never>? = lock.withLock {
            defer { continuation = nil }
            return continuation
        }
        waiting?.resume(returning: value)
    }
}
