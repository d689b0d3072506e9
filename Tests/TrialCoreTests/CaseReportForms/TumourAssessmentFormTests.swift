import Foundation
import Testing
import TrialCore

@Suite struct TumourAssessmentFormTests {
    typealias F = CaseReportFixture

    func check(_ change: (inout TumourAssessmentForm) -> Void = { _ in }, casebook: Casebook = F.casebook, id: String? = "A2") -> FormCheckResult {
        F.checkedSecondAssessment(change, casebook: casebook, id: id)
    }

    @Test func a_valid_assessment_saves_without_findings() {
        #expect(check().errors == [])
        #expect(check().softFindings == [])
    }

    @Test func dates_before_randomization_in_the_future_after_death_or_taken_are_refused() {
        #expect(check { $0.date = F.day(-1) }.errorFields.contains("date"))
        #expect(check { $0.date = F.today.adding(days: 1) }.errorFields == ["date"])
        #expect(check { $0.date = F.day(56) }.errorFields == ["date"])
        var dead = F.casebook
        dead.death = RecordedForm(id: "D", form: DeathForm(date: F.day(100), cause: .progression))
        #expect(check(casebook: dead).errorFields == ["date"])
    }

    @Test func an_assessment_needs_the_baseline_inventory() {
        var casebook = F.casebook
        casebook.baseline = nil
        #expect(check(casebook: casebook).errorFields == ["date"])
    }

    @Test func target_readings_must_match_the_baseline_targets() {
        // A lesion outside the inventory, and a baseline target left out.
        let unknown = check { $0.targets[3] = .init(id: "X9", mm: 10) }
        #expect(unknown.errorFields.contains { $0.hasPrefix("targets") })
        let negative = check { $0.targets[0].mm = -2 }
        #expect(negative.errorFields == ["targets[0].mm"])
    }

    @Test func a_target_not_measured_opens_a_query() {
        let result = check { $0.targets[2].mm = nil; $0.investigatorRecist = .notEvaluable }
        #expect(result.errors == [])
        #expect(result.queryFields == ["targets[2].mm"])
    }

    @Test func an_assessment_outside_every_imaging_window_opens_a_query() {
        // IMG-2 window: days 105 to 119.
        #expect(check { $0.date = F.day(104) }.queryFields == ["date"])
        #expect(check { $0.date = F.day(105) }.softFindings == [])
        #expect(check { $0.date = F.day(119) }.softFindings == [])
        #expect(check { $0.date = F.day(120) }.queryFields == ["date"])
    }

    @Test func the_investigator_reading_disagreeing_with_recist_opens_a_query() {
        let result = check { $0.investigatorRecist = .stableDisease }
        #expect(result.errors == [])
        #expect(result.queryFields == ["investigatorRecist"])
        #expect(result.softFindings[0].message.contains("PR"))
    }

    @Test func new_lesions_need_a_site_and_set_the_recist_finding() {
        #expect(check { $0.newLesions = [NewLesionEntry(site: "", finding: .equivocal)] }.errorFields == ["newLesions[0].site"])
        var form = F.secondAssessment
        #expect(form.newLesionFinding == .noneSeen)
        form.newLesions = [NewLesionEntry(site: "brain", finding: .equivocal)]
        #expect(form.newLesionFinding == .equivocal)
        form.newLesions.append(NewLesionEntry(site: "adrenal", finding: .unequivocal))
        #expect(form.newLesionFinding == .unequivocal)
    }

    @Test func treated_lesion_readings_only_for_lesions_implanted_before_the_assessment() {
        #expect(check { $0.treatedLesions.append(TreatedLesionReading(lesionId: "L3", status: .controlled)) }.errorFields == ["treatedLesions[2].lesionId"])
        #expect(check { $0.treatedLesions[1].lesionId = "L1" }.errorFields == ["treatedLesions[1].lesionId"])
        var late = F.casebook
        late.implantations[0].form.date = F.day(112)
        #expect(check(casebook: late).errorFields == ["treatedLesions[0].lesionId", "treatedLesions[1].lesionId"])
    }

    @Test func in_field_progression_needs_its_reason() {
        #expect(check { $0.treatedLesions[0].status = .progression }.errorFields == ["treatedLesions[0].reason"])
        let reasoned = check { $0.treatedLesions[0].status = .progression; $0.treatedLesions[0].reason = "rim growth 6 mm" }
        #expect(reasoned.errors == [])
        let scan = TreatedLesionReading(lesionId: "L1", status: .progression, mm: 26, reason: "growth").localControlScan(date: F.day(112))
        #expect(scan.radiologistInFieldProgression == true && scan.mm == 26)
    }

    @Test func a_treated_lesion_without_a_reading_opens_a_query() {
        #expect(check { $0.treatedLesions.removeLast() }.queryFields == ["treatedLesions"])
    }

    @Test func percist_readings_go_with_pet_ct_only() {
        #expect(check { $0.percist = PercistFixture.scan(F.day(112), l1: 5) }.errorFields == ["percist"])
        // A CT-baseline participant may have a PET/CT; its PERCIST values are not evaluated.
        #expect(check { $0.modality = .petCt }.errors == [])
        let unused = check { $0.modality = .petCt; $0.percist = PercistFixture.scan(F.day(112), l1: 5) }
        #expect(unused.errors == [])
        #expect(unused.queryFields == ["percist"])
        #expect(check { $0.investigatorPercist = .stableMetabolicDisease }.errorFields == ["investigatorPercist"])
    }

    @Test func pet_ct_assessment_of_a_percist_participant_is_checked_against_the_baseline_pet() {
        let casebook = PercistFixture.casebook
        let form = casebook.assessments[1].form
        let valid = form.check(in: F.context(casebook), recordId: "A2")
        #expect(valid.errors == [])
        #expect(valid.softFindings == [])

        var wrongDate = form
        wrongDate.percist?.date = F.day(111)
        #expect(wrongDate.check(in: F.context(casebook), recordId: "A2").errorFields == ["percist.date"])

        var noNewLesionAnswer = form
        noNewLesionAnswer.percist?.newLesions = nil
        #expect(noNewLesionAnswer.check(in: F.context(casebook), recordId: "A2").errorFields == ["percist.newLesions"])

        var ctOnly = form
        ctOnly.modality = .ct
        ctOnly.percist = nil
        ctOnly.investigatorPercist = nil
        #expect(ctOnly.check(in: F.context(casebook), recordId: "A2").queryFields == ["modality"])

        var noPet = form
        noPet.percist = nil
        noPet.investigatorPercist = nil
        #expect(noPet.check(in: F.context(casebook), recordId: "A2").errorFields == ["percist"])

        var disagreeing = form
        disagreeing.investigatorPercist = .progressiveMetabolicDisease
        #expect(disagreeing.check(in: F.context(casebook), recordId: "A2").queryFields == ["investigatorPercist"])
        disagreeing.investigatorRecist = .progressiveDisease
        #expect(disagreeing.check(in: F.context(casebook), recordId: "A2").queryFields == ["investigatorRecist", "investigatorPercist"])
    }
}
