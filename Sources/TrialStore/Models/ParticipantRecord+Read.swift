import FluentKit
import FluentSQL
import Foundation

extension ParticipantRecord {
    static let storedColumns = ["id", "participant_id", "site_code", "site_sequence", "screening_id", "enrolled_on", "stratum", "arm",
                                "randomized_on", "randomized_at", "allocation_number", "locked_by", "signed_by", "signed_at",
                                "signature_meaning"]

    /// The participant with this study ID, read as a plain row: every casebook, form and page of a participant
    /// starts here, and Fluent's reflective row decoding cost more than the query itself.
    static func read(participantID: String, on database: any Database) async throws -> ParticipantRecord? {
        guard let sql = database as? any SQLDatabase else { throw StoreError.invalidConfiguration("the database does not speak SQL") }
        let select = sql.select().columns(storedColumns.map { SQLIdentifier($0) }).from(schema)
            .where("participant_id", .equal, SQLBind(participantID)).limit(1)
        guard let row = try await PlainRow.all(select).first else { return nil }
        return try record(from: row)
    }

    /// Every participant, read as plain rows (`audit verify` compares each with its history).
    public static func allForVerification(on database: any Database) async throws -> [ParticipantRecord] {
        guard let sql = database as? any SQLDatabase else { throw StoreError.invalidConfiguration("the database does not speak SQL") }
        return try await PlainRow.all(sql.select().columns(storedColumns.map { SQLIdentifier($0) }).from(schema)).map(record(from:))
    }

    /// A row of `storedColumns` as the record Fluent would read, marked as existing so that it saves back alike.
    private static func record(from row: PlainRow) throws -> ParticipantRecord {
        let record = ParticipantRecord()
        record.id = try row.uuid("id")
        record.$id.exists = true
        record.participantID = try row.string("participant_id")
        record.siteCode = try row.string("site_code")
        record.siteSequence = try row.integer("site_sequence")
        record.screeningID = try row.uuid("screening_id")
        record.enrolledOn = try row.string("enrolled_on")
        record.stratum = try row.optionalString("stratum")
        record.arm = try row.optionalString("arm")
        record.randomizedOn = try row.optionalString("randomized_on")
        record.randomizedAt = try row.optionalString("randomized_at")
        record.allocationNumber = try row.optionalInteger("allocation_number")
        record.lockedBy = try row.optionalString("locked_by")
        record.signedBy = try row.optionalString("signed_by")
        record.signedAt = try row.optionalString("signed_at")
        record.signatureMeaning = try row.optionalString("signature_meaning")
        return record
    }
}
