import Foundation
import TrialCore
import TrialStore
import Vapor

/// The screening log, the eligibility checklist (from the study definition's fields and criteria),
/// consent and enrollment.
struct ScreeningPages: RouteCollection {
    struct LogRow: Encodable {
        var number: String
        var url: String
        var site: String
        var date: String
        var verdict: String
        var verdictCode: String
        var consent: String?
        var participantID: String?
        var participantURL: String?
    }

    struct LogPage: Encodable {
        var canScreen: Bool
        var rows: [LogRow]
        var pager: Pager
    }

    struct CriterionInput: Encodable {
        var id: String
        var kind: String
        var text: String
        var name: String
        var htmlID: String
        /// yesno, number, or derived (answered by a recorded value)
        var type: String
        var yes: Bool
        var no: Bool
        var value: String
        var unit: String?
        var derivedFrom: String?
        var error: String?
    }

    struct ChecklistPage: Encodable {
        var sites: [FormOptionView]
        var screeningDate: String
        var dateError: String?
        var siteError: String?
        var fields: [FormFieldView]
        var criteria: [CriterionInput]
        var generalErrors: [String]
        var action: String
        var isCorrection: Bool
        var version: String
        var reason: String
        var reasonError: String?
    }

    struct CriterionResult: Encodable {
        var id: String
        var text: String
        var status: String
        var statusCode: String
        var reason: String?
    }

    struct ScreeningPage: Encodable {
        var id: String
        var number: String
        var site: String
        var date: String
        var verdict: String
        var verdictCode: String
        var values: [ResponseLine]
        var criteria: [CriterionResult]
        var consent: [ResponseLine]
        var canConsent: Bool
        var consentFields: [FormFieldView]
        var canEnroll: Bool
        var enrollErrors: [String]
        var participantURL: String?
        var auditURL: String?
        var correctURL: String?
        var consentURL: String
        var enrollURL: String
    }

    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, SiteURL.screenings, access: ScreeningController.readers, docs: .page("The screening log"), use: ReadAnswerCache.keeping(log))
        routes.on(.GET, SiteURL.newScreening, access: ScreeningController.siteStaff,
                  docs: .page("The eligibility checklist of a new patient"), use: newChecklist)
        routes.on(.GET, SiteURL.screeningCorrection(SiteURL.screeningID), access: ScreeningController.siteStaff,
                  docs: .page("Correct a screening entry: the checklist as saved, with a reason to give"), use: correctionChecklist)
        routes.on(.POST, SiteURL.screening(SiteURL.screeningID), access: ScreeningController.siteStaff,
                  docs: .page("Save a corrected screening entry (reason and version required)",
                              form: ["siteCode", "screeningDate", "values.<field>", "answers.<criterion>", "reason", "version"], status: .seeOther),
                  use: saveCorrection)
        routes.on(.POST, SiteURL.screenings, access: ScreeningController.siteStaff,
                  docs: .page("Record a screened patient; a refusal shows the checklist again with each error at its field",
                              form: ["siteCode", "screeningDate", "values.<field>", "answers.<criterion>"], status: .seeOther),
                  use: screen)
        routes.on(.GET, SiteURL.screening(SiteURL.screeningID), access: ScreeningController.readers,
                  docs: .page("One screening entry: eligibility, consent, enrollment"), use: show)
        routes.on(.POST, SiteURL.screeningConsent(SiteURL.screeningID), access: ScreeningController.siteStaff,
                  docs: .page("Record informed consent", form: ["date", "formVersion", "obtainedBy"], status: .seeOther), use: recordConsent)
        routes.on(.POST, SiteURL.screeningEnrollment(SiteURL.screeningID), access: ScreeningController.siteStaff,
                  docs: .page("Enroll an eligible, consented patient as a participant", form: [], status: .seeOther), use: enroll)
    }

    func log(_ req: Request) async throws -> View {
        let user = try req.requireUser()
        let texts = req.texts
        let screen = try req.listScreen()
        let total = try await req.scopedRecords().screeningCount()
        let rows = try await req.scopedRecords().screenings(page: screen).map { record in
            LogRow(number: record.screeningNumber, url: SiteURL.screening(record.auditEntityID).path, site: record.siteCode,
                   date: texts.date(record.screeningDate), verdict: texts["screening.verdict.\(record.verdict)"], verdictCode: record.verdict,
                   consent: record.consentDate.map { texts.date($0) }, participantID: record.participantID,
                   participantURL: record.participantID.map { SiteURL.participant($0).path })
        }
        return try await req.renderPage("screenings", title: texts["page.screening"],
                                        LogPage(canScreen: ScreeningController.siteStaff.allows(user.role), rows: rows,
                                                pager: Pager(req, page: screen, shown: rows.count, total: total, texts: texts)))
    }

    func newChecklist(_ req: Request) async throws -> Response {
        try await checklist(req, posted: nil, errors: [], status: .ok)
    }

    func correctionChecklist(_ req: Request) async throws -> Response {
        let record = try await load(req)
        return try await checklist(req, posted: Self.posted(try req.enrollment.submission(of: record)), errors: [], status: .ok, correcting: record)
    }

    func saveCorrection(_ req: Request) async throws -> Response {
        let user = try req.requireUser()
        let record = try await load(req)
        let posted = try PostedForm(req)
        let (submission, inputErrors) = Self.submission(posted, user: user, study: req.trialContext.study, texts: req.texts)
        guard inputErrors.isEmpty, let submission else {
            return try await checklist(req, posted: posted, errors: inputErrors, status: .unprocessableEntity, correcting: record)
        }
        do {
            _ = try await req.enrollment.correctScreening(id: try record.requireID(), submission, reason: posted.value("reason"),
                                                          expectedVersion: posted.value("version").flatMap { Int64($0) }, by: user.auditActor)
        } catch {
            guard case let (status, errors)? = TrialErrorMiddleware.refusal(error) else { throw error }
            return try await checklist(req, posted: posted, errors: errors, status: status, correcting: record)
        }
        return req.redirect(to: SiteURL.screening(record.auditEntityID), notice: .screeningCorrected)
    }

    func screen(_ req: Request) async throws -> Response {
        let user = try req.requireUser()
        let posted = try PostedForm(req)
        let (submission, inputErrors) = Self.submission(posted, user: user, study: req.trialContext.study, texts: req.texts)
        guard inputErrors.isEmpty, let submission else {
            return try await checklist(req, posted: posted, errors: inputErrors, status: .unprocessableEntity)
        }
        do {
            try req.requireAccess(toSite: submission.siteCode)
            let record = try await req.enrollment.screen(submission, by: user.auditActor)
            return req.redirect(to: SiteURL.screening(record.auditEntityID), notice: .screened)
        } catch {
            guard case let (status, errors)? = TrialErrorMiddleware.refusal(error) else { throw error }
            return try await checklist(req, posted: posted, errors: errors, status: status)
        }
    }

    func show(_ req: Request) async throws -> Response {
        try await detail(req, consentErrors: [], enrollErrors: [], posted: nil, status: .ok)
    }

    func recordConsent(_ req: Request) async throws -> Response {
        let user = try req.requireUser()
        let record = try await load(req)
        let posted = try PostedForm(req)
        guard let date = posted.value("date").flatMap(CalendarDate.init(iso8601:)) else {
            return try await detail(req, consentErrors: [FieldError(field: "date", message: req.texts["error.date"])], enrollErrors: [], posted: posted, status: .unprocessableEntity)
        }
        do {
            _ = try await req.enrollment.recordConsent(
                screeningID: try record.requireID(),
                ConsentRecord(date: date, formVersion: posted.value("formVersion") ?? "", obtainedBy: posted.value("obtainedBy") ?? ""),
                reason: posted.value("reason"), by: user.auditActor)
        } catch {
            // Every refusal (invalid input, a correction without a reason, a conflict) is shown at the form.
            guard case let (status, errors)? = TrialErrorMiddleware.refusal(error) else { throw error }
            return try await detail(req, consentErrors: errors, enrollErrors: [], posted: posted, status: status)
        }
        return req.redirect(to: SiteURL.screening(record.auditEntityID), notice: .consented)
    }

    func enroll(_ req: Request) async throws -> Response {
        let user = try req.requireUser()
        let record = try await load(req)
        do {
            let participant = try await req.enrollment.enroll(screeningID: try record.requireID(), by: user.auditActor)
            return req.redirect(to: SiteURL.participant(participant.participantID), notice: .enrolled)
        } catch {
            guard case let (status, errors)? = TrialErrorMiddleware.refusal(error) else { throw error }
            return try await detail(req, consentErrors: [], enrollErrors: errors, posted: nil, status: status)
        }
    }

    private func load(_ req: Request) async throws -> ScreeningRecord {
        try await req.screeningFromPath()
    }

    /// The checklist as typed: values by the study's screening fields, answers by criterion.
    static func submission(_ posted: PostedForm, user: CurrentUser, study: StudyDefinition, texts: PageText) -> (ScreeningSubmission?, [FieldError]) {
        var errors: [FieldError] = []
        let site = user.scope.siteForNewRecord(chosen: posted.value("siteCode"))
        if site == nil { errors.append(FieldError(field: "siteCode", message: texts["error.required"])) }
        let date = posted.value("screeningDate").flatMap(CalendarDate.init(iso8601:))
        if date == nil { errors.append(FieldError(field: "screeningDate", message: texts["error.date"])) }
        var values: [String: ScreeningValue] = [:]
        for field in study.screeningFields {
            guard let raw = posted.value("values.\(field.name)") else { continue }
            if field.kind.isNumeric {
                guard let number = Double(raw) else {
                    errors.append(FieldError(field: "values.\(field.name)", message: texts["error.number"]))
                    continue
                }
                values[field.name] = .number(number)
            } else {
                values[field.name] = .category(raw)
            }
        }
        var answers: [String: CriterionAnswer] = [:]
        for criterion in study.eligibility where criterion.sourceField == nil {
            guard let raw = posted.value("answers.\(criterion.id)") else { continue }
            switch criterion.answer {
            case .yesNo:
                // Anything but yes or no is refused: for an exclusion criterion "no" qualifies, so reading an
                // unknown answer as "no" would let a malformed value make a patient eligible.
                guard let answer = CriterionAnswer(yesOrNo: raw) else {
                    errors.append(CriterionAnswer.notYesOrNo(raw, field: "answers.\(criterion.id)"))
                    continue
                }
                answers[criterion.id] = answer
            case .value:
                guard let number = Double(raw) else {
                    errors.append(FieldError(field: "answers.\(criterion.id)", message: texts["error.number"]))
                    continue
                }
                answers[criterion.id] = .value(number)
            }
        }
        guard let date, let site, errors.isEmpty else { return (nil, errors) }
        return (ScreeningSubmission(siteCode: site, screeningDate: date, values: values, answers: answers), [])
    }

    /// A saved checklist as the form posts it, to show it again for a correction.
    static func posted(_ submission: ScreeningSubmission) -> PostedForm {
        var pairs: [(name: String, value: String)] = [("siteCode", submission.siteCode), ("screeningDate", submission.screeningDate.iso8601)]
        for (name, value) in submission.values.sorted(by: { $0.key < $1.key }) { pairs.append(("values.\(name)", value.description)) }
        for (id, answer) in submission.answers.sorted(by: { $0.key < $1.key }) { pairs.append(("answers.\(id)", answer.description)) }
        return PostedForm(pairs: pairs)
    }

    private func checklist(_ req: Request, posted: PostedForm?, errors: [FieldError], status: HTTPResponseStatus,
                           correcting record: ScreeningRecord? = nil) async throws -> Response {
        let user = try req.requireUser()
        let texts = req.texts
        let study = req.trialContext.study
        var byField: [String: String] = [:]
        for error in errors where byField[error.field] == nil { byField[error.field] = texts.message(error) }
        let chosenSite = user.scope.siteForNewRecord(chosen: posted?.value("siteCode"))
        let sites = user.scope.sites(of: study).map {
            FormOptionView(value: $0.code, label: "\($0.code) · \(texts.study($0.name))", id: "site-\($0.code)", selected: $0.code == chosenSite)
        }
        let fields = study.screeningFields.map { field -> FormFieldView in
            let name = "values.\(field.name)"
            let value = posted?.value(name) ?? ""
            let id = CaseReportFormView.htmlID(name)
            var label = texts.study(field.label)
            if let unit = field.unit { label += " (\(texts.unit(unit)))" }
            var view = FormFieldView(name: name, path: name, id: id, label: label, type: field.kind.isNumeric ? "number" : "select", value: value, checked: false,
                                     step: field.kind == .integer ? "1" : "any", min: nil, max: nil, options: [], error: byField[name], list: nil)
            if field.kind == .category {
                view.options = [FormOptionView(value: "", label: texts["form.notGiven"], id: "\(id)-none", selected: value.isEmpty)]
                    + (field.categories ?? []).enumerated().map { FormOptionView(value: $1, label: texts.study(field.label(ofCategory: $1)), id: "\(id)-\($0)", selected: $1 == value) }
            }
            return view
        }
        let criteria = study.eligibility.map { criterion -> CriterionInput in
            let name = "answers.\(criterion.id)"
            let value = posted?.value(name) ?? ""
            var type = "yesno"
            if case .value = criterion.answer { type = criterion.sourceField == nil ? "number" : "derived" }
            return CriterionInput(
                id: criterion.id, kind: texts["criterion.kind.\(criterion.kind.rawValue)"], text: texts.study(criterion.text), name: name,
                htmlID: CaseReportFormView.htmlID(name), type: type, yes: value == "yes", no: value == "no", value: value, unit: criterion.unit.map(texts.unit),
                derivedFrom: criterion.sourceField.flatMap { study.screeningField(named: $0) }.map { texts.format("screening.derivedFrom", ["field": texts.study($0.label)]) },
                error: byField[name] ?? byField[criterion.id])
        }
        let shown = Set(fields.map(\.name) + criteria.map(\.name) + criteria.map(\.id) + ["screeningDate", "siteCode"])
        var version = ""
        if let record { version = String(try await req.store.version(of: record)) }
        let page = ChecklistPage(
            sites: sites,
            screeningDate: posted?.value("screeningDate") ?? req.enrollment.today.iso8601, dateError: byField["screeningDate"],
            siteError: byField["siteCode"], fields: fields, criteria: criteria,
            generalErrors: errors.filter { !shown.contains($0.field) && $0.field != "reason" }.map(texts.labelled),
            action: (record.map { SiteURL.screening($0.auditEntityID) } ?? SiteURL.screenings).path, isCorrection: record != nil,
            version: version,
            reason: posted?.value("reason") ?? "", reasonError: byField["reason"])
        return try await req.renderPage("screening-new", title: record.map { "\(texts["page.correctScreening"]) \($0.screeningNumber)" } ?? texts["page.newScreening"],
                                        page, status: status)
    }

    private func detail(_ req: Request, consentErrors: [FieldError], enrollErrors: [FieldError], posted: PostedForm?, status: HTTPResponseStatus) async throws -> Response {
        let user = try req.requireUser()
        let texts = req.texts
        let study = req.trialContext.study
        let record = try await load(req)
        let readiness = try req.enrollment.readiness(of: record)
        let submission = try req.enrollment.submission(of: record)
        let siteStaff = ScreeningController.siteStaff.allows(user.role)
        var byField: [String: String] = [:]
        for error in consentErrors where byField[error.field] == nil { byField[error.field] = texts.message(error) }
        let consentFields: [FormFieldView] = [("date", "date"), ("formVersion", "text"), ("obtainedBy", "text")].map { name, type in
            FormFieldView(name: name, path: name, id: "consent-\(name)", label: texts["consent.\(name)"], type: type,
                          value: posted?.value(name) ?? (name == "date" ? req.enrollment.today.iso8601 : ""), checked: false,
                          step: nil, min: nil, max: nil, options: [], error: byField[name], list: nil)
        }
        let values = study.screeningFields.compactMap { field in
            submission.values[field.name].map { value -> ResponseLine in
                if case .category(let word) = value { return ResponseLine(label: texts.study(field.label), value: texts.study(field.label(ofCategory: word))) }
                return ResponseLine(label: texts.study(field.label), value: "\(value)\(field.unit.map { " \(texts.unit($0))" } ?? "")")
            }
        }
        let criteria = readiness.eligibility.outcomes.map {
            CriterionResult(id: $0.id, text: texts.study($0.text), status: texts["criterion.status.\($0.status.rawValue)"],
                            statusCode: $0.status.rawValue, reason: $0.reason)
        }
        let consent = readiness.consent.map { [
            ResponseLine(label: texts["consent.date"], value: texts.date($0.date)),
            ResponseLine(label: texts["consent.formVersion"], value: $0.formVersion),
            ResponseLine(label: texts["consent.obtainedBy"], value: $0.obtainedBy),
        ] } ?? []
        // A refusal about no field of the consent form (a correction without a reason, a conflict) is shown at
        // the top of the page, with what was typed kept below.
        let refusals = consentErrors.filter { !["date", "formVersion", "obtainedBy"].contains($0.field) }.map(texts.labelled)
        let page = ScreeningPage(
            id: record.auditEntityID, number: record.screeningNumber, site: record.siteCode, date: texts.date(record.screeningDate),
            verdict: texts["screening.verdict.\(readiness.eligibility.verdict.rawValue)"], verdictCode: readiness.eligibility.verdict.rawValue,
            values: values, criteria: criteria, consent: consent,
            canConsent: siteStaff && record.participantID == nil, consentFields: consentFields,
            canEnroll: siteStaff && record.participantID == nil && readiness.mayEnroll,
            enrollErrors: enrollErrors.map(texts.labelled),
            participantURL: record.participantID.map { SiteURL.participant($0).path },
            auditURL: AuditController.readers.allows(user.role) ? SiteURL.auditOf(entityType: "screening", entityID: record.auditEntityID).path : nil,
            correctURL: siteStaff ? SiteURL.screeningCorrection(record.auditEntityID).path : nil,
            consentURL: SiteURL.screeningConsent(record.auditEntityID).path, enrollURL: SiteURL.screeningEnrollment(record.auditEntityID).path)
        return try await req.renderPage("screening", title: "\(texts["page.screeningEntry"]) \(record.screeningNumber)", page,
                                        status: status, refusals: refusals)
    }
}
