import FluentKit
import FluentSQL
import Foundation

extension DataQueryRecord {
    static let storedColumns = ["id", "participant_id", "site_code", "form_id", "field", "text", "origin", "status", "opened_by", "opened_at",
                                "answer", "answered_by", "text_rule_json"]
    static let selectedColumns = PlainRow.columnList(storedColumns)

    /// Queries read as plain rows, the SELECT refined by the caller: the query inbox lists a hundred a page, and
    /// Fluent's reflective decoding of them was a tenth of the page's time.
    static func read(on database: any Database, _ refine: (SQLSelectBuilder) -> SQLSelectBuilder = { $0 }) async throws -> [DataQueryRecord] {
        guard let sql = database as? any SQLDatabase else { throw StoreError.invalidConfiguration("the database does not speak SQL") }
        let rows = try await PlainRow.all(refine(sql.select().column(selectedColumns).from(schema)))
        return try rows.map { row in
            let record = DataQueryRecord()
            record.id = try row.uuid("id")
            record.$id.exists = true
            record.participantID = try row.string("participant_id")
            record.siteCode = try row.string("site_code")
            record.formID = try row.optionalString("form_id")
            record.field = try row.string("field")
            record.text = try row.string("text")
            record.origin = try row.string("origin")
            record.status = try row.string("status")
            record.openedBy = try row.string("opened_by")
            record.openedAt = try row.string("opened_at")
            record.answer = try row.optionalString("answer")
            record.answeredBy = try row.optionalString("answered_by")
            record.textRuleJSON = try row.optionalString("text_rule_json")
            return record
        }
    }
}
