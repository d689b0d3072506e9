import FluentKit
import Foundation
import Testing
import TrialCore
@testable import TrialServer
import TrialStore
import TrialStudyFile
import Vapor
import VaporTesting

/// Every case report form through the API: a valid save, hard-rule refusals (422 naming the field, nothing
/// saved), a correction refused without a reason and accepted with one, and access by each role. The rules
/// themselves are tested one by one in TrialCoreTests; here the point is that the API reaches them.
@Suite struct FormAPITests {
    /// A form kind with what it needs saved first, a valid form, a corrected version and refusals.
    struct FormCase: CustomTestStringConvertible, Sendable {
        var kind: CaseReportForm
        var prerequisites: [CaseReportEntry] = []
        var valid: CaseReportEntry
        var corrected: CaseReportEntry
        var refusals: [(entry: CaseReportEntry, field: String)]
        var testDescription: String { kind.rawValue }
    }

    static let randomizedDaysAgo = 200

    static func cases(randomized r: CalendarDate, today: CalendarDate) -> [FormCase] {
        func day(_ n: Int) -> CalendarDate { r.adding(days: n) }
        let baseline = BaselineForm(
            assessmentDate: day(-3), ageYears: 64, sex: .male, primaryTumourSite: "lung", histology: "adenocarcinoma", priorLinesOfTherapy: 1, ecog: 1,
            labs: [LabResult(test: .platelets, value: 190, unit: .perNanolitre), LabResult(test: .inr, value: 1, unit: .ratio)],
            imagingModality: .ct,
            lesions: [
                BaselineLesion(id: "L1", organ: "liver", location: "segment VII", sizeMm: 30, measurable: true, role: .target, plannedForImplantation: true),
                BaselineLesion(id: "L2", organ: "lung", location: "right lower lobe", sizeMm: 15, measurable: true, role: .target),
                BaselineLesion(id: "B1", organ: "bone", location: "T10", sizeMm: 8, measurable: false, role: .nonTarget),
            ])
        var correctedBaseline = baseline
        correctedBaseline.ecog = 0
        var child = baseline
        child.ageYears = 12
        var badEcog = baseline
        badEcog.ecog = 7
        var duplicated = baseline
        duplicated.lesions[1].id = "L1"

        let implantation = ImplantationProcedureForm(
            date: day(7), lesions: [ImplantedLesion(lesionId: "L1", seeds: 24, prescribedDoseGy: 120)], guidance: .ct,
            activityPerSeed: SeedActivity(Decimal(string: "0.6")!, .mCi), anaesthesia: .local, operatorName: "Interventional radiologist")
        var moreSeeds = implantation
        moreSeeds.lesions[0].seeds = 26
        var unknownLesion = implantation
        unknownLesion.lesions[0].lesionId = "L99"
        var noSeeds = implantation
        noSeeds.lesions[0].seeds = 0

        let line = SystemicTherapyLineForm(lineNumber: 1, regimen: "carboplatin + pemetrexed", agents: ["carboplatin", "pemetrexed"],
                                           therapyClass: .chemotherapy, startDate: day(2), startReason: .other)
        var stopped = line
        stopped.stopDate = day(120)
        stopped.stopReason = .completed
        var lineZero = line
        lineZero.lineNumber = 0
        var stopWithoutReason = line
        stopWithoutReason.stopDate = day(90)

        let assessment = TumourAssessmentForm(date: day(56), modality: .ct, targets: [.init(id: "L1", mm: 25), .init(id: "L2", mm: 12)],
                                              nonTargets: [.init(id: "B1", status: .present)])
        var remeasured = assessment
        remeasured.targets[1].mm = 11
        var future = assessment
        future.date = today.adding(days: 1)
        var early = assessment
        early.date = day(-1)

        let event = AdverseEventRecord(term: "Fatigue", grade: 2, onsetDate: day(20), outcome: .notRecovered, systemicTherapyAttribution: .possible)
        var milder = event
        milder.grade = 1
        var gradeNine = event
        gradeNine.grade = 9
        var unknownTerm = event
        unknownTerm.term = "Moonburn"

        let answers = try! QlqC30Answers(answers: Dictionary(uniqueKeysWithValues: (1...30).map { ($0, $0 >= 29 ? 5 : 2) }))
        let questionnaire = QualityOfLifeQuestionnaire(date: day(-3), timepoint: "BL", completedBy: .transcribedFromPaper, answers: answers)
        var changedAnswers = answers.answers
        changedAnswers[1] = 3
        var retranscribed = questionnaire
        retranscribed.answers = try! QlqC30Answers(answers: changedAnswers)
        var wrongTimepoint = questionnaire
        wrongTimepoint.timepoint = "IMG"
        let futureMonth6 = QualityOfLifeQuestionnaire(date: today.adding(days: 1), timepoint: "QOL6", completedBy: .participant, answers: answers)

        let contact = FollowUpForm(date: day(91), status: .alive, lastKnownAliveDate: day(91))
        let laterContact = FollowUpForm(date: day(92), status: .alive, lastKnownAliveDate: day(92))
        let death = DeathForm(date: day(150), cause: .progression)
        let end = EndOfStudyForm(date: day(180), reason: .withdrewConsent, details: "withdrew consent")
        let deviation = ProtocolDeviationForm(date: day(10), category: .visitSchedule, severity: .minor, description: "Imaging visit 2 performed 9 days outside its window")

        return [
            FormCase(kind: .baseline, valid: .baseline(baseline), corrected: .baseline(correctedBaseline),
                     refusals: [(.baseline(child), "ageYears"), (.baseline(badEcog), "ecog"), (.baseline(duplicated), "lesions[1].id")]),
            FormCase(kind: .implantation, prerequisites: [.baseline(baseline)], valid: .implantation(implantation), corrected: .implantation(moreSeeds),
                     refusals: [(.implantation(unknownLesion), "lesions[0].lesionId"), (.implantation(noSeeds), "lesions[0].seeds")]),
            FormCase(kind: .systemicTherapy, valid: .systemicTherapy(line), corrected: .systemicTherapy(stopped),
                     refusals: [(.systemicTherapy(lineZero), "lineNumber"), (.systemicTherapy(stopWithoutReason), "stopReason")]),
            FormCase(kind: .tumourAssessment, prerequisites: [.baseline(baseline)], valid: .tumourAssessment(assessment),
                     corrected: .tumourAssessment(remeasured), refusals: [(.tumourAssessment(future), "date"), (.tumourAssessment(early), "date")]),
            FormCase(kind: .adverseEvents, prerequisites: [.systemicTherapy(line)], valid: .adverseEvent(event), corrected: .adverseEvent(milder),
                     refusals: [(.adverseEvent(gradeNine), "grade"), (.adverseEvent(unknownTerm), "term")]),
            FormCase(kind: .qlqC30, valid: .qualityOfLife(questionnaire), corrected: .qualityOfLife(retranscribed),
                     refusals: [(.qualityOfLife(wrongTimepoint), "timepoint"), (.qualityOfLife(futureMonth6), "date")]),
            FormCase(kind: .followUp, valid: .followUp(contact), corrected: .followUp(laterContact),
                     refusals: [(.followUp(FollowUpForm(date: day(91), status: .alive, lastKnownAliveDate: day(95))), "lastKnownAliveDate"),
                                (.followUp(FollowUpForm(date: day(-2), status: .lostToFollowUp, lastKnownAliveDate: day(-2))), "date")]),
            FormCase(kind: .death, valid: .death(death), corrected: .death(DeathForm(date: day(151), cause: .progression)),
                     refusals: [(.death(DeathForm(date: day(150), cause: .other)), "details"), (.death(DeathForm(date: today.adding(days: 2), cause: .progression)), "date")]),
            FormCase(kind: .endOfStudy, valid: .endOfStudy(end), corrected: .endOfStudy(EndOfStudyForm(date: day(181), reason: .withdrewConsent, details: "withdrew consent")),
                     refusals: [(.endOfStudy(EndOfStudyForm(date: day(180), reason: .death)), "reason"), (.endOfStudy(EndOfStudyForm(date: day(180), reason: .other)), "details")]),
            FormCase(kind: .deviation, valid: .deviation(deviation),
                     corrected: .deviation(ProtocolDeviationForm(date: day(10), category: .visitSchedule, severity: .minor, description: "Imaging visit 2 performed 10 days outside its window")),
                     refusals: [(.deviation(ProtocolDeviationForm(date: day(10), category: .other, severity: .minor, description: " ")), "description"),
                                (.deviation(ProtocolDeviationForm(date: today.adding(days: 3), category: .other, severity: .minor, description: "later")), "date")]),
        ]
    }

    /// An implant-arm and a control-arm participant randomized `randomizedDaysAgo` days ago.
    static func randomizedParticipants(_ server: TestServer) async throws -> (implant: String, control: String, randomized: CalendarDate) {
        let db = server.app.db
        let study = server.app.trialContext.study
        let past = TrialStore(database: db, now: { Date().addingTimeInterval(-Double(randomizedDaysAgo) * 86_400) })
        let enrollment = EnrollmentService(store: past, study: study)
        let actor = AuditActor(username: TestServer.username(for: .coordinator), role: .coordinator, site: "960")
        var byArm: [String: String] = [:]
        while byArm.count < 2 {
            let submission = try JSONDecoder().decode(ScreeningSubmission.self,
                                                      from: Data(ScreeningAPITests.screeningJSON(date: enrollment.today.iso8601).utf8))
            let screening = try await enrollment.screen(submission, by: actor)
            _ = try await enrollment.recordConsent(screeningID: try screening.requireID(),
                                                   ConsentRecord(date: enrollment.today, formVersion: "2.1", obtainedBy: "Dr Li"), reason: nil, by: actor)
            let participant = try await enrollment.enroll(screeningID: try screening.requireID(), by: actor)
            let allocation = try await enrollment.randomize(participantID: participant.participantID, by: actor)
            byArm[allocation.arm] = byArm[allocation.arm] ?? participant.participantID
        }
        return (byArm["I125"]!, byArm["SYS"]!, enrollment.today)
    }

    static func body(_ entry: CaseReportEntry) throws -> ByteBuffer { ByteBuffer(string: try entry.canonicalJSON()) }

    static func fields(_ response: TestingHTTPResponse) -> [String] {
        let object = try? JSONSerialization.jsonObject(with: Data(response.body.string.utf8)) as? [String: Any]
        return ((object?["errors"] as? [[String: Any]]) ?? []).compactMap { $0["field"] as? String }
    }

    @Test(arguments: CaseReportEntry.recordedKinds)
    func every_form_saves_refuses_hard_rule_breaks_needs_a_reason_to_change_and_is_written_by_site_staff_only(kind: CaseReportForm) async throws {
        try await TestServer.run { server in
            let tester = try server.app.testing()
            let (implant, control, randomized) = try await Self.randomizedParticipants(server)
            let today = CalendarDate(localDayOf: Date(), in: .current)
            let formCase = try #require(Self.cases(randomized: randomized, today: today).first { $0.kind == kind })
            var site = try await server.bearer(for: .coordinator)
            site.contentType = .json
            let path = "/api/v1/participants/\(implant)/forms/\(kind.rawValue)"
            for prerequisite in formCase.prerequisites {
                let saved = try await tester.sendRequest(.POST, "/api/v1/participants/\(implant)/forms/\(prerequisite.kind.rawValue)",
                                                         headers: site, body: try Self.body(prerequisite))
                #expect(saved.status == .created, "prerequisite \(prerequisite.kind): \(saved.body.string)")
            }

            // Hard rules: 422 naming the field, and nothing saved.
            for (entry, field) in formCase.refusals {
                let refused = try await tester.sendRequest(.POST, path, headers: site, body: try Self.body(entry))
                #expect(refused.status == .unprocessableEntity, "\(kind) \(field): \(refused.body.string)")
                #expect(Self.fields(refused).contains(field), "\(kind): expected \(field) in \(refused.body.string)")
            }
            let before = try await CaseReportFormRecord.query(on: server.app.db).filter(\.$form == kind.rawValue).count()
            #expect(before == formCase.prerequisites.filter { $0.kind == kind }.count)

            // Roles that do not enter data are refused before anything is read.
            for role in Role.allCases where role != .investigator && role != .coordinator {
                var headers = try await server.bearer(for: role)
                headers.contentType = .json
                let forbidden = try await tester.sendRequest(.POST, path, headers: headers, body: try Self.body(formCase.valid))
                #expect(forbidden.status == .forbidden, "\(role) saving \(kind): \(forbidden.status)")
            }

            // A valid save, then a correction: refused without a reason, accepted with one.
            let created = try await tester.sendRequest(.POST, path, headers: site, body: try Self.body(formCase.valid))
            #expect(created.status == .created, "\(kind): \(created.body.string)")
            let outcome = try created.content.decode(CaseReportService.SaveOutcome.self)
            let form = try JSONSerialization.jsonObject(with: Data(try formCase.corrected.canonicalJSON().utf8))
            let withoutReason = try await tester.sendRequest(.PUT, "\(path)/\(outcome.id)", headers: site, body: ByteBuffer(data: try JSONSerialization.data(
                withJSONObject: ["form": form, "version": outcome.version] as [String: Any])))
            #expect(withoutReason.status == .unprocessableEntity)
            #expect(Self.fields(withoutReason) == ["reason"])
            let withReason = try await tester.sendRequest(.PUT, "\(path)/\(outcome.id)", headers: site, body: ByteBuffer(data: try JSONSerialization.data(
                withJSONObject: ["form": form, "version": outcome.version, "reason": "transcription error corrected against the source"] as [String: Any])))
            #expect(withReason.status == .ok, "\(kind): \(withReason.body.string)")
            let record = try #require(try await CaseReportFormRecord.find(outcome.id, on: server.app.db))
            #expect(try record.entry() == formCase.corrected)

            // The investigator enters data too (a second singleton form is a conflict, not a refusal of the role).
            var investigator = try await server.bearer(for: .investigator)
            investigator.contentType = .json
            let byInvestigator = try await tester.sendRequest(.POST, path, headers: investigator, body: try Self.body(formCase.valid))
            #expect(byInvestigator.status != .forbidden && byInvestigator.status != .unauthorized)

            if kind == .implantation {
                // Refused for the control arm.
                let controlBaseline = try await tester.sendRequest(.POST, "/api/v1/participants/\(control)/forms/baseline", headers: site,
                                                                   body: try Self.body(formCase.prerequisites[0]))
                #expect(controlBaseline.status == .created)
                let refused = try await tester.sendRequest(.POST, "/api/v1/participants/\(control)/forms/implantation", headers: site,
                                                           body: try Self.body(formCase.valid))
                #expect(refused.status == .unprocessableEntity)
            }
            #expect(try await AuditVerifier(database: server.app.db).verify().isIntact)
        }
    }

    @Test func serious_adverse_events_are_listed_with_their_deadline_and_acknowledged_by_the_monitor() async throws {
        try await TestServer.run { server in
            let tester = try server.app.testing()
            let (implant, _, randomized) = try await Self.randomizedParticipants(server)
            var site = try await server.bearer(for: .coordinator)
            site.contentType = .json
            let line = SystemicTherapyLineForm(lineNumber: 1, regimen: "docetaxel", agents: ["docetaxel"], therapyClass: .chemotherapy,
                                               startDate: randomized.adding(days: 2), startReason: .other)
            _ = try await tester.sendRequest(.POST, "/api/v1/participants/\(implant)/forms/systemicTherapy", headers: site, body: try Self.body(.systemicTherapy(line)))
            let aware = Date().addingTimeInterval(-7200)
            let serious = AdverseEventRecord(term: "Febrile neutropenia", grade: 3, onsetDate: CalendarDate(localDayOf: aware, in: .current), outcome: .notRecovered,
                                             systemicTherapyAttribution: .probable, seriousnessCriteria: [.hospitalization], siteAwareAt: aware)
            let saved = try await tester.sendRequest(.POST, "/api/v1/participants/\(implant)/forms/adverseEvents", headers: site, body: try Self.body(.adverseEvent(serious)))
            #expect(saved.status == .created, "\(saved.body.string)")
            let id = try saved.content.decode(CaseReportService.SaveOutcome.self).id

            let monitor = try await server.bearer(for: .monitor)
            let list = try await tester.sendRequest(.GET, "/api/v1/safety/serious-events", headers: monitor)
            #expect(list.status == .ok)
            let alerts = try list.content.decode([SeriousEventAlert].self)
            #expect(alerts.map(\.formId) == [id.uuidString.lowercased()])
            #expect(alerts.first?.status == .awaitingAcknowledgement)
            #expect(abs((alerts.first?.deadline.timeIntervalSince(aware) ?? 0) - 86_400) < 1)

            let coordinatorTry = try await tester.sendRequest(.POST, "/api/v1/safety/serious-events/\(id)/acknowledge", headers: site)
            #expect(coordinatorTry.status == .forbidden)
            let acknowledged = try await tester.sendRequest(.POST, "/api/v1/safety/serious-events/\(id)/acknowledge", headers: monitor)
            #expect(acknowledged.status == .ok, "\(acknowledged.body.string)")
            #expect(try acknowledged.content.decode(SeriousEventAlert.self).status == .acknowledgedOnTime)
            let after = try await tester.sendRequest(.GET, "/api/v1/safety/serious-events", headers: monitor)
            #expect(try after.content.decode([SeriousEventAlert].self).isEmpty)
            let twice = try await tester.sendRequest(.POST, "/api/v1/safety/serious-events/\(id)/acknowledge", headers: monitor)
            #expect(twice.status == .conflict)
        }
    }
}
