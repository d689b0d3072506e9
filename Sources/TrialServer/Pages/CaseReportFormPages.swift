import Foundation
import TrialCore
import TrialStore
import Vapor

/// Every case report form as a page: new, saved (read by every reader, corrected by the site with a
/// reason), the live check while typing (hard errors, soft warnings and the computed RECIST/PERCIST
/// response, all from TrialCore), and the form's SDV and lock controls.
struct CaseReportFormPages: RouteCollection {
    static let siteStaff = CaseReportController.siteStaff
    static let readers = ParticipantController.readers

    struct FormStatus: Encodable {
        var createdAt: String
        var version: String
        var verified: String?
        var locked: String?
        var casebookLocked: Bool
        var canVerify: Bool
        var canLock: Bool
        var canUnlock: Bool
        var verifyURL: String
        var lockURL: String
        var unlockURL: String
        var auditURL: String?
    }

    struct FormPage: Encodable {
        var participantID: String
        var casebookURL: String
        var heading: String
        var action: String
        var previewURL: String?
        var editable: Bool
        var isCorrection: Bool
        var version: String
        var reason: String
        var reasonError: String?
        var generalErrors: [String]
        var groups: [FormGroupView]
        var status: FormStatus?
        var scores: [ResponseLine]
        var computed: [ResponseLine]
        var queries: [QueryRow]
        var canRaise: Bool
        var formID: String
        var returnTo: String
        var terms: [TermOption]
        /// The form's field paths, offered when a query is raised on one of them.
        var fieldPaths: [String]
        var raiseQueryURL: String
    }

    /// A CTCAE term offered while typing an adverse event: the value stored and, on a Chinese page, its name.
    struct TermOption: Encodable {
        var value: String
        var label: String
    }

    struct PreviewAnswer: Content {
        var errors: [FieldError]
        var warnings: [FieldError]
        var response: [ResponseLine]
    }

    func boot(routes: any RoutesBuilder) throws {
        let (participant, form, formID) = (SiteURL.participantID, SiteURL.formKind, SiteURL.formID)
        routes.on(.GET, SiteURL.newForm(participant, form), access: Self.siteStaff, docs: .page("A new case report form"), use: newForm)
        routes.on(.POST, SiteURL.forms(participant, form), access: Self.siteStaff,
                  docs: .page("Save a case report form; a refusal shows the form again with each error at its field", form: ["(the form's fields)"], status: .seeOther),
                  use: save)
        routes.on(.POST, SiteURL.formPreview(participant, form), access: Self.siteStaff,
                  docs: RouteDocumentation("Check a form being typed: its errors, soft warnings and (tumour assessments) the computed response; nothing is saved",
                                           request: .form(["(the form's fields)", "formID"]), response: .json(PreviewAnswer(errors: [], warnings: [], response: []))),
                  use: preview)
        routes.on(.GET, SiteURL.form(participant, form, formID), access: Self.readers,
                  docs: .page("A saved case report form with its queries, SDV, lock and audit history"), use: show)
        routes.on(.POST, SiteURL.form(participant, form, formID), access: Self.siteStaff,
                  docs: .page("Correct a saved form (reason and version required)", form: ["(the form's fields)", "reason", "version"], status: .seeOther),
                  use: correct)
        for control in RecordControlService.FormControl.allCases {
            routes.on(.POST, SiteURL.formControl(participant, form, formID, control.rawValue), access: Self.policy(for: control),
                      docs: .page("\(control.rawValue.capitalized) a form", form: ["reason"], status: .seeOther)) { req in
                try await controlForm(req, control)
            }
        }
    }

    /// Source data verification is the monitor's; locking and unlocking the data manager's (`RecordControl`).
    static func policy(for control: RecordControlService.FormControl) -> AccessPolicy {
        control == .verify ? .roles(.monitor) : .roles(.dataManager)
    }

    func newForm(_ req: Request) async throws -> Response {
        let (participant, casebook, kind) = try await Self.load(req)
        return try await Self.render(req, participant, casebook, kind, record: nil, values: nil, errors: [], reason: "", status: .ok)
    }

    func save(_ req: Request) async throws -> Response {
        let user = try req.requireUser()
        let (participant, casebook, kind) = try await Self.load(req)
        let layout = CaseReportFormLayout.of(kind, study: req.trialContext.study, casebook: casebook)
        let submission = try CaseReportFormSubmission(try PostedForm(req), layout: layout, texts: req.texts)
        var errors = submission.inputErrors
        var status = HTTPResponseStatus.unprocessableEntity
        if errors.isEmpty {
            do {
                let entry = try CaseReportEntry.decode(kind: kind, json: submission.jsonData)
                let outcome = try await req.caseReports.save(entry, participantID: participant.participantID, by: user.auditActor)
                let notice = PageNotice.afterSave(correction: false, raisedQueries: !(outcome.softFindings.isEmpty && outcome.newFindings.isEmpty))
                return req.redirect(to: SiteURL.form(participant.participantID, kind.rawValue, outcome.id.uuidString.lowercased()), notice: notice)
            } catch {
                (errors, status) = try Self.refusal(error, submission: submission)
            }
        }
        return try await Self.render(req, participant, casebook, kind, record: nil, values: submission.shown, errors: errors, reason: "", status: status)
    }

    func preview(_ req: Request) async throws -> PreviewAnswer {
        let (participant, casebook, kind) = try await Self.load(req)
        var answer = try await Self.preview(req, participantID: participant.participantID, casebook: casebook, kind: kind)
        // The page's script shows these as they are: phrase them in the page language here.
        answer.errors = answer.errors.map(req.texts.translated)
        answer.warnings = answer.warnings.map(req.texts.translated)
        return answer
    }

    func show(_ req: Request) async throws -> Response {
        let (participant, casebook, kind) = try await Self.load(req)
        let record = try await Self.loadRecord(req, participant: participant, kind: kind)
        return try await Self.render(req, participant, casebook, kind, record: record, values: nil, errors: [], reason: "", status: .ok)
    }

    func correct(_ req: Request) async throws -> Response {
        let user = try req.requireUser()
        let (participant, casebook, kind) = try await Self.load(req)
        let record = try await Self.loadRecord(req, participant: participant, kind: kind)
        let layout = CaseReportFormLayout.of(kind, study: req.trialContext.study, casebook: casebook)
        let posted = try PostedForm(req)
        let submission = try CaseReportFormSubmission(posted, layout: layout, texts: req.texts)
        var errors = submission.inputErrors
        var status = HTTPResponseStatus.unprocessableEntity
        if errors.isEmpty {
            do {
                let entry = try CaseReportEntry.decode(kind: kind, json: submission.jsonData)
                let outcome = try await req.caseReports.correct(
                    formID: try record.requireID(), participantID: participant.participantID, entry, reason: posted.value("reason"),
                    expectedVersion: posted.value("version").flatMap(Int64.init), by: user.auditActor)
                let notice = PageNotice.afterSave(correction: true, raisedQueries: !(outcome.softFindings.isEmpty && outcome.newFindings.isEmpty))
                return req.redirect(to: SiteURL.form(participant.participantID, kind.rawValue, record.auditEntityID), notice: notice)
            } catch {
                (errors, status) = try Self.refusal(error, submission: submission)
            }
        }
        return try await Self.render(req, participant, casebook, kind, record: record, values: submission.shown, errors: errors,
                                     reason: posted.value("reason") ?? "", status: status)
    }

    func controlForm(_ req: Request, _ control: RecordControlService.FormControl) async throws -> Response {
        let user = try req.requireUser()
        let participant = try await req.participantFromPath()
        let kind = try Self.kind(req)
        let record = try await Self.loadRecord(req, participant: participant, kind: kind)
        let page = SiteURL.form(participant.participantID, kind.rawValue, record.auditEntityID)
        let notice: PageNotice = switch control {
        case .verify: .formVerified
        case .lock: .formLocked
        case .unlock: .formUnlocked
        }
        return try await req.showingRefusals(on: page) {
            try await RecordControlService(store: req.store).control(control, formID: try record.requireID(), participantID: participant.participantID,
                                                                     reason: try PostedForm(req).value("reason"), role: user.role, by: user.auditActor)
            return req.redirect(to: page, notice: notice)
        }
    }

    // MARK: Loading

    static func kind(_ req: Request) throws -> CaseReportForm {
        guard let text = req.parameters.get("form"), let kind = CaseReportForm(rawValue: text), CaseReportEntry.recordedKinds.contains(kind) else {
            throw Abort(.notFound, reason: "no such form")
        }
        return kind
    }

    static func load(_ req: Request) async throws -> (ParticipantRecord, Casebook, CaseReportForm) {
        let participant = try await req.participantFromPath()
        let kind = try kind(req)
        let (_, casebook) = try await req.caseReports.casebook(participantID: participant.participantID)
        return (participant, casebook, kind)
    }

    static func loadRecord(_ req: Request, participant: ParticipantRecord, kind: CaseReportForm) async throws -> CaseReportFormRecord {
        guard let id = req.parameters.get("formID", as: UUID.self) else { throw Abort(.notFound, reason: "no such form for this participant") }
        return try await req.scopedRecords().form(id: id, of: participant, kind: kind)
    }

    /// A refused save as errors at their fields (moved to the rows the site typed them in) and the status.
    static func refusal(_ error: any Error, submission: CaseReportFormSubmission) throws -> ([FieldError], HTTPResponseStatus) {
        guard case let (status, errors)? = TrialErrorMiddleware.refusal(error) else { throw error }
        return (errors.map { $0.moved(to: submission.fieldOnPage($0.field)) }, status)
    }

    // MARK: Live check

    static func preview(_ req: Request, participantID: String, casebook: Casebook, kind: CaseReportForm) async throws -> PreviewAnswer {
        let texts = req.texts
        let study = req.trialContext.study
        let layout = CaseReportFormLayout.of(kind, study: study, casebook: casebook)
        let posted = try PostedForm(req)
        let submission = try CaseReportFormSubmission(posted, layout: layout, texts: texts)
        let onPage = { (errors: [FieldError]) in errors.map { $0.moved(to: submission.fieldOnPage($0.field)) } }
        if !submission.inputErrors.isEmpty {
            return PreviewAnswer(errors: submission.inputErrors, warnings: [], response: [])
        }
        let entry: CaseReportEntry
        do {
            entry = try CaseReportEntry.decode(kind: kind, json: submission.jsonData)
        } catch let failure as ValidationFailure {
            return PreviewAnswer(errors: onPage(failure.errors), warnings: [], response: [])
        }
        let formID = posted.value("formID").flatMap(UUID.init(uuidString:))?.uuidString.lowercased()
        let recordID = formID ?? "new"
        // The save's own checks, without the write.
        let result = try await req.caseReports.check(entry, participantID: participantID, formID: formID)
        let findings = result.newFindings.map { finding in
            finding.rule.map { FieldError(field: finding.field, $0) } ?? FieldError(field: finding.field, message: finding.message)
        }
        var answer = PreviewAnswer(errors: onPage(result.errors), warnings: onPage(result.softFindings + findings), response: [])
        if case .tumourAssessment(let assessment) = entry {
            guard let baseline = casebook.baseline?.form else {
                answer.response = [ResponseLine(label: texts["response.title"], value: texts["response.noBaseline"])]
                return answer
            }
            var assessments = casebook.assessments.filter { $0.id != recordID }
            assessments.append(RecordedForm(id: recordID, form: assessment))
            do {
                if let computed = try AssessmentResponses.response(baseline: baseline, assessments: assessments, asOf: assessment.date) {
                    answer.response = responseLines(computed, texts: texts)
                }
            } catch let failure as ValidationFailure {
                let prefix = "assessments[\(recordID)]."
                answer.errors += onPage(failure.errors.map { error in
                    error.field.hasPrefix(prefix) ? error.moved(to: String(error.field.dropFirst(prefix.count))) : error
                })
            }
            // Any other error is not the site's input: it goes to the log and the general error answer, and its
            // internal text never reaches the page.
        }
        return answer
    }

    static func responseLines(_ response: ComputedTimepointResponse, texts: PageText) -> [ResponseLine] {
        var lines = [ResponseLine(label: texts["response.criterion"], value: texts["option.criterion.\(response.criterion.rawValue)"])]
        if let recist = response.recist {
            let label = { (code: RecistResponse) in "\(code.rawValue) · \(texts["option.recist.\(code.rawValue)"])" }
            lines.append(ResponseLine(label: texts["response.recistOverall"], value: label(recist.overall)))
            lines.append(ResponseLine(label: texts["response.recistTarget"], value: label(recist.target)))
            lines.append(ResponseLine(label: texts["response.recistNonTarget"], value: label(recist.nonTarget)))
            if let sum = recist.sum { lines.append(ResponseLine(label: texts["response.sum"], value: "\(sum) mm")) }
            if let nadir = recist.nadir { lines.append(ResponseLine(label: texts["response.nadir"], value: "\(nadir) mm")) }
            if let change = recist.changeFromBaselinePct { lines.append(ResponseLine(label: texts["response.changeFromBaseline"], value: "\(change) %")) }
            if let change = recist.changeFromNadirPct { lines.append(ResponseLine(label: texts["response.changeFromNadir"], value: "\(change) %")) }
        }
        if let percist = response.percist {
            lines.append(ResponseLine(label: texts["response.percist"], value: "\(percist.response.rawValue) · \(texts["option.percist.\(percist.response.rawValue)"])"))
            if let peak = percist.peak { lines.append(ResponseLine(label: texts["response.peak"], value: "\(peak)")) }
            if let change = percist.changePct { lines.append(ResponseLine(label: texts["response.peakChange"], value: "\(change) %")) }
        }
        return lines
    }

    // MARK: Rendering

    static func render(_ req: Request, _ participant: ParticipantRecord, _ casebook: Casebook, _ kind: CaseReportForm,
                       record: CaseReportFormRecord?, values: CaseReportFormValues?, errors: [FieldError], reason: String,
                       status: HTTPResponseStatus) async throws -> Response {
        let user = try req.requireUser()
        let texts = req.texts
        let study = req.trialContext.study
        let layout = CaseReportFormLayout.of(kind, study: study, casebook: casebook)
        let shown = values ?? record.map { CaseReportFormValues(storedJSON: $0.payloadJSON, layout: layout) } ?? CaseReportFormValues()
        var byField: [String: String] = [:]
        for error in errors where byField[error.field] == nil { byField[error.field] = texts.message(error) }
        let groups = CaseReportFormView.groups(layout: layout, values: shown, errors: byField, texts: texts,
                                               history: lesionHistory(kind, casebook: casebook, excluding: record?.auditEntityID, texts: texts),
                                               blankRowsForNew: values == nil && record == nil)
        var shownNames = Set<String>()
        for group in groups {
            for field in group.fields { shownNames.insert(field.path) }
            for row in group.rows { for cell in row.cells where cell.type != "hidden" { shownNames.insert(cell.path) } }
        }
        let general = errors.filter { !shownNames.contains($0.field) && $0.field != "reason" }.map(texts.labelled)
        let pid = participant.participantID
        let editable = siteStaff.allows(user.role) && participant.lockedBy == nil && record?.lockedBy == nil
        var formStatus: FormStatus?
        var scores: [ResponseLine] = []
        var computed: [ResponseLine] = []
        var queries: [QueryRow] = []
        var version = ""
        if let record {
            version = String(try await req.store.version(of: record))
            formStatus = FormStatus(
                createdAt: texts.instant(record.createdAt), version: version,
                verified: record.verifiedBy.map { "\($0) · \(texts.instant(record.verifiedAt))" }, locked: record.lockedBy,
                casebookLocked: participant.lockedBy != nil,
                canVerify: RecordControl.mayVerifySource(user.role), canLock: RecordControl.mayLock(user.role) && record.lockedBy == nil,
                canUnlock: RecordControl.mayLock(user.role) && record.lockedBy != nil, verifyURL: SiteURL.formControl(pid, kind.rawValue, record.auditEntityID, RecordControlService.FormControl.verify.rawValue).path,
                lockURL: SiteURL.formControl(pid, kind.rawValue, record.auditEntityID, RecordControlService.FormControl.lock.rawValue).path,
                unlockURL: SiteURL.formControl(pid, kind.rawValue, record.auditEntityID, RecordControlService.FormControl.unlock.rawValue).path,
                auditURL: AuditController.readers.allows(user.role) ? SiteURL.auditOf(entityType: "case-report-form", entityID: record.auditEntityID).path : nil)
            if let entry = try? record.entry() {
                if case .qualityOfLife(let questionnaire) = entry {
                    let scored = questionnaire.scores
                    scores = QlqC30Scale.allCases.map { scale in
                        ResponseLine(label: "\(scale.abbreviation) · \(texts["qlq.scale.\(scale.abbreviation)"])",
                                     value: scored[scale].map { String(format: "%.1f", $0) } ?? texts["qlq.notScored"])
                    }
                    scores.append(ResponseLine(label: texts["qlq.summary"], value: scored.summaryScore.map { String(format: "%.1f", $0) } ?? texts["qlq.notScored"]))
                }
            }
            if kind == .tumourAssessment, let response = AssessmentResponses.storedResponses(for: casebook)[record.auditEntityID] {
                computed = responseLines(response, texts: texts)
            }
            let records = try await req.scopedRecords().queries(participant: participant.participantID, formID: record.auditEntityID)
            queries = try await QueryRow.rows(records, role: user.role, texts: texts, study: req.trialContext.study, returnTo: req.url.path, reading: try req.scopedRecords())
        }
        let page = FormPage(
            participantID: pid, casebookURL: SiteURL.participant(pid).path,
            heading: texts["form.\(kind.rawValue)"],
            action: (record.map { SiteURL.form(pid, kind.rawValue, $0.auditEntityID) } ?? SiteURL.forms(pid, kind.rawValue)).path,
            previewURL: editable ? SiteURL.formPreview(pid, kind.rawValue).path : nil, editable: editable, isCorrection: record != nil, version: version,
            reason: reason, reasonError: byField["reason"], generalErrors: general, groups: groups, status: formStatus,
            scores: scores, computed: computed, queries: queries, canRaise: DataQueryLifecycle.canRaise(user.role) && record != nil,
            formID: record?.auditEntityID ?? "", returnTo: req.url.path,
            terms: kind == .adverseEvents && editable ? req.trialContext.ctcae.terms.map { term in
                // The value typed is the English CTCAE term; a Chinese page offers the Chinese name beside it.
                TermOption(value: term.term, label: texts.language == .english ? "" : term.zh ?? "")
            } : [],
            fieldPaths: record != nil && DataQueryLifecycle.canRaise(user.role) ? shownNames.sorted() : [],
            raiseQueryURL: SiteURL.participantQueries(pid).path)
        return try await req.renderPage("form", title: "\(texts["form.\(kind.rawValue)"]) · \(pid)", page, status: status)
    }

    /// The table of lesions by visit: each lesion's baseline size and its readings at the other assessments.
    private static func lesionHistory(_ kind: CaseReportForm, casebook: Casebook, excluding id: String?, texts: PageText) -> [String: LesionHistory] {
        guard kind == .tumourAssessment, let baseline = casebook.baseline?.form else { return [:] }
        let others = casebook.assessmentsByDate.filter { $0.id != id }
        let headers = ["\(texts["form.baselineColumn"]) \(texts.date(baseline.assessmentDate))"] + others.map { texts.date($0.form.date) }
        var targets: [String: [String]] = [:]
        for lesion in baseline.targetLesions {
            targets[lesion.id] = ["\(lesion.sizeMm) mm"] + others.map { assessment in
                guard let reading = assessment.form.targets.first(where: { $0.id == lesion.id }) else { return "–" }
                return reading.mm.map { "\($0) mm" } ?? texts["form.notAssessed"]
            }
        }
        var nonTargets: [String: [String]] = [:]
        for lesion in baseline.nonTargetLesions {
            nonTargets[lesion.id] = [texts["option.nonTargetStatus.present"]] + others.map { assessment in
                assessment.form.nonTargets.first { $0.id == lesion.id }.map { texts["option.nonTargetStatus.\($0.status.rawValue)"] } ?? "–"
            }
        }
        return ["targets": LesionHistory(headers: headers, cells: targets), "nonTargets": LesionHistory(headers: headers, cells: nonTargets)]
    }
}

