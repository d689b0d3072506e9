import Foundation
import TrialCore
import TrialStore
import Vapor

/// The participant list, the casebook (visits, forms, queries, lock and signature) and randomization.
struct ParticipantPages: RouteCollection {
    struct ParticipantRow: Encodable {
        var id: String
        var url: String
        var site: String
        var enrolledOn: String
        var status: String
        var arm: String?
        var stratum: String?
        var randomizedOn: String?
    }

    struct ListPage: Encodable {
        var search: String
        var sites: [FormOptionView]
        var arms: [FormOptionView]
        var statuses: [FormOptionView]
        var showArms: Bool
        var rows: [ParticipantRow]
        var pager: Pager
    }

    struct VisitRow: Encodable {
        var code: String
        var label: String
        var window: String
        var due: String
        var status: String
        var statusCode: String
        var completedOn: String?
        /// The protocol version whose schedule the visit comes from.
        var protocolVersion: String?
    }

    struct FormRow: Encodable {
        var kind: String
        var date: String
        var createdAt: String
        var url: String
        var auditURL: String?
        var verified: String?
        var locked: Bool
        var openQueries: Int
        /// Tumour assessments: the computed response beside the investigator's reading.
        var response: ResponseCell?
    }

    /// A tumour assessment's computed response (criterion and category) and the investigator's reading;
    /// `disagreement` holds TrialCore's sentence when they differ.
    struct ResponseCell: Encodable {
        var computed: String
        var investigator: String
        var disagreement: String?
    }

    struct CasebookPage: Encodable {
        var participantID: String
        var site: String
        var enrolledOn: String
        var status: String
        var arm: String?
        var stratum: String?
        var randomizedOn: String?
        var randomizeURL: String?
        var locked: String?
        var signed: String?
        var signatureMeaning: String
        var canLock: Bool
        var canUnlock: Bool
        var canSign: Bool
        var signError: String?
        var visits: [VisitRow]
        var forms: [FormRow]
        var course: ParticipantCourseChart?
        var newForms: [NavLink]
        var queries: [QueryRow]
        var canRaise: Bool
        var raiseForms: [FormOptionView]
        var auditURL: String?
        var screeningURL: String
        var returnTo: String
        var raiseQueryURL: String
        var lockURL: String
        var unlockURL: String
        var signURL: String
    }

    struct RandomizePage: Encodable {
        var participantID: String
        var casebookURL: String
        var eligibility: String
        var eligible: Bool
        var consent: String?
        var stratum: String?
        var reasons: [String]
        var ready: Bool
        var confirmError: String?
        var confirmURL: String
    }

    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, SiteURL.participants, access: ParticipantController.readers,
                  docs: .page("Participants (search: q by study ID; filters: site, arm, status)"), use: ReadAnswerCache.keeping(list))
        let participant = SiteURL.participantID
        routes.on(.GET, SiteURL.participant(participant), access: ParticipantController.readers,
                  docs: .page("The participant's casebook"), use: ReadAnswerCache.keeping(show))
        routes.on(.GET, SiteURL.randomize(participant), access: ParticipantController.randomizers,
                  docs: .page("Randomize: a confirmation restating eligibility, consent and stratum"), use: confirmRandomization)
        routes.on(.POST, SiteURL.randomize(participant), access: ParticipantController.randomizers,
                  docs: .page("Randomize after confirmation; shows the arm in the casebook", form: ["confirm"], status: .seeOther), use: randomize)
        for control in RecordControlService.CasebookControl.allCases {
            routes.on(.POST, SiteURL.casebookControl(participant, control.rawValue), access: .roles(.dataManager),
                      docs: .page("\(control.rawValue.capitalized) the casebook", form: ["reason"], status: .seeOther)) { req in
                try await controlCasebook(req, control)
            }
        }
        routes.on(.POST, SiteURL.signCasebook(participant), access: .roles(.investigator),
                  docs: .page("Sign the casebook (password re-entered)", form: ["password"], status: .seeOther), use: sign)
    }

    func show(_ req: Request) async throws -> Response {
        try await casebook(req, signError: nil, status: .ok)
    }

    func confirmRandomization(_ req: Request) async throws -> Response {
        try await randomizePage(req, confirmError: nil, reasons: nil, status: .ok)
    }

    func randomize(_ req: Request) async throws -> Response {
        let user = try req.requireUser()
        let record = try await req.participantFromPath()
        guard try PostedForm(req).value("confirm") == "yes" else {
            return try await randomizePage(req, confirmError: req.texts["randomize.confirmRequired"], reasons: nil, status: .unprocessableEntity)
        }
        do {
            _ = try await req.enrollment.randomize(participantID: record.participantID, by: user.auditActor)
        } catch {
            // Every refusal (not ready, a used-up allocation list) is shown on the randomize page.
            guard case let (status, errors)? = TrialErrorMiddleware.refusal(error) else { throw error }
            return try await randomizePage(req, confirmError: nil, reasons: errors, status: status)
        }
        return req.redirect(to: SiteURL.participant(record.participantID), notice: .randomized)
    }

    func controlCasebook(_ req: Request, _ control: RecordControlService.CasebookControl) async throws -> Response {
        let user = try req.requireUser()
        let record = try await req.participantFromPath()
        let casebook = SiteURL.participant(record.participantID)
        return try await req.showingRefusals(on: casebook) {
            try await RecordControlService(store: req.store).control(control, participantID: record.participantID,
                                                                     reason: try PostedForm(req).value("reason"), role: user.role, by: user.auditActor)
            return req.redirect(to: casebook, notice: control == .lock ? .casebookLocked : .casebookUnlocked)
        }
    }

    func sign(_ req: Request) async throws -> Response {
        let user = try req.requireUser()
        let record = try await req.participantFromPath()
        let password = try PostedForm(req).pairs.first { $0.name == "password" }?.value ?? ""
        guard let account = try await req.users.user(id: user.id) else { throw Abort(.unauthorized) }
        do {
            guard try await req.signInService.reenteredPasswordMatches(password, of: account, actor: user.auditActor) else {
                return try await casebook(req, signError: req.texts["sign.wrongPassword"], status: .unprocessableEntity)
            }
        } catch SignInService.Failure.locked(let until) {
            return try await casebook(req, signError: req.texts.message(FieldError(field: "password", SignInService.reentryLocked(until: until))),
                                      status: .tooManyRequests)
        }
        let casebook = SiteURL.participant(record.participantID)
        return try await req.showingRefusals(on: casebook) {
            try await RecordControlService(store: req.store).sign(participantID: record.participantID, role: user.role, by: user.auditActor)
            return req.redirect(to: casebook, notice: .signed)
        }
    }

    // MARK: List

    func list(_ req: Request) async throws -> View {
        let user = try req.requireUser()
        let texts = req.texts
        let study = req.trialContext.study
        let showArms = AllocationDisclosure.maySeeAssignedArm(user.role)
        let site = req.query[String.self, at: "site"] ?? ""
        let arm = showArms ? (req.query[String.self, at: "arm"] ?? "") : ""
        let status = req.query[String.self, at: "status"] ?? ""
        let search = (req.query[String.self, at: "q"] ?? "").trimmingCharacters(in: .whitespaces)
        let screen = try req.listScreen()
        let filter = (site: site.isEmpty ? nil : site, arm: arm.isEmpty ? nil : arm, search: search.isEmpty ? nil : search,
                      status: SiteScopedRecords.ParticipantStatus(rawValue: status) ?? .any)
        let records = try await req.scopedRecords().participants(site: filter.site, arm: filter.arm, idContaining: filter.search,
                                                                 status: filter.status, page: screen)
        let total = try await req.scopedRecords().participantCount(site: filter.site, arm: filter.arm, idContaining: filter.search, status: filter.status)
        let all = FormOptionView(value: "", label: texts["filter.all"], id: "all", selected: false)
        var sites = [all] + user.scope.sites(of: study).map {
            FormOptionView(value: $0.code, label: "\($0.code) · \(texts.study($0.name))", id: "site-\($0.code)", selected: $0.code == site)
        }
        sites[0].selected = site.isEmpty
        var arms = [all] + study.arms.map { FormOptionView(value: $0.code, label: texts.study($0.label), id: "arm-\($0.code)", selected: $0.code == arm) }
        arms[0].selected = arm.isEmpty
        var statuses = [all] + ["enrolled", "randomized"].map {
            FormOptionView(value: $0, label: texts["participant.status.\($0)"], id: "status-\($0)", selected: $0 == status)
        }
        statuses[0].selected = status.isEmpty
        let rows = records.map { record in
            ParticipantRow(
                id: record.participantID, url: SiteURL.participant(record.participantID).path, site: record.siteCode,
                enrolledOn: texts.date(record.enrolledOn),
                status: texts["participant.status.\(record.isRandomized ? "randomized" : "enrolled")"],
                arm: showArms ? record.arm.map { Self.armLabel($0, study: study, texts: texts) } : nil,
                stratum: showArms ? Self.stratumLabel(record.stratum, study: study, texts: texts) : nil,
                randomizedOn: record.randomizedOn.map { texts.date($0) })
        }
        return try await req.renderPage("participants", title: texts["page.participants"], ListPage(
            search: search,
            sites: sites, arms: arms, statuses: statuses, showArms: showArms, rows: rows,
            pager: Pager(req, page: screen, shown: rows.count, total: total, texts: texts)))
    }

    static func armLabel(_ code: String, study: StudyDefinition, texts: PageText) -> String {
        study.arm(code: code).map { texts.study($0.label) } ?? code
    }

    /// `lesionCount=6-7` as "Number of metastatic lesions: 6-7 lesions".
    static func stratumLabel(_ key: String?, study: StudyDefinition, texts: PageText) -> String? {
        guard let key else { return nil }
        if key == "all" { return texts["stratum.none"] }
        return key.split(separator: ";").map { part -> String in
            let pieces = part.split(separator: "=", maxSplits: 1).map(String.init)
            guard pieces.count == 2, let factor = study.stratification.first(where: { $0.code == pieces[0] }) else { return String(part) }
            let level = factor.levels.first { $0.code == pieces[1] }?.label.map { texts.study($0) } ?? pieces[1]
            return "\(texts.study(factor.label)): \(level)"
        }.joined(separator: "; ")
    }

    // MARK: Casebook

    private func casebook(_ req: Request, signError: String?, status: HTTPResponseStatus) async throws -> Response {
        let user = try req.requireUser()
        let texts = req.texts
        let study = req.trialContext.study
        let participant = try await req.participantFromPath()
        let id = participant.participantID
        let service = req.caseReports
        let (_, casebook) = try await service.casebook(participantID: id)
        let today = service.today
        let history = try await StudyRepository(store: req.store).storedHistory()
        let schedule = history.flatMap { ParticipantVisitSchedule(casebook: casebook, history: $0, today: today) }
            ?? ParticipantVisitSchedule(casebook: casebook, study: study, today: today)
        let visits = schedule?.visits.map { visit in
            VisitRow(code: visit.visit.code, label: texts.study(visit.visit.label),
                     window: "\(texts.date(visit.earliestDate)) – \(texts.date(visit.latestDate))", due: texts.date(visit.dueDate),
                     status: texts["visit.status.\(visit.status.rawValue)"], statusCode: visit.status.rawValue,
                     completedOn: visit.completedOn.map { texts.date($0) }, protocolVersion: visit.protocolVersion)
        } ?? []
        let records = try await req.scopedRecords().forms(of: participant)
        let queries = try await req.scopedRecords().queries(participant: id, newestFirst: true)
        let auditReader = AuditController.readers.allows(user.role)
        let reviews = AssessmentResponseReview.reviews(of: casebook)
        let forms = records.map { record -> FormRow in
            let date = (try? record.entry()).map { texts.date(Self.date(of: $0)) } ?? ""
            return FormRow(
                kind: texts["form.\(record.form)"], date: date, createdAt: texts.instant(record.createdAt),
                url: SiteURL.form(id, record.form, record.auditEntityID).path,
                auditURL: auditReader ? SiteURL.auditOf(entityType: "case-report-form", entityID: record.auditEntityID).path : nil,
                verified: record.verifiedBy, locked: record.lockedBy != nil,
                openQueries: queries.filter { $0.formID == record.auditEntityID && $0.queryStatus != .closed }.count,
                response: reviews[record.auditEntityID].map { Self.responseCell($0, texts: texts) })
        }
        let siteStaff = CaseReportFormPages.siteStaff.allows(user.role)
        let newForms = siteStaff && participant.lockedBy == nil && participant.isRandomized
            ? CaseReportEntry.kindsToAdd(study: study, armCode: participant.arm, saved: Set(records.compactMap { CaseReportForm(rawValue: $0.form) }))
                .map { NavLink(href: SiteURL.newForm(id, $0.rawValue).path, label: texts["form.\($0.rawValue)"], current: false) }
            : []
        let showArms = AllocationDisclosure.maySeeAssignedArm(user.role)
        let page = CasebookPage(
            participantID: id, site: participant.siteCode, enrolledOn: texts.date(participant.enrolledOn),
            status: texts["participant.status.\(participant.isRandomized ? "randomized" : "enrolled")"],
            arm: showArms ? participant.arm.map { Self.armLabel($0, study: study, texts: texts) } : nil,
            stratum: showArms ? Self.stratumLabel(participant.stratum, study: study, texts: texts) : nil,
            randomizedOn: participant.randomizedOn.map { texts.date($0) },
            randomizeURL: !participant.isRandomized && ParticipantController.randomizers.allows(user.role) ? SiteURL.randomize(id).path : nil,
            locked: participant.lockedBy, signed: participant.signedBy.map { "\($0) · \(texts.instant(participant.signedAt))" },
            signatureMeaning: texts["sign.meaning"],
            canLock: RecordControl.mayLock(user.role) && participant.lockedBy == nil,
            canUnlock: RecordControl.mayLock(user.role) && participant.lockedBy != nil,
            canSign: RecordControl.maySign(user.role) && participant.isRandomized, signError: signError,
            visits: visits, forms: forms,
            course: ParticipantCourseChart.chart(course: try? TargetSumCourse.of(casebook), timeline: try? ParticipantTimeline.of(casebook), texts: texts),
            newForms: newForms,
            queries: try await QueryRow.rows(queries, role: user.role, texts: texts, study: req.trialContext.study, returnTo: SiteURL.participant(id).path, reading: try req.scopedRecords()),
            canRaise: DataQueryLifecycle.canRaise(user.role),
            raiseForms: [FormOptionView(value: "", label: texts["query.noForm"], id: "raise-none", selected: true)] + records.map {
                FormOptionView(value: $0.auditEntityID, label: "\(texts["form.\($0.form)"]) · \(texts.instant($0.createdAt))",
                               id: "raise-\($0.auditEntityID)", selected: false)
            },
            auditURL: auditReader ? SiteURL.auditOf(entityType: "participant", entityID: participant.auditEntityID).path : nil,
            screeningURL: SiteURL.screening(participant.screeningID.uuidString.lowercased()).path, returnTo: SiteURL.participant(id).path,
            raiseQueryURL: SiteURL.participantQueries(id).path,
            lockURL: SiteURL.casebookControl(id, RecordControlService.CasebookControl.lock.rawValue).path,
            unlockURL: SiteURL.casebookControl(id, RecordControlService.CasebookControl.unlock.rawValue).path,
            signURL: SiteURL.signCasebook(id).path)
        return try await req.renderPage("casebook", title: "\(texts["page.casebook"]) \(id)", page, status: status)
    }

    /// The computed and read responses of an assessment as the form list shows them.
    static func responseCell(_ review: AssessmentResponseReview, texts: PageText) -> ResponseCell {
        func pair(_ recist: RecistResponse?, _ percist: PercistResponse?) -> String {
            [recist.map { "RECIST 1.1 \($0.rawValue)" }, percist.map { "PERCIST 1.0 \($0.rawValue)" }].compactMap { $0 }.joined(separator: " · ")
        }
        let read = pair(review.investigatorRecist, review.investigatorPercist)
        return ResponseCell(
            computed: pair(review.computedRecist, review.computedPercist),
            investigator: read.isEmpty ? texts["casebook.notRead"] : read,
            disagreement: review.disagrees ? review.disagreements.map(texts.labelled).joined(separator: " ") : nil)
    }

    /// The clinical date a form is about (the date a list sorts and shows it by).
    static func date(of entry: CaseReportEntry) -> CalendarDate {
        switch entry {
        case .baseline(let form): return form.assessmentDate
        case .implantation(let form): return form.date
        case .systemicTherapy(let form): return form.startDate
        case .tumourAssessment(let form): return form.date
        case .adverseEvent(let form): return form.onsetDate
        case .followUp(let form): return form.date
        case .death(let form): return form.date
        case .endOfStudy(let form): return form.date
        case .deviation(let form): return form.date
        case .qualityOfLife(let form): return form.date
        }
    }

    // MARK: Randomize

    private func randomizePage(_ req: Request, confirmError: String?, reasons: [FieldError]?, status: HTTPResponseStatus) async throws -> Response {
        let texts = req.texts
        let study = req.trialContext.study
        let participant = try await req.participantFromPath()
        if participant.isRandomized {
            return req.redirect(to: SiteURL.participant(participant.participantID))
        }
        let screening = try await req.scopedRecords().screening(of: participant)
        let readiness = try req.enrollment.readiness(of: screening)
        var stratum: String?
        if case .success(let found) = readiness.stratum { stratum = Self.stratumLabel(found.key, study: study, texts: texts) }
        let shownReasons = (reasons ?? readiness.reasons).map(texts.labelled)
        let page = RandomizePage(
            participantID: participant.participantID, casebookURL: SiteURL.participant(participant.participantID).path,
            eligibility: texts["screening.verdict.\(readiness.eligibility.verdict.rawValue)"], eligible: readiness.eligibility.isEligible,
            consent: readiness.consent.map { "\(texts.date($0.date)) · \($0.formVersion) · \($0.obtainedBy)" },
            stratum: stratum, reasons: shownReasons, ready: readiness.isReady, confirmError: confirmError,
            confirmURL: SiteURL.randomize(participant.participantID).path)
        return try await req.renderPage("randomize", title: "\(texts["page.randomize"]) \(participant.participantID)", page, status: status)
    }
}
