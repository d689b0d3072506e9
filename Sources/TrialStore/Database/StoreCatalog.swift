import FluentKit
import FluentSQL
import Foundation

/// What the database itself says about its tables, read from SQLite's `sqlite_master`/pragmas or
/// PostgreSQL's `information_schema`, so that backups, restores and the version guard follow the schema
/// that the migrations actually built instead of a second hand-kept list of it.
struct StoreCatalog {
    let sql: any SQLDatabase

    init(_ database: any Database) throws {
        guard let sql = database as? any SQLDatabase else {
            throw StoreError.invalidConfiguration("the database does not speak SQL")
        }
        self.sql = sql
    }

    var isPostgres: Bool { sql.dialect.name == "postgresql" }

    /// Fluent's own bookkeeping (applied migrations, web sessions) is not trial data.
    static func isBookkeeping(_ table: String) -> Bool { table.hasPrefix("_fluent_") }

    static let migrationsTable = "_fluent_migrations"

    func tableNames() async throws -> [String] {
        let rows: [any SQLRow]
        if isPostgres {
            rows = try await sql.raw("""
                SELECT table_name::text AS name FROM information_schema.tables
                WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'
                """).all()
        } else {
            rows = try await sql.raw("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all()
        }
        return try rows.map { try $0.decode(column: "name", as: String.self) }.sorted()
    }

    /// The columns of `table` in their declared order, each with the kind of value it holds.
    func columns(of table: String) async throws -> [BackupColumn] {
        if isPostgres {
            let rows = try await sql.raw("""
                SELECT column_name::text AS name, data_type::text AS type FROM information_schema.columns
                WHERE table_schema = current_schema() AND table_name = \(bind: table) ORDER BY ordinal_position
                """).all()
            return try rows.map { row in
                let name = try row.decode(column: "name", as: String.self)
                let type = try row.decode(column: "type", as: String.self)
                return BackupColumn(name: name, kind: try BackupColumn.Kind(declaredType: type, table: table, column: name))
            }
        }
        let rows = try await sql.raw("SELECT name, type FROM pragma_table_info(\(bind: table)) ORDER BY cid").all()
        return try rows.map { row in
            let name = try row.decode(column: "name", as: String.self)
            let type = try row.decode(column: "type", as: String.self)
            return BackupColumn(name: name, kind: try BackupColumn.Kind(declaredType: type, table: table, column: name))
        }
    }

    /// For each table, the tables its foreign keys point at (rows of those must be loaded first).
    func references() async throws -> [String: Set<String>] {
        var result: [String: Set<String>] = [:]
        if isPostgres {
            let rows = try await sql.raw("""
                SELECT tc.table_name::text AS child, ccu.table_name::text AS parent
                FROM information_schema.table_constraints tc
                JOIN information_schema.constraint_column_usage ccu
                  ON tc.constraint_name = ccu.constraint_name AND tc.table_schema = ccu.table_schema
                WHERE tc.constraint_type = 'FOREIGN KEY' AND tc.table_schema = current_schema()
                """).all()
            for row in rows {
                result[try row.decode(column: "child", as: String.self), default: []].insert(try row.decode(column: "parent", as: String.self))
            }
            return result
        }
        for table in try await tableNames() {
            let rows = try await sql.raw("SELECT \"table\" AS parent FROM pragma_foreign_key_list(\(bind: table))").all()
            for row in rows { result[table, default: []].insert(try row.decode(column: "parent", as: String.self)) }
        }
        return result
    }

    /// Applied migrations in this binary's order; any it does not know keep their stored order at the end.
    static func inRunOrder(_ applied: [String], known: [String]) -> [String] {
        let appliedSet = Set(applied)
        return known.filter(appliedSet.contains) + applied.filter { !known.contains($0) }
    }

    /// The names of the migrations applied to this database; empty when it was never migrated.
    func appliedMigrations() async throws -> [String] {
        guard try await tableNames().contains(Self.migrationsTable) else { return [] }
        let rows = try await sql.select().column("name").from(Self.migrationsTable).all()
        return try rows.map { try $0.decode(column: "name", as: String.self) }
    }
}
