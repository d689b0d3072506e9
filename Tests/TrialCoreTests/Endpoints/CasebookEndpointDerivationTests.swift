import Foundation
import PropertyBased
import Testing
import TrialCore

/// The endpoint input, populations, safety and QLQ-C30 outcomes read from a casebook
/// (the CT participant of `CaseReportFixture`: SD on day 56, PR on day 112, implantation on day 7).
@Suite struct CasebookEndpointDerivationTests {
    typealias F = CaseReportFixture

    /// Day 168: an unequivocal new lesion, so RECIST 1.1 PD.
    static var progression: TumourAssessmentForm {
        var form = F.secondAssessment
        form.date = F.day(168)
        form.newLesions = [NewLesionEntry(site: "liver", finding: .unequivocal)]
        form.investigatorRecist = .progressiveDisease
        return form
    }

    static var progressed: Casebook {
        var casebook = F.casebook
        casebook.assessments.append(RecordedForm(id: "A3", form: progression))
        return casebook
    }

    @Test func computed_responses_of_the_governing_criterion_are_the_assessments() throws {
        let participant = try F.casebook.endpointParticipant()
        #expect(participant.hasBaselineAssessment)
        #expect(participant.assessments == [EndpointAssessment(date: F.day(56), response: .stableDisease),
                                            EndpointAssessment(date: F.day(112), response: .partialResponse)])
        #expect(participant.treatedLesions.map(\.id) == ["L1", "L2"])
        #expect(participant.treatedLesions[0].implantationDate == F.day(7))
        let pfs = try ProgressionFreeSurvival.derive(for: participant)
        #expect(pfs.rule == .noProgressionOrDeath && pfs.days == 112)
    }

    @Test func progression_on_a_scan_is_the_pfs_event_on_its_date() throws {
        let endpoints = try ParticipantEndpoints.derive(from: Self.progressed)
        #expect(endpoints.progressionFreeSurvival.rule == .progression)
        #expect(endpoints.progressionFreeSurvival.days == 168)
    }

    @Test func a_confirmed_equivocal_new_lesion_dates_the_pfs_event_back_to_the_scan_that_first_showed_it() throws {
        // Day 112: an equivocal liver lesion; day 168: the same lesion, now unequivocal. RECIST 1.1 (4.3.2)
        // declares progression on the date of the initial scan: day 112, not 168.
        var casebook = Self.progressed
        casebook.assessments[1].form.newLesions = [NewLesionEntry(site: "liver", finding: .equivocal)]
        let endpoints = try ParticipantEndpoints.derive(from: casebook)
        #expect(endpoints.progressionFreeSurvival.rule == .progression)
        #expect(endpoints.progressionFreeSurvival.days == 112)
        #expect(casebook.firstProgressionDate == F.day(112))
        let pattern = try #require(try FirstProgressionPattern.classify(casebook, progressionDate: endpoints.progressionFreeSurvival.date))
        #expect(pattern.assessmentId == "A2" && pattern.newLesionOrgans == ["liver"])
        // Before the confirming scan (a cut-off on day 167) the equivocal lesion is not progression.
        let before = try ParticipantEndpoints.derive(from: casebook, dataCutoff: F.day(167))
        #expect(!before.progressionFreeSurvival.isEvent && before.progressionFreeSurvival.days == 112)
    }

    @Test(arguments: [(167, false), (168, true)])
    func nothing_after_the_cutoff_counts(cutoffDay: Int, seesProgression: Bool) throws {
        let endpoints = try ParticipantEndpoints.derive(from: Self.progressed, dataCutoff: F.day(cutoffDay))
        #expect(endpoints.progressionFreeSurvival.isEvent == seesProgression)
        #expect(endpoints.progressionFreeSurvival.days == (seesProgression ? 168 : 112))
        #expect(endpoints.overallSurvival.date <= F.day(cutoffDay))
    }

    @Test func no_derived_date_is_after_the_cutoff_and_the_cutoff_equals_truncating_the_casebook() async throws {
        var casebook = Self.progressed
        casebook.followUps = [RecordedForm(id: "F1", form: FollowUpForm(date: F.day(273), status: .alive, lastKnownAliveDate: F.day(273)))]
        casebook.death = RecordedForm(id: "D", form: DeathForm(date: F.day(330), cause: .progression))
        await propertyCheck(input: Gen.int(in: 0...400)) { day in
            let cutoff = F.day(day)
            let endpoints = try ParticipantEndpoints.derive(from: casebook, dataCutoff: cutoff)
            let dates = [endpoints.progressionFreeSurvival.date, endpoints.overallSurvival.date, endpoints.timeToNextTreatment.date]
                + endpoints.localControlByLesion.map(\.result.date)
            #expect(dates.allSatisfy { $0 <= cutoff && $0 >= F.randomized })
            #expect(endpoints == (try ParticipantEndpoints.derive(from: casebook.asOf(dataCutoff: cutoff))))
            #expect(endpoints.overallSurvival.isEvent == (day >= 330))
        }
    }

    @Test func last_known_alive_is_the_latest_contact_of_any_kind() throws {
        #expect(try F.casebook.endpointParticipant().lastKnownAliveDate == F.day(112))
        var casebook = F.casebook
        casebook.followUps = [RecordedForm(id: "F1", form: FollowUpForm(date: F.day(182), status: .alive, lastKnownAliveDate: F.day(182)))]
        #expect(try casebook.endpointParticipant().lastKnownAliveDate == F.day(182))
        casebook.adverseEvents = [RecordedForm(id: "AE", form: AdverseEventRecord(
            term: "Fatigue", grade: 1, onsetDate: F.day(190), outcome: .notRecovered,
            procedureAttribution: .unrelated, systemicTherapyAttribution: .possible))]
        #expect(try casebook.endpointParticipant().lastKnownAliveDate == F.day(190))
        // Never after death.
        casebook.death = RecordedForm(id: "D", form: DeathForm(date: F.day(186), cause: .progression))
        casebook.adverseEvents = []
        #expect(try casebook.endpointParticipant().lastKnownAliveDate == F.day(182))
    }

    @Test func without_a_baseline_no_response_is_computed_and_pfs_is_censored_at_randomization() throws {
        var casebook = F.casebook
        casebook.baseline = nil
        let participant = try casebook.endpointParticipant()
        #expect(!participant.hasBaselineAssessment && participant.assessments.isEmpty)
        #expect(try ProgressionFreeSurvival.derive(for: participant).rule == .noBaselineAssessment)
    }

    @Test func an_unrandomized_casebook_is_refused_on_its_randomization_date() {
        var casebook = F.casebook
        casebook.randomizationDate = nil
        #expect(throws: ValidationFailure.self) { try casebook.endpointParticipant() }
    }

    @Test func the_governing_response_follows_the_participant_criterion() {
        let recist = RecistTimepointResult(date: F.day(56), sum: nil, nadir: nil, changeFromBaselinePct: nil, changeFromNadirPct: nil,
                                           target: .partialResponse, nonTarget: .nonCRNonPD, overall: .partialResponse)
        let percist = PercistTimepointResult(date: F.day(56), peak: nil, changePct: nil, changeAbs: nil, response: .progressiveMetabolicDisease)
        let pet = ComputedTimepointResponse(assessmentId: "A", date: F.day(56), criterion: .percist10, recist: recist, percist: percist)
        #expect(pet.governingEndpointResponse == .progressiveMetabolicDisease)
        let ct = ComputedTimepointResponse(assessmentId: "A", date: F.day(56), criterion: .recist11, recist: recist, percist: percist)
        #expect(ct.governingEndpointResponse == .partialResponse)
        let petWithoutPet = ComputedTimepointResponse(assessmentId: "A", date: F.day(56), criterion: .percist10, recist: recist, percist: nil)
        #expect(petWithoutPet.governingEndpointResponse == nil)
    }

    // MARK: populations

    @Test func an_implanted_participant_of_the_seeds_arm_is_in_every_population() throws {
        let populations = try AnalysisPopulations.classify(F.casebook, study: F.study)
        #expect(populations.intentionToTreat && populations.safety && populations.perProtocol)
        #expect(populations.actualArm == "I125" && populations.receivedAllocatedTreatment)
    }

    @Test func a_seeds_arm_participant_never_implanted_counts_as_control_treatment_for_safety() throws {
        var casebook = F.casebook
        casebook.implantations = []
        let populations = try AnalysisPopulations.classify(casebook, study: F.study)
        #expect(populations.randomizedArm == "I125" && populations.actualArm == "SYS")
        #expect(populations.safety && !populations.perProtocol)
        #expect(populations.perProtocolExclusions == [.allocatedTreatmentNotReceived])
    }

    @Test func without_any_study_treatment_a_participant_is_outside_the_safety_population() throws {
        var casebook = F.casebook
        casebook.armCode = "SYS"
        casebook.implantations = []
        casebook.therapyLines = []
        let populations = try AnalysisPopulations.classify(casebook, study: F.study)
        #expect(populations.intentionToTreat && !populations.safety && populations.actualArm == nil)
    }

    @Test func a_major_deviation_excludes_from_per_protocol_and_a_minor_does_not() throws {
        var casebook = F.casebook
        casebook.deviations = [RecordedForm(id: "DV", form: ProtocolDeviationForm(date: F.day(20), category: .visitSchedule, severity: .minor, description: "late visit"))]
        #expect(try AnalysisPopulations.classify(casebook, study: F.study).perProtocol)
        casebook.deviations[0].form.severity = .major
        let populations = try AnalysisPopulations.classify(casebook, study: F.study)
        #expect(!populations.perProtocol && populations.majorDeviationCount == 1)
    }

    // MARK: safety

    @Test(arguments: [(2, false), (3, true), (8, true)])
    func events_from_the_first_treatment_on_are_treatment_emergent(onsetDay: Int, emergent: Bool) {
        // First treatment: the first line on day 3 (before the day-7 implantation).
        var casebook = F.casebook
        casebook.adverseEvents = [RecordedForm(id: "AE", form: AdverseEventRecord(
            term: "Pneumothorax", grade: 2, onsetDate: F.day(onsetDay), outcome: .notRecovered,
            procedureAttribution: onsetDay >= 7 ? .definite : nil, systemicTherapyAttribution: .unrelated))]
        let safety = ParticipantSafety.derive(casebook)
        #expect(safety.firstTreatmentDate == F.day(3))
        #expect(safety.events[0].treatmentEmergent == emergent)
        #expect(safety.worstGrade == (emergent ? 2 : nil))
    }

    @Test func worst_grade_per_term_and_attribution_to_each_treatment_separately() throws {
        var casebook = F.casebook
        casebook.adverseEvents = [
            RecordedForm(id: "AE1", form: F.fatalEvent(grade: 3)),
            RecordedForm(id: "AE2", form: AdverseEventRecord(term: "Pneumothorax", grade: 2, onsetDate: F.day(20), outcome: .notRecovered,
                                                             procedureAttribution: .probable, systemicTherapyAttribution: .unrelated)),
            RecordedForm(id: "AE3", form: AdverseEventRecord(term: "Fatigue", grade: 1, onsetDate: F.day(30), outcome: .notRecovered,
                                                             procedureAttribution: .unlikely, systemicTherapyAttribution: .possible,
                                                             seriousnessCriteria: [.hospitalization], siteAwareAt: F.day(30).startOfDayUTC)),
        ]
        let safety = ParticipantSafety.derive(casebook, dictionary: try CtcaeDictionary.bundled())
        #expect(safety.worstGrade == 3)
        #expect(safety.worstGradeByTerm == ["Pneumothorax": 3, "Fatigue": 1])
        #expect(safety.worstGrade(where: \.therapyRelated) == 1)
        #expect(safety.worstGrade(where: \.procedureRelated) == 3)
        #expect(safety.worstGrade(where: \.serious) == 1)
        #expect(safety.events.first { $0.recordId == "AE3" }?.systemOrganClass == "General disorders and administration site conditions")
    }

    @Test func treatment_emergence_ends_thirty_days_after_the_last_treatment() {
        var casebook = F.casebook
        // The only line stopped on day 90 and the implantation was on day 7: last treatment day 90.
        casebook.adverseEvents = [120, 121].map { day in
            RecordedForm(id: "AE\(day)", form: AdverseEventRecord(term: "Fatigue", grade: 1, onsetDate: F.day(day), outcome: .notRecovered,
                                                                  procedureAttribution: .unrelated, systemicTherapyAttribution: .unrelated))
        }
        let safety = ParticipantSafety.derive(casebook)
        #expect(safety.lastTreatmentDate == F.day(90))
        #expect(safety.events.map(\.treatmentEmergent) == [true, false])
    }

    // MARK: QLQ-C30

    static func questionnaire(_ timepoint: String, day: Int, items: Int, global: Int) -> RecordedForm<QualityOfLifeQuestionnaire> {
        RecordedForm(id: timepoint, form: QualityOfLifeQuestionnaire(
            date: F.day(day), timepoint: timepoint, completedBy: .participant,
            answers: try! QlqC30Answers(answers: Dictionary(uniqueKeysWithValues: (1...30).map { ($0, $0 >= 29 ? global : items) }))))
    }

    @Test(arguments: [(1, 7, QlqC30ChangeCategory.improved), (2, 5, .stable), (3, 3, .worsened)])
    func change_categories_follow_each_scale_direction(items: Int, global: Int, expected: QlqC30ChangeCategory) {
        var casebook = F.casebook
        casebook.qualityOfLife = [Self.questionnaire("BL", day: -7, items: 2, global: 5), Self.questionnaire("QOL6", day: 182, items: items, global: global)]
        let outcomes = QualityOfLifeOutcome.derive(casebook, study: F.study)
        #expect(outcomes.count == 16)
        // Fatigue is a symptom scale, physical functioning and global health are higher-is-better: all move together here.
        for code in ["FA", "PF2", "QL2", "SUMSC"] {
            #expect(outcomes.first { $0.scale == code }?.category == expected, "\(code)")
        }
        let fatigue = outcomes.first { $0.scale == "FA" }!
        #expect(abs(fatigue.change! - (Double(items) - 2) * 100 / 3) < 1e-9)
    }

    @Test func a_missing_follow_up_questionnaire_leaves_the_change_missing() {
        let outcomes = QualityOfLifeOutcome.derive(F.casebook, study: F.study)
        #expect(outcomes.allSatisfy { $0.baseline != nil && $0.value == nil && $0.change == nil && $0.category == nil })
    }

    @Test func endpoint_settings_come_from_the_study() {
        let settings = EndpointSettings(study: F.study)
        #expect(settings.assessmentIntervalDays == 56 && settings.assessmentWindowDays == 7)
        #expect(settings.pfsHorizonDays == 365 && settings.osHorizonDays == 730 && settings.localControlHorizonDays == 365)
    }
}
