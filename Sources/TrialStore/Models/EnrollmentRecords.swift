import FluentKit
import Foundation
import TrialCore
import TrialStudyFile

/// One patient assessed for eligibility (the screening log, CONSORT's "assessed for eligibility").
/// No name, phone number or national ID is stored: the screening number is the only handle.
public final class ScreeningRecord: Model, AuditedRecord, @unchecked Sendable {
    public static let schema = "screenings"
    public static let auditEntityType = "screening"

    @ID(key: .id) public var id: UUID?
    @Field(key: "screening_number") public var screeningNumber: String
    @Field(key: "site_code") public var siteCode: String
    @Field(key: "screening_date") public var screeningDate: String
    /// Recorded screening values (age, sex, lesion count, ECOG, labs...) as canonical JSON.
    @Field(key: "values_json") public var valuesJSON: String
    /// Answers to the eligibility criteria, as canonical JSON.
    @Field(key: "answers_json") public var answersJSON: String
    /// TrialCore's verdict at the last save: eligible, not eligible, incomplete.
    @Field(key: "verdict") public var verdict: String
    /// The failed criteria (CONSORT's "excluded, with reasons"), as canonical JSON.
    @Field(key: "failed_criteria_json") public var failedCriteriaJSON: String
    @OptionalField(key: "consent_date") public var consentDate: String?
    @OptionalField(key: "consent_form_version") public var consentFormVersion: String?
    @OptionalField(key: "consent_obtained_by") public var consentObtainedBy: String?
    @OptionalField(key: "participant_id") public var participantID: String?

    /// The fields above, listed: Fluent otherwise finds them by reflection on every query, row and save, and
    /// this model is read and written on every save (`ModelFieldListTests` holds the list to what reflection finds).
    public var properties: [any AnyProperty] { [$id, $screeningNumber, $siteCode, $screeningDate, $valuesJSON, $answersJSON, $verdict, $failedCriteriaJSON, $consentDate, $consentFormVersion, $consentObtainedBy, $participantID] }

    public init() {}

    public var auditSnapshot: AuditSnapshot {
        var fields: AuditSnapshot = [
            "screeningNumber": screeningNumber, "siteCode": siteCode, "screeningDate": screeningDate,
            "values": valuesJSON, "answers": answersJSON, "verdict": verdict, "failedCriteria": failedCriteriaJSON,
        ]
        fields["consentDate"] = consentDate
        fields["consentFormVersion"] = consentFormVersion
        fields["consentObtainedBy"] = consentObtainedBy
        fields["participantID"] = participantID
        return fields
    }
}

/// A randomized (or about to be randomized) participant, known by a study-unique ID such as `960-0001`.
public final class ParticipantRecord: Model, AuditedRecord, @unchecked Sendable {
    public static let schema = "participants"
    public static let auditEntityType = "participant"

    @ID(key: .id) public var id: UUID?
    @Field(key: "participant_id") public var participantID: String
    @Field(key: "site_code") public var siteCode: String
    @Field(key: "site_sequence") public var siteSequence: Int
    @Field(key: "screening_id") public var screeningID: UUID
    @Field(key: "enrolled_on") public var enrolledOn: String
    @OptionalField(key: "stratum") public var stratum: String?
    @OptionalField(key: "arm") public var arm: String?
    @OptionalField(key: "randomized_on") public var randomizedOn: String?
    @OptionalField(key: "randomized_at") public var randomizedAt: String?
    @OptionalField(key: "allocation_number") public var allocationNumber: Int?
    @OptionalField(key: "locked_by") public var lockedBy: String?
    /// The investigator's signature of the casebook: who, when (UTC) and the meaning signed.
    @OptionalField(key: "signed_by") public var signedBy: String?
    @OptionalField(key: "signed_at") public var signedAt: String?
    @OptionalField(key: "signature_meaning") public var signatureMeaning: String?

    /// The fields above, listed: Fluent otherwise finds them by reflection on every query, row and save, and
    /// this model is read and written on every save (`ModelFieldListTests` holds the list to what reflection finds).
    public var properties: [any AnyProperty] { [$id, $participantID, $siteCode, $siteSequence, $screeningID, $enrolledOn, $stratum, $arm, $randomizedOn, $randomizedAt, $allocationNumber, $lockedBy, $signedBy, $signedAt, $signatureMeaning] }

    public init() {}

    public var isRandomized: Bool { arm != nil }

    public var auditSnapshot: AuditSnapshot {
        var fields: AuditSnapshot = [
            "participantID": participantID, "siteCode": siteCode, "siteSequence": String(siteSequence),
            "screeningID": screeningID.uuidString.lowercased(), "enrolledOn": enrolledOn,
        ]
        fields["stratum"] = stratum
        fields["arm"] = arm
        fields["randomizedOn"] = randomizedOn
        fields["randomizedAt"] = randomizedAt
        fields["allocationNumber"] = allocationNumber.map(String.init)
        fields["lockedBy"] = lockedBy
        fields["signedBy"] = signedBy
        fields["signedAt"] = signedAt
        fields["signatureMeaning"] = signatureMeaning
        return fields
    }
}

/// The randomization set-up made when the study is activated: the scheme, and the seed from which the
/// permuted-block lists (or minimization draws) are regenerated. Only the statistician may read the seed.
public final class RandomizationSetupRecord: Model, @unchecked Sendable {
    public static let schema = "randomization_setups"

    @ID(key: .id) public var id: UUID?
    @Field(key: "list_version") public var listVersion: Int
    @Field(key: "scheme") public var scheme: String
    @Field(key: "seed_hex") public var seedHex: String
    /// SHA-256 over the generated lists (stratum, slot, arm), published in the audit trail at activation
    /// so that a later change of any slot is evident without revealing the lists.
    @Field(key: "lists_sha256") public var listsSHA256: String
    @Field(key: "created_at") public var createdAt: String
    /// The length each stratum's list was generated to (the target enrollment at activation, then each
    /// extension's length); `randomization verify` regenerates the lists to it. Nil for minimization.
    @OptionalField(key: "list_length") public var listLength: Int?

    public init() {}
}

/// Records the length the permuted-block lists were generated to; a database of an earlier binary gets the
/// target enrollment of its installed study, the length its lists were activated with.
struct AddAllocationListLength: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(RandomizationSetupRecord.schema).field("list_length", .int).update()
        guard let first = try await StudyVersionRecord.query(on: database).sort(\.$ordinal).first() else { return }
        let study = try StudyDefinitionFile.parse(yaml: first.definitionYAML, source: "stored study version \(first.version)")
        for setup in try await RandomizationSetupRecord.query(on: database).filter(\.$scheme == "permutedBlocks").all() {
            setup.listLength = study.targetEnrollment
            try await setup.update(on: database)
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema(RandomizationSetupRecord.schema).deleteField("list_length").update()
    }
}

/// One slot of a stratum's permuted-block list. Slots are consumed strictly in order; a slot, once given
/// to a participant, is never given again (unique index on the participant).
public final class AllocationSlotRecord: Model, @unchecked Sendable {
    public static let schema = "allocation_slots"

    @ID(key: .id) public var id: UUID?
    @Field(key: "list_version") public var listVersion: Int
    @Field(key: "stratum") public var stratum: String
    @Field(key: "slot_number") public var slotNumber: Int
    @Field(key: "block_number") public var blockNumber: Int
    @Field(key: "block_size") public var blockSize: Int
    @Field(key: "arm") public var arm: String
    @OptionalField(key: "participant_id") public var participantID: String?
    @OptionalField(key: "assigned_at") public var assignedAt: String?

    /// The fields above, listed: Fluent otherwise finds them by reflection on every query, row and save, and
    /// this model is read and written on every save (`ModelFieldListTests` holds the list to what reflection finds).
    public var properties: [any AnyProperty] { [$id, $listVersion, $stratum, $slotNumber, $blockNumber, $blockSize, $arm, $participantID, $assignedAt] }

    public init() {}
}
