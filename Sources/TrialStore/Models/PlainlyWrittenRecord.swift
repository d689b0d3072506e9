import FluentKit
import FluentSQL
import Foundation

/// A record kind that a write inserts and updates with one plain statement instead of through Fluent. Forms are
/// written by almost every save (about 1,950 times in the 120-participant demo); Fluent built a query from the
/// model's properties, converted it to SQLKit's expressions and quoted every column name (three times over in a
/// select) on each of them. The statement text here is composed once per kind (`PlainWriteStatements`); only the
/// values are bound. They go through the same `SQLBind` encoding as Fluent's, so the stored row is the same
/// (`PlainFormWriteTests` holds it to Fluent's, column by column and type by type).
protocol PlainlyWrittenRecord: AuditedRecord {
    /// The stored columns, the ID first (the same list the kind's plain reads select).
    static var storedColumns: [String] { get }
    /// The insert and update text for `storedColumns`, composed once.
    static var plainStatements: PlainWriteStatements { get }
    /// The values of `storedColumns`, in that order.
    var plainValues: [any Encodable & Sendable] { get }
    /// Marks the record as stored, as Fluent's create does, so that a later save updates it.
    func markStored()
}

/// The text of one kind's plain insert and update, around the values they bind.
struct PlainWriteStatements: Sendable {
    /// `INSERT INTO "schema" ("id", "a", ...) VALUES (`
    let insertPrefix: String
    /// `UPDATE "schema" SET `
    let updatePrefix: String
    /// `"a" = ` for each column after the ID.
    let assignments: [String]
    /// ` WHERE "id" = `
    let whereID: String

    init(schema: String, columns: [String]) {
        insertPrefix = "INSERT INTO \(PlainRow.quoted(schema)) (\(PlainRow.columnList(columns).sql)) VALUES ("
        updatePrefix = "UPDATE \(PlainRow.quoted(schema)) SET "
        assignments = columns.dropFirst().map { "\(PlainRow.quoted($0)) = " }
        whereID = " WHERE \(PlainRow.quoted(columns[0])) = "
    }
}

extension PlainlyWrittenRecord {
    func insertPlainly(on sql: any SQLDatabase) async throws {
        var statement = SQLQueryString(Self.plainStatements.insertPrefix)
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
        let text = Self.plainStatements
        var statement = SQLQueryString(text.updatePrefix)
        for (index, value) in plainValues.dropFirst().enumerated() {
            statement.appendLiteral(index > 0 ? ", " + text.assignments[index] : text.assignments[index])
            statement.appendInterpolation(bind: value)
        }
        statement.appendLiteral(text.whereID)
        statement.appendInterpolation(bind: id)
        try await sql.raw(statement).run()
    }
}

extension CaseReportFormRecord: PlainlyWrittenRecord {
    static let plainStatements = PlainWriteStatements(schema: schema, columns: storedColumns)

    /// A required field never set is bound as NULL, which the table refuses with an error, as Fluent's insert is
    /// refused; reading it through the model would stop the process instead.
    var plainValues: [any Encodable & Sendable] {
        [id, $participantID.value, $siteCode.value, $form.value, $payloadJSON.value, $createdAt.value, verifiedBy, verifiedAt, lockedBy, computedJSON,
         acknowledgedBy, acknowledgedAt, studyVersion]
    }

    func markStored() { $id.exists = true }
}
