import FluentKit
import FluentSQL
import Foundation

extension AuditEventRecord {
    static let storedColumns = ["sequence", "occurred_at", "actor", "role", "site", "action", "entity_type", "entity_id", "changes", "reason",
                                "previous_hash", "hash"]
    static let selectedColumns = PlainRow.columnList(storedColumns)

    /// Audit events read as plain rows, the SELECT refined by the caller: the audit pages and the events API
    /// list up to a few hundred at a time, and Fluent's reflective decoding cost more than the query.
    static func read(on database: any Database, _ refine: (SQLSelectBuilder) -> SQLSelectBuilder) async throws -> [AuditEventRecord] {
        guard let sql = database as? any SQLDatabase else { throw StoreError.invalidConfiguration("the database does not speak SQL") }
        let rows = try await PlainRow.all(refine(sql.select().column(selectedColumns).from(schema)))
        return try rows.map { row in
            let event = AuditEventRecord()
            event.id = Int64(try row.integer("sequence"))
            event.$id.exists = true
            event.occurredAt = try row.string("occurred_at")
            event.actor = try row.string("actor")
            event.role = try row.string("role")
            event.site = try row.optionalString("site")
            event.action = try row.string("action")
            event.entityType = try row.string("entity_type")
            event.entityID = try row.string("entity_id")
            event.changesJSON = try row.string("changes")
            event.reason = try row.optionalString("reason")
            event.previousHash = try row.string("previous_hash")
            event.hash = try row.string("hash")
            return event
        }
    }
}
