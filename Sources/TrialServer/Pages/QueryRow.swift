import Foundation
import TrialCore
import TrialStore
import Vapor

/// A query as the inbox, the casebook and a form page list it, with the steps the user's role may take.
struct QueryRow: Encodable {
    var id: String
    var participantID: String
    var participantURL: String
    var formURL: String?
    var formLabel: String?
    /// The field as the form names it in the page language ("Lesions 2 · D90 (Gy)"); its JSON path beside it.
    var field: String
    var fieldPath: String
    var text: String
    var origin: String
    var status: String
    var statusCode: String
    var openedBy: String
    var openedAt: String
    var answer: String?
    var answeredBy: String?
    var canAnswer: Bool
    var canClose: Bool
    var canReopen: Bool
    var answerURL: String
    var closeURL: String
    var reopenURL: String
    var returnTo: String

    /// Rows for `records`; `returnTo` is the page the action forms come back to.
    static func rows(_ records: [DataQueryRecord], role: Role, texts: PageText, study: StudyDefinition, returnTo: String,
                     reading scoped: SiteScopedRecords) async throws -> [QueryRow] {
        let formIDs = Set(records.compactMap { $0.formID.flatMap(UUID.init(uuidString:)) })
        var forms: [String: CaseReportFormRecord] = [:]
        for form in try await scoped.forms(ids: formIDs) { forms[form.auditEntityID] = form }
        // One layout per form kind (an empty casebook's layout depends on the kind and the study only), not one
        // per query: building a layout was most of a query list's time.
        var layouts: [CaseReportForm: CaseReportFormLayout] = [:]
        func layout(_ kind: CaseReportForm, _ participantID: String) -> CaseReportFormLayout {
            if let known = layouts[kind] { return known }
            let made = CaseReportFormLayout.of(kind, study: study, casebook: Casebook(participantId: participantID))
            layouts[kind] = made
            return made
        }
        // The steps a role may take depend on the status alone: asked once per status, not three times per row.
        var steps: [DataQueryStatus: (answer: Bool, close: Bool, reopen: Bool)] = [:]
        func allowed(_ status: DataQueryStatus?) -> (answer: Bool, close: Bool, reopen: Bool) {
            guard let status else { return (false, false, false) }
            if let known = steps[status] { return known }
            let made = (DataQueryLifecycle.transition(from: status, .answer, by: role, text: "x").isSuccess,
                        DataQueryLifecycle.transition(from: status, .close, by: role, text: "x").isSuccess,
                        DataQueryLifecycle.transition(from: status, .reopen, by: role, text: "x").isSuccess)
            steps[status] = made
            return made
        }
        return try records.map { record -> QueryRow in
            let status = record.queryStatus
            let may = allowed(status)
            let form = record.formID.flatMap { forms[$0.lowercased()] }
            let id = try record.requireID().uuidString.lowercased()
            return QueryRow(
                id: id, participantID: record.participantID, participantURL: SiteURL.participant(record.participantID).path,
                formURL: form.map { SiteURL.form(record.participantID, $0.form, $0.auditEntityID).path },
                formLabel: form.map { texts["form.\($0.form)"] },
                field: form.flatMap { CaseReportForm(rawValue: $0.form) }
                    .flatMap { layout($0, record.participantID).fieldLabel(ofPath: record.field, texts: texts) }
                    ?? record.field,
                fieldPath: record.field, text: texts.message(rule: record.textRule, english: record.text),
                // An automatic query's edit check keeps its id (EC03); manual and form-rule queries are named.
                origin: texts.catalogue.texts["query.origin.\(record.origin)"] ?? record.origin,
                // An unknown stored status is shown as stored, never as "open".
                status: status.map { texts["query.status.\($0.rawValue)"] } ?? record.status, statusCode: status?.rawValue ?? record.status,
                openedBy: record.openedBy, openedAt: texts.instant(record.openedAt), answer: record.answer, answeredBy: record.answeredBy,
                canAnswer: may.answer, canClose: may.close, canReopen: may.reopen,
                answerURL: SiteURL.queryAction(id, .answer).path, closeURL: SiteURL.queryAction(id, .close).path,
                reopenURL: SiteURL.queryAction(id, .reopen).path, returnTo: returnTo)
        }
    }
}

extension Result {
    var isSuccess: Bool {
        if case .success = self { return true }
        return false
    }
}
