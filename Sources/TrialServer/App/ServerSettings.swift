import Foundation
import TrialStore

/// Everything the server needs to start, resolved from flags and environment by the CLI.
public struct ServerSettings: Sendable {
    public var database: StoreDatabaseConfiguration
    public var host: String
    public var port: Int
    /// Marks the session cookie `Secure`; on when TrialDesk is served over TLS (TRIALDESK_PUBLIC_URL https://...).
    public var secureCookies: Bool
    /// How long an API bearer token lives.
    public var tokenLifetime: TimeInterval
    /// bcrypt work factor; 12 in production. Tests lower it to keep the suite fast.
    public var bcryptCost: Int
    /// A study definition file to install at first start instead of the built-in default study.
    public var studyFile: String?
    /// The audit key kept outside the database (TRIALDESK_AUDIT_KEY_FILE): it signs checkpoints of the audit
    /// chain and seals the randomization seed. Without it the chain is unsigned (said at start, on /health
    /// and by `audit verify`).
    public var auditKey: AuditSigningKey?
    /// The server's clock: every "now" and "today" of the pages, the API and the background work (the store
    /// stamps audit events with it). Tests set it to move time instead of rewriting stored dates.
    public var clock: @Sendable () -> Date
    /// Whether an existing database with pending migrations is migrated at start (a new one always is).
    public var pendingMigrations: SchemaVersionGuard.PendingMigrations
    /// Scheduled backups taken by the server itself (`serve --backup-dir`); nil for none.
    public var backupPlan: BackupPlan?

    public init(
        database: StoreDatabaseConfiguration,
        host: String = "127.0.0.1",
        port: Int = 8080,
        secureCookies: Bool = false,
        tokenLifetime: TimeInterval = 8 * 3600,
        bcryptCost: Int = 12,
        studyFile: String? = nil,
        auditKey: AuditSigningKey? = nil,
        clock: @escaping @Sendable () -> Date = { Date() },
        pendingMigrations: SchemaVersionGuard.PendingMigrations = .apply,
        backupPlan: BackupPlan? = nil
    ) {
        self.database = database
        self.host = host
        self.port = port
        self.secureCookies = secureCookies
        self.tokenLifetime = tokenLifetime
        self.bcryptCost = bcryptCost
        self.studyFile = studyFile
        self.auditKey = auditKey
        self.clock = clock
        self.pendingMigrations = pendingMigrations
        self.backupPlan = backupPlan
    }

    /// Reads the audit key named by TRIALDESK_AUDIT_KEY_FILE, if the variable is set.
    public static func auditKeyFromEnvironment() throws -> AuditSigningKey? {
        guard let path = ProcessInfo.processInfo.environment["TRIALDESK_AUDIT_KEY_FILE"], !path.isEmpty else { return nil }
        return try AuditSigningKey.load(path: path)
    }
}
