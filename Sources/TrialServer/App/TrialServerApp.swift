import Fluent
import FluentSQL
import Leaf
import LeafKit
import TrialCore
import TrialStore
import TrialStudyFile
import Vapor

/// Builds the TrialDesk web application: database and migrations, the study in force, sessions, access
/// control, CSRF, pages and the JSON API. The CLI's `serve`, `migrate` and the tests all start here.
public enum TrialServerApp {
    /// Configures `app`. Creates and migrates the database when needed and installs the study (the default
    /// one unless `settings.studyFile` names another) on first start.
    public static func configure(_ app: Application, settings: ServerSettings) async throws {
        app.http.server.configuration.hostname = settings.host
        app.http.server.configuration.port = settings.port
        app.passwords.use(.bcrypt(cost: settings.bcryptCost))
        // Bodies are read whole (`.collect`) only up to the route's own limit; the default covers JSON routes.
        app.routes.defaultMaxBodySize = ByteCount(value: InputLimits.jsonBodyBytes)
        BoundedJSONDecoder.install()
        app.reportCache = ReportCache()
        app.auditVerificationCache = AuditVerificationCache()
        app.casebookAnswerCache = CasebookAnswerCache()
        app.dashboardViewCache = DashboardViewCache()
        app.readAnswerCache = ReadAnswerCache()

        let study = try await prepareStore(app, settings: settings)
        let decoy = try await app.password.async.hash([UInt8].random(count: 32).base64String())
        app.trialContext = ServerContext(settings: settings, study: study.definition, studyTitle: study.definition.title.en,
                                         protocolID: study.definition.protocolId, decoyPasswordHash: decoy,
                                         ctcae: try CtcaeDictionary.bundled())

        configurePages(app, settings: settings)
        configureMiddleware(app, settings: settings)
        try routes(app)
        if let key = settings.auditKey {
            app.lifecycle.use(AuditCheckpointSchedule(key: key))
        } else {
            app.logger.warning("The audit chain is unsigned: no audit key (TRIALDESK_AUDIT_KEY_FILE). Make one with `trialdesk audit keygen --out FILE`, keep it outside the database, and set the variable (docs/security.md).")
        }
        app.lifecycle.use(SessionSweep())
        if let plan = settings.backupPlan {
            app.backupStatus = BackupStatusBoard()
            app.lifecycle.use(BackupSchedule(plan: plan))
        }
        app.storage[ClientAttemptCounterKey.self] = ClientAttemptCounter()
    }

    /// What every start does before anything reads or writes: register the database, migrate it, install
    /// the study on first start (an audited write, the chain's first events) and activate randomization
    /// (seed and allocation lists). `serve` and every command that opens the database go through here.
    @discardableResult
    public static func prepareStore(_ app: Application, settings: ServerSettings) async throws -> StudyRepository.InstalledStudy {
        try useDatabase(app, settings.database)
        try await prepareSQLite(app, settings.database)
        // Before any migration: an older binary must not touch a newer database, and an existing database
        // is upgraded only when the caller asked for it (serve --migrate, migrate).
        try await schemaGuard(app, settings.database).check(settings.pendingMigrations)
        try await migrateTolerantOfConcurrentStarts(app)
        let study = try await installStudy(app, settings: settings)
        try await EnrollmentService(store: TrialStore(database: app.db, now: settings.clock), study: study.definition, auditKey: settings.auditKey).activateRandomizationIfNeeded()
        return study
    }

    /// Every migration the application registers, in the order they run: the store's, then the web sessions'.
    public static var migrations: [any Migration] { StoreMigrations.all + [SessionRecord.migration] }

    /// The names the database records for `migrations` (what the version guard and backups compare).
    public static var migrationNames: [String] { migrations.map(\.name) }

    /// The version guard for this application's database and migrations.
    public static func schemaGuard(_ app: Application, _ configuration: StoreDatabaseConfiguration? = nil) -> SchemaVersionGuard {
        SchemaVersionGuard(database: app.db, knownMigrations: migrationNames,
                           databaseDescription: configuration?.description ?? "the database")
    }

    /// Registers the database and the store's migrations (used by `migrate` and `audit verify` too). With
    /// `onlyMigrations`, just those are registered: a restore rebuilds the schema a backup was taken at.
    public static func useDatabase(_ app: Application, _ configuration: StoreDatabaseConfiguration,
                                   onlyMigrations: [String]? = nil) throws {
        if case .sqlite(let path) = configuration {
            let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
            if !FileManager.default.fileExists(atPath: directory) {
                throw StoreError.invalidConfiguration("the folder of the database file does not exist: \(directory)")
            }
        }
        app.databases.use(try configuration.factory(), as: configuration.databaseID)
        for migration in migrations where onlyMigrations?.contains(migration.name) ?? true {
            app.migrations.add(migration)
        }
    }

    /// Several processes may start at once on a new database (PostgreSQL behind a load balancer): one of
    /// them creates a table the other also tried to create. Migrations record what they did, so the loser
    /// simply runs them again and finds nothing left to do.
    /// Fluent logs every step of every migration; at start one line saying what was applied is enough.
    /// The database then records that this version migrated it.
    public static func migrateTolerantOfConcurrentStarts(_ app: Application) async throws {
        var attempt = 0
        app.fluent.migrationLogLevel = .debug
        while true {
            attempt += 1
            do {
                let pending = try await schemaGuard(app).status().pending
                try await app.autoMigrate()
                try await schemaGuard(app).recordMigrated()
                if !pending.isEmpty {
                    app.logger.notice("Applied \(pending.count) migration(s) (TrialDesk \(TrialDeskVersion.current))")
                }
                return
            } catch where attempt < 4 {
                app.logger.notice("migration collided with another starting process (\(error)); retrying")
                try await Task.sleep(nanoseconds: UInt64(attempt) * 300_000_000)
            }
        }
    }

    /// SQLite keeps its journal in WAL mode, so readers never block the writer.
    /// Each connection (one per event loop) also gets a page cache that holds the working set of a trial ten
    /// times this one's size: at SQLite's default of 2 MB, every lookup of a form or an audit event by its
    /// row went back to the file. A `bulkLoad` (the demo) syncs the log at checkpoints instead of at every
    /// commit: WAL with synchronous=NORMAL cannot be corrupted by a power loss, it can only lose the last
    /// commits, and a demo is built again from its seed. A bulk load also keeps SQLite's statement journals in
    /// memory: in its one long transaction a statement journal outgrew SQLite's 64 KiB in-memory limit early,
    /// was moved to a temporary file, and from then on every statement's journaled page was a write system call
    /// (3% of building the scale demo).
    public static func prepareSQLite(_ app: Application, _ configuration: StoreDatabaseConfiguration, bulkLoad: Bool = false) async throws {
        guard case .sqlite = configuration, let sql = app.db as? any SQLDatabase else { return }
        try await sql.raw("PRAGMA journal_mode=WAL").run()
        for loop in app.eventLoopGroup.makeIterator() {
            guard let connection = app.databases.database(configuration.databaseID, logger: app.logger, on: loop) as? any SQLDatabase else { continue }
            try await connection.raw("PRAGMA cache_size=-\(unsafeRaw: String(sqlitePageCacheKibibytes))").run()
            if bulkLoad {
                try await connection.raw("PRAGMA synchronous=NORMAL").run()
                try await connection.raw("PRAGMA temp_store=MEMORY").run()
            }
        }
    }

    /// 32 MB per connection: the scale demo's whole database is about 55 MB, its hot part (forms, the
    /// chain's recent events, the indexes) well under this.
    static let sqlitePageCacheKibibytes = 32_768

    static func installStudy(_ app: Application, settings: ServerSettings) async throws -> StudyRepository.InstalledStudy {
        let repository = StudyRepository(store: TrialStore(database: app.db, now: settings.clock))
        if let current = try await repository.current() { return current }
        let yaml: String
        let source: String
        var amendments: [(source: String, yaml: String)] = []
        if let file = settings.studyFile {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
                throw StoreError.invalidConfiguration("cannot read the study definition file \(file)")
            }
            (yaml, source) = (text, file)
        } else {
            // A new installation of the default study starts at its latest version, every earlier one on record.
            (yaml, source) = (StudyDefinitionFile.defaultYAML, "default study")
            amendments = StudyDefinitionFile.defaultAmendmentYAMLs
        }
        let installed = try await repository.installIfNeeded(yaml: yaml, source: source, amendments: amendments)
        if installed.freshlyInstalled {
            app.logger.notice("Installed study \(installed.definition.protocolId): \(installed.definition.title.en)")
        }
        return installed
    }

    static func configurePages(_ app: Application, settings: ServerSettings) {
        if let resources = Bundle.module.resourceURL {
            app.directory.viewsDirectory = resources.appendingPathComponent("Views").path + "/"
            app.directory.publicDirectory = resources.appendingPathComponent("Public").path + "/"
        }
        app.views.use(.leaf)
        app.leaf.tags["points"] = SVGPointsTag()
        // The views live inside the build folder (.build/...), which Leaf's default "visible files only"
        // limit refuses; keep the sandbox and extension limits.
        let views = app.directory.viewsDirectory
        app.leaf.sources = .singleSource(NIOLeafFiles(fileio: app.fileio, limits: [.toSandbox, .requireExtensions],
                                                      sandboxDirectory: views, viewDirectory: views))
        // Sessions are stored only when something in them changed (GET and HEAD write nothing).
        app.sessions.use { app in ChangedSessionsDriver(stored: app.fluent.sessions.driver()) }
        app.sessions.configuration.cookieName = SessionSettings.cookieName
        let secure = settings.secureCookies
        app.sessions.configuration.cookieFactory = { sessionID in
            // The browser's copy lasts no longer than the server lets a session live (SessionLifetime).
            HTTPCookies.Value(string: sessionID.string, expires: nil, maxAge: Int(SessionLifetime.standard.absolute),
                              domain: nil, path: "/", isSecure: secure, isHTTPOnly: true, sameSite: .strict)
        }
    }

    static func configureMiddleware(_ app: Application, settings: ServerSettings) {
        // Order matters: requests are counted outermost (with the status the error middleware chose); errors
        // are shaped next; files need no session; the session comes before the user is resolved; CSRF is
        // checked before any handler runs.
        app.middleware = Middlewares()
        app.middleware.use(RequestMetricsMiddleware(registry: app.metrics))
        app.middleware.use(SecurityHeadersMiddleware(servedOverHTTPS: settings.secureCookies))
        app.middleware.use(TrialErrorMiddleware())
        app.middleware.use(FileMiddleware(publicDirectory: app.directory.publicDirectory))
        app.middleware.use(app.sessions.middleware)
        app.middleware.use(AccessMiddleware(directory: { $0.users }))
        app.middleware.use(CSRFMiddleware())
    }

    static func routes(_ app: Application) throws {
        try app.register(collection: HealthController())
        try app.register(collection: PageController())
        try app.register(collection: TokenController())
        try app.register(collection: UserController())
        try app.register(collection: StudyController(study: app.trialContext.study))
        try app.register(collection: AuditController())
        try app.register(collection: ScreeningController())
        try app.register(collection: ParticipantController())
        try app.register(collection: RandomizationController())
        try app.register(collection: CaseReportController())
        try app.register(collection: DataQueryController())
        try app.register(collection: RecordControlController())
        try app.register(collection: VisitController())
        try app.register(collection: SafetyController())
        try app.register(collection: ReportController())
        try app.register(collection: ExchangeController(study: app.trialContext.study))
        try app.register(collection: MetricsController())
        try app.register(collection: OpenAPIController())
        app.storage[RouteMethodIndexKey.self] = RouteMethodIndex(routes: app.routes.all)
    }
}
