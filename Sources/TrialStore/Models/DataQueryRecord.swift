import FluentKit
import Foundation
import TrialCore

/// A query on one field of a participant's data, with its whole conversation in the audit trail.
public final class DataQueryRecord: Model, AuditedRecord, @unchecked Sendable {
    public static let schema = "data_queries"
    public static let auditEntityType = "query"

    @ID(key: .id) public var id: UUID?
    @Field(key: "participant_id") public var participantID: String
    @Field(key: "site_code") public var siteCode: String
    @OptionalField(key: "form_id") public var formID: String?
    @Field(key: "field") public var field: String
    @Field(key: "text") public var text: String
    /// `manual`, or the automatic source: an edit check id (`EC03`) or `form-rule`.
    @Field(key: "origin") public var origin: String
    @Field(key: "status") public var status: String
    @Field(key: "opened_by") public var openedBy: String
    @Field(key: "opened_at") public var openedAt: String
    @OptionalField(key: "answer") public var answer: String?
    @OptionalField(key: "answered_by") public var answeredBy: String?
    /// An automatic query's rule message (code and values, JSON), so a page phrases `text` in its language.
    /// Data of the text, not a second text: it is not in the audit snapshot, `text` is.
    @OptionalField(key: "text_rule_json") public var textRuleJSON: String?

    /// The fields above, listed: Fluent otherwise finds them by reflection on every query, row and save, and
    /// this model is read and written on every save (`ModelFieldListTests` holds the list to what reflection finds).
    public var properties: [any AnyProperty] { [$id, $participantID, $siteCode, $formID, $field, $text, $origin, $status, $openedBy, $openedAt, $answer, $answeredBy, $textRuleJSON] }

    public init() {}

    /// The rule that wrote `text`, when an automatic query kept it.
    public var textRule: RuleMessage? {
        guard let json = textRuleJSON, let data = json.data(using: .utf8) else { return nil }
        return try? JSONDecoder().decode(RuleMessage.self, from: data)
    }

    /// The stored status; nil when the row holds a word TrialDesk never writes (changed outside the
    /// application: `audit verify` names it). It is never guessed.
    public var queryStatus: DataQueryStatus? { DataQueryStatus(rawValue: status) }

    /// The status, or a clear refusal when the stored one is unknown.
    public func knownStatus() throws -> DataQueryStatus {
        guard let known = queryStatus else {
            throw StoreError.conflict(RuleMessage("store.queryStatusUnknown", "the query's stored status '{status}' is not one TrialDesk writes: the record was changed outside the application (run trialdesk audit verify)",
                                                  ["status": String(status.prefix(40))]))
        }
        return known
    }

    public var auditSnapshot: AuditSnapshot {
        var fields: AuditSnapshot = [
            "participantID": participantID, "siteCode": siteCode, "field": field, "text": text, "origin": origin,
            "status": status, "openedBy": openedBy, "openedAt": openedAt,
        ]
        fields["formID"] = formID
        fields["answer"] = answer
        fields["answeredBy"] = answeredBy
        return fields
    }
}

/// Automatic queries keep their rule's code and values beside the English text.
struct AddQueryTextRule: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(DataQueryRecord.schema).field("text_rule_json", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(DataQueryRecord.schema).deleteField("text_rule_json").update()
    }
}

struct CreateDataQueries: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(DataQueryRecord.schema)
            .id()
            .field("participant_id", .string, .required)
            .field("site_code", .string, .required)
            .field("form_id", .string)
            .field("field", .string, .required)
            .field("text", .string, .required)
            .field("origin", .string, .required)
            .field("status", .string, .required)
            .field("opened_by", .string, .required)
            .field("opened_at", .string, .required)
            .field("answer", .string)
            .field("answered_by", .string)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(DataQueryRecord.schema).delete()
    }
}
