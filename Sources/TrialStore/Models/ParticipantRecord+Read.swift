import FluentKit
import FluentSQL
import Foundation

extension ParticipantRecord {
    static let storedColumns = ["id", "participant_id", "site_code", "site_sequence", "screening_id", "enrolled_on", "stratum", "arm",
                                "randomized_on", "randomized_at", "allocation_number", "locked_by", "signed_by", "signed_at",
                                "signature_meaning"]

    static let selectedColumns = PlainRow.columnList(storedColumns)

    /// Participants read as plain rows, the SELECT narrowed by `refine`: every casebook, form and page of a
    /// participant starts here, and Fluent's reflective row decoding cost more than the query itself.
    static func read(on database: any Database, _ refine: (SQLSelectBuilder) -> SQLSelectBuilder = { $0 }) async throws -> [ParticipantRecord] {
        guard let sql = database as? any SQLDatabase else { throw StoreError.invalidConfiguration("the database does not speak SQL") }
        return try await PlainRow.all(refine(sql.select().column(selectedColumns).from(schema))).map(record(from:))
    }

    /// The participant with this study ID.
    static func read(participantID: String, on database: any Database) async throws -> ParticipantRecord? {
        try await read(on: database) { $0.where("participant_id", .equal, SQLBind(participantID)).limit(1) }.first
    }

    /// The participant read back inside a write, to diff an update against.
    public static func stored(id: UUID, on database: any Database) async throws -> ParticipantRecord? {
        try await read(on: database) { $0.where("id", .equal, SQLBind(id)).limit(1) }.first
    }

    /// Every participant (`audit verify` compares each with its history).
    public static func allForVerification(on database: any Database) async throws -> [ParticipantRecord] {
        try await read(on: database)
    }

    /// A copy with every stored column (a kept casebook's participant, which each write changes in place).
    func copied() -> ParticipantRecord {
        let copy = ParticipantRecord()
        copy.id = id
        copy.$id.exists = $id.exists
        copy.participantID = participantID
        copy.siteCode = siteCode
        copy.siteSequence = siteSequence
        copy.screeningID = screeningID
        copy.enrolledOn = enrolledOn
        copy.stratum = stratum
        copy.arm = arm
        copy.randomizedOn = randomizedOn
        copy.randomizedAt = randomizedAt
        copy.allocationNumber = allocationNumber
        copy.lockedBy = lockedBy
        copy.signedBy = signedBy
        copy.signedAt = signedAt
        copy.signatureMeaning = signatureMeaning
        return copy
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
