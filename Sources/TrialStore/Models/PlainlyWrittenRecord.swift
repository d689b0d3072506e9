import FluentKit
import FluentSQL
import Foundation

/// A record kind that a write inserts and updates with one plain statement instead of through Fluent. Forms are
/// written by almost every save (about 1,950 times in the 120-participant demo); Fluent built a query from the
/// model's properties, converted it to SQLKit's expressions and quoted every column name (three times over in a
/// select) on each of them. The statement text here is composed once per kind; only the values are bound.
/// The values go through the same `SQLBind` encoding as Fluent's, so the stored row is the same
/// (`PlainFormWriteTests` holds it to Fluent's, column by column and type by type).
protocol PlainlyWrittenRecord: AuditedRecord {
    /// The stored columns, the ID first.
    static var plainColumns: [String] { get }
    /// The values of `plainColumns`, in that order.
    var plainValues: [any Encodable & Sendable] { get }
    /// Marks the record as stored, as Fluent's create does, so that a later save updates it.
    func markStored()
}

extension PlainlyWrittenRecord {
    func insertPlainly(on sql: any SQLDatabase) async throws {
        var statement = SQLQueryString(Self.insertPrefix)
        for (index, value) in plainValues.enumerated() {
            if index > 0 { statement.appendLiteral(", ") }
            statement.appendInterpolation(bind: value)
        }
        statement.appendLiteral(")")
        try await sql.raw(statement).run()
        markStored()
    }

    func updatePlainly(on sql: any SQLDatabase) async throws {
        guard let id else { throw StoreError.notFound(entity: Self.auditEntityType, id: auditEntityID) }
        var statement = SQLQueryString("UPDATE \(Self.quoted(Self.schema)) SET ")
        let values = plainValues
        for index in 1..<Self.plainColumns.count {
            if index > 1 { statement.appendLiteral(", ") }
            statement.appendLiteral("\(Self.quoted(Self.plainColumns[index])) = ")
            statement.appendInterpolation(bind: values[index])
        }
        statement.appendLiteral(" WHERE \(Self.quoted(Self.plainColumns[0])) = ")
        statement.appendInterpolation(bind: id)
        try await sql.raw(statement).run()
    }

    /// `INSERT INTO "schema" ("a", "b", ...) VALUES (`
    static var insertPrefix: String {
        "INSERT INTO \(quoted(schema)) (\(plainColumns.map(quoted).joined(separator: ", "))) VALUES ("
    }

    /// An identifier quoted as SQLite and PostgreSQL both quote it.
    static func quoted(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

extension CaseReportFormRecord: PlainlyWrittenRecord {
    static let plainColumns = ["id", "participant_id", "site_code", "form", "payload_json", "created_at", "verified_by", "verified_at", "locked_by",
                               "computed_json", "acknowledged_by", "acknowledged_at", "study_version"]

    /// A required field never set is bound as NULL, which the table refuses with an error, as Fluent's insert is
    /// refused; reading it through the model would stop the process instead.
    var plainValues: [any Encodable & Sendable] {
        [id, $participantID.value, $siteCode.value, $form.value, $payloadJSON.value, $createdAt.value, verifiedBy, verifiedAt, lockedBy, computedJSON,
         acknowledgedBy, acknowledgedAt, studyVersion]
    }

    func markStored() { $id.exists = true }
}
