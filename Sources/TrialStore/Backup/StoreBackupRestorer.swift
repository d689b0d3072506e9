import FluentKit
import FluentSQL
import Foundation

/// Loads a verified backup archive into an empty database: refuses a target that holds tables, migrates it
/// to exactly the schema the backup was taken at, loads every row in one transaction, then walks the audit
/// chain the way `trialdesk audit verify` does and holds its head to the manifest's.
public struct StoreBackupRestorer: Sendable {
    public let database: any Database
    /// Describes the target in messages (never shows a password).
    public let targetDescription: String
    /// Every migration this binary knows, by name.
    public let knownMigrations: [String]

    public init(database: any Database, targetDescription: String, knownMigrations: [String]) {
        self.database = database
        self.targetDescription = targetDescription
        self.knownMigrations = knownMigrations
    }

    public struct Report: Sendable {
        public var manifest: BackupManifest
        public var rowsLoaded: Int
        public var verification: AuditVerificationReport
        public var chainHead: (sequence: Int64, hash: String)
        /// Migrations this binary has that the backup predates: `trialdesk migrate` applies them.
        public var pendingMigrations: [String]
    }

    /// The migrations the target must be given before loading: the backup's own list (all known here).
    public static func migrationsToApply(for archive: StoreBackupArchive, knownMigrations: [String]) throws -> [String] {
        let unknown = archive.manifest.schema.migrations.filter { !knownMigrations.contains($0) }
        guard unknown.isEmpty else {
            throw BackupError.archiveFromNewerVersion(archiveVersion: archive.manifest.trialDeskVersion,
                                                      binaryVersion: TrialDeskVersion.current, unknownMigrations: unknown)
        }
        return archive.manifest.schema.migrations
    }

    /// Refuses a target that already holds any table (a half-restored or live database is never merged into).
    public func requireEmptyTarget() async throws {
        let tables = try await StoreCatalog(database).tableNames()
        guard tables.isEmpty else { throw BackupError.targetNotEmpty(database: targetDescription, tables: tables) }
    }

    /// Restores `archive`. `migrate` must apply exactly `migrationsToApply(for:)` to the target.
    public func restore(_ archive: StoreBackupArchive, trustedPublicKeys: [String] = [],
                        migrate: () async throws -> Void) async throws -> Report {
        _ = try Self.migrationsToApply(for: archive, knownMigrations: knownMigrations)
        try await requireEmptyTarget()
        try await migrate()
        let rows = try await load(archive)
        let verification = try await AuditVerifier(database: database).verify(trustedPublicKeys: trustedPublicKeys)
        let head = try await TrialStore(database: database).chainHead()
        let expected = archive.manifest.auditChainHead
        guard verification.isIntact else {
            throw BackupError.verificationFailed(reason: "\(verification.problems.count) audit problem(s), the first: \(verification.problems.first?.message ?? "?")")
        }
        guard head.sequence == expected.sequence, head.hash == expected.hash else {
            throw BackupError.verificationFailed(reason: "the chain head is event \(head.sequence) \(head.hash), the manifest recorded \(expected.sequence) \(expected.hash)")
        }
        let applied = Set(archive.manifest.schema.migrations)
        return Report(manifest: archive.manifest, rowsLoaded: rows, verification: verification, chainHead: head,
                      pendingMigrations: knownMigrations.filter { !applied.contains($0) })
    }

    /// Replaces whatever the migrations seeded (the chain's genesis head row) with the backup's rows, parents
    /// before the tables whose foreign keys point at them, all in one transaction.
    func load(_ archive: StoreBackupArchive) async throws -> Int {
        let catalog = try StoreCatalog(database)
        let targetTables = Set(try await catalog.tableNames().filter { !StoreCatalog.isBookkeeping($0) })
        let archiveTables = Set(archive.manifest.tables.map(\.name))
        if let extra = archiveTables.subtracting(targetTables).sorted().first {
            throw BackupError.schemaMismatch(table: extra, reason: "the migrated target has no such table")
        }
        if let missing = targetTables.subtracting(archiveTables).sorted().first {
            throw BackupError.schemaMismatch(table: missing, reason: "the backup holds no rows for it")
        }
        var targetColumns: [String: [BackupColumn]] = [:]
        for table in archive.manifest.tables {
            let columns = try await catalog.columns(of: table.name)
            let names = Set(columns.map(\.name)), archived = Set(table.columns.map(\.name))
            guard names == archived else {
                throw BackupError.schemaMismatch(table: table.name, reason: "columns \(archived.sorted().joined(separator: ", ")) in the backup, \(names.sorted().joined(separator: ", ")) in the target")
            }
            targetColumns[table.name] = columns
        }
        let order = Self.loadOrder(archive.manifest.tables.map(\.name), references: try await catalog.references())
        let tablesByName = Dictionary(uniqueKeysWithValues: archive.manifest.tables.map { ($0.name, $0) })
        let columnsByTable = targetColumns
        return try await database.transaction { db in
            let sql = try StoreCatalog(db).sql
            for name in order.reversed() {
                try await sql.delete(from: name).run()
            }
            var loaded = 0
            for name in order {
                guard let table = tablesByName[name], let columns = columnsByTable[name] else { continue }
                let kinds = Dictionary(uniqueKeysWithValues: columns.map { ($0.name, $0.kind) })
                let rows = try archive.rows(of: table)
                // Both SQLite and PostgreSQL cap the parameters of one statement; stay well under both.
                let batch = max(1, 4000 / max(table.columns.count, 1))
                var start = 0
                while start < rows.count {
                    let insert = sql.insert(into: name).columns(table.columns.map(\.name))
                    for row in rows[start..<min(start + batch, rows.count)] {
                        insert.values(try zip(table.columns, row).map { column, value in
                            try Self.bind(value, as: kinds[column.name] ?? column.kind, table: name, column: column.name)
                        })
                    }
                    try await insert.run()
                    start += batch
                }
                loaded += rows.count
            }
            return loaded
        }
    }

    /// Tables in an order where every table comes after those its foreign keys reference.
    static func loadOrder(_ tables: [String], references: [String: Set<String>]) -> [String] {
        var ordered: [String] = []
        var placed = Set<String>()
        var remaining = tables.sorted()
        while !remaining.isEmpty {
            let ready = remaining.filter { table in
                (references[table] ?? []).allSatisfy { $0 == table || placed.contains($0) || !tables.contains($0) }
            }
            // A cycle cannot be ordered; load the rest as they come and let the database say which row fails.
            let next = ready.isEmpty ? remaining : ready
            ordered += next
            placed.formUnion(next)
            remaining.removeAll { placed.contains($0) }
        }
        return ordered
    }

    /// Turns an archived value into a bind of the type the target column holds.
    static func bind(_ value: BackupValue, as kind: BackupColumn.Kind, table: String, column: String) throws -> any SQLExpression {
        func mismatch() -> BackupError {
            .valueMismatch(table: table, column: column, reason: "\(value) cannot be stored as \(kind.rawValue)")
        }
        switch (kind, value) {
        case (_, .null): return SQLLiteral.null
        case (.integer, .integer(let number)): return SQLBind(number)
        case (.integer, .boolean(let flag)): return SQLBind(Int64(flag ? 1 : 0))
        case (.boolean, .boolean(let flag)): return SQLBind(flag)
        case (.boolean, .integer(let number)) where number == 0 || number == 1: return SQLBind(number == 1)
        case (.real, .real(let number)): return SQLBind(number)
        case (.real, .integer(let number)): return SQLBind(Double(number))
        case (.text, .text(let text)): return SQLBind(text)
        case (.uuid, .text(let text)):
            guard let uuid = UUID(uuidString: text) else { throw mismatch() }
            return SQLBind(uuid)
        case (.bytes, .text(let text)):
            guard let data = Data(base64Encoded: text) else { throw mismatch() }
            return SQLBind(data)
        default:
            throw mismatch()
        }
    }
}
