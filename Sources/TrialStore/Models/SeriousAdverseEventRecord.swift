import FluentKit
import Foundation
import TrialCore

/// The adverse event forms that report a serious event (`AdverseEventRecord.isSerious`), kept in the same
/// transaction as each adverse event save or correction: the alert list reads these few forms instead of
/// decoding every adverse event of the trial on every dashboard. Derived, like the planned visits: nothing
/// here that the audited forms do not determine.
final class SeriousAdverseEventRecord: Model, @unchecked Sendable {
    static let schema = "serious_adverse_events"

    @ID(custom: "form_id", generatedBy: .user) var id: UUID?
    @Field(key: "participant_id") var participantID: String
    @Field(key: "site_code") var siteCode: String

    init() {}

    /// Records whether the form `formID` reports a serious event, inside the caller's transaction.
    /// `newForm`: the form was created in this write, so it has no row to remove yet.
    static func refresh(formID: UUID, participantID: String, siteCode: String, entry: CaseReportEntry, newForm: Bool = false,
                        on database: any Database) async throws {
        guard case .adverseEvent(let event) = entry else { return }
        if !newForm { try await SeriousAdverseEventRecord.query(on: database).filter(\.$id == formID).delete() }
        guard event.isSerious else { return }
        let row = SeriousAdverseEventRecord()
        row.id = formID
        row.participantID = participantID
        row.siteCode = siteCode
        try await row.create(on: database)
    }
}

struct CreateSeriousAdverseEvents: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(SeriousAdverseEventRecord.schema)
            .field("form_id", .uuid, .identifier(auto: false))
            .field("participant_id", .string, .required)
            .field("site_code", .string, .required)
            .create()
        // The serious events already reported in a database that holds a trial.
        for record in try await CaseReportFormRecord.query(on: database).filter(\.$form == CaseReportForm.adverseEvents.rawValue).all() {
            try await SeriousAdverseEventRecord.refresh(formID: try record.requireID(), participantID: record.participantID,
                                                        siteCode: record.siteCode, entry: try record.entry(), on: database)
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema(SeriousAdverseEventRecord.schema).delete()
    }
}
