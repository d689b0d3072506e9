import Crypto
import FluentKit
import FluentSQL
import Foundation
import TrialCore

/// Takes a backup of a running TrialDesk database: every table's rows read inside one read-only
/// transaction (a snapshot: SQLite's WAL reader, PostgreSQL's REPEATABLE READ), so that the rows, the
/// applied migrations and the audit chain head all describe the same instant while writers go on.
public struct StoreBackupWriter: Sendable {
    public let database: any Database
    /// The order this binary runs its migrations in (the manifest lists applied ones in that order).
    public let knownMigrations: [String]
    public let now: @Sendable () -> Date

    public init(database: any Database, knownMigrations: [String], now: @escaping @Sendable () -> Date = { Date() }) {
        self.database = database
        self.knownMigrations = knownMigrations
        self.now = now
    }

    /// Writes the archive to `path` (through a temporary file beside it, so a half-written backup never
    /// carries the final name) and returns its manifest.
    @discardableResult
    public func write(to path: String) async throws -> BackupManifest {
        let snapshot = try await readSnapshot()
        try StoreBackupArchive.write(manifest: snapshot.manifest, tableFiles: snapshot.files, to: path)
        return snapshot.manifest
    }

    struct Snapshot {
        var manifest: BackupManifest
        var files: [String: Data]
    }

    func readSnapshot() async throws -> Snapshot {
        let isPostgres = try StoreCatalog(database).isPostgres
        let kind = isPostgres ? "postgresql" : "sqlite"
        let knownMigrations = self.knownMigrations
        let createdAt = UTCTimestamp.string(from: now())
        return try await database.transaction { db in
            let catalog = try StoreCatalog(db)
            if catalog.isPostgres {
                // Must be the transaction's first statement: every later read sees the same snapshot.
                try await catalog.sql.raw("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY").run()
            }
            let applied = try await catalog.appliedMigrations()
            let head = try await catalog.sql.select().column("sequence").column("hash")
                .from(AuditChainHead.schema).where("id", .equal, AuditChainHead.rowID).first()
            guard let head else { throw StoreError.auditChainUninitialised }
            var tables: [BackupManifest.Table] = []
            var files: [String: Data] = [:]
            var content = SHA256()
            for name in try await catalog.tableNames() where !StoreCatalog.isBookkeeping(name) {
                let columns = try await catalog.columns(of: name)
                let data = try await Self.rows(of: name, columns: columns, on: catalog.sql)
                let file = "tables/\(name).jsonl"
                files[file] = data.bytes
                content.update(data: data.bytes)
                tables.append(BackupManifest.Table(name: name, file: file, columns: columns, rows: data.count,
                                                   bytes: data.bytes.count, sha256: Self.hex(SHA256.hash(data: data.bytes))))
            }
            let manifest = BackupManifest(
                format: BackupManifest.formatName, formatVersion: BackupManifest.currentFormatVersion,
                trialDeskVersion: TrialDeskVersion.current, createdAt: createdAt, sourceDatabase: kind,
                schema: .init(migrations: StoreCatalog.inRunOrder(applied, known: knownMigrations), migrationCount: applied.count),
                auditChainHead: .init(sequence: try head.decode(column: "sequence", as: Int64.self),
                                      hash: try head.decode(column: "hash", as: String.self)),
                tables: tables, contentSHA256: Self.hex(content.finalize()))
            return Snapshot(manifest: manifest, files: files)
        }
    }

    static func rows(of table: String, columns: [BackupColumn], on sql: any SQLDatabase) async throws -> (bytes: Data, count: Int) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        var bytes = Data()
        var count = 0
        // Ordered by the first column so that two backups of the same data hold the same bytes.
        let rows = try await sql.select().columns(columns.map { SQLColumn($0.name) }).from(table)
            .orderBy(SQLColumn(columns.first?.name ?? "rowid")).all()
        for row in rows {
            let values = try columns.map { try value(of: $0, in: row, table: table) }
            bytes.append(try encoder.encode(values))
            bytes.append(0x0A)
            count += 1
        }
        return (bytes, count)
    }

    static func value(of column: BackupColumn, in row: any SQLRow, table: String) throws -> BackupValue {
        if try row.decodeNil(column: column.name) { return .null }
        switch column.kind {
        case .integer: return .integer(try row.decode(column: column.name, as: Int64.self))
        case .real: return .real(try row.decode(column: column.name, as: Double.self))
        case .text: return .text(try row.decode(column: column.name, as: String.self))
        case .boolean: return .boolean(try row.decode(column: column.name, as: Bool.self))
        case .uuid: return .text(try row.decode(column: column.name, as: UUID.self).uuidString.lowercased())
        case .bytes: return .text(try row.decode(column: column.name, as: Data.self).base64EncodedString())
        }
    }

    static func hex(_ digest: some Sequence<UInt8>) -> String {
        digest.map { String(format: "%02x", $0) }.joined()
    }
}
