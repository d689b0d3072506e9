import Foundation
import Testing
import TrialCore

@Suite struct BaselineFormTests {
    typealias F = CaseReportFixture

    func check(_ change: (inout BaselineForm) -> Void) -> FormCheckResult { F.checkedBaseline(change) }

    @Test func a_complete_ct_baseline_saves_without_findings() {
        let result = F.baseline.check(in: F.context())
        #expect(result.errors == [])
        #expect(result.softFindings == [])
        #expect(F.baseline.imagingModality.governingCriterion == .recist11)
        #expect(ImagingModality.petCt.governingCriterion == .percist10)
    }

    @Test func age_ecog_and_prior_lines_out_of_range_are_refused() {
        #expect(check { $0.ageYears = 7 }.errorFields == ["ageYears"])
        #expect(check { $0.ecog = 6 }.errorFields == ["ecog"])
        #expect(check { $0.priorLinesOfTherapy = -1 }.errorFields == ["priorLinesOfTherapy"])
        #expect(check { $0.histology = " " }.errorFields == ["histology"])
    }

    @Test func ecog_above_protocol_limit_opens_a_query() {
        let result = check { $0.ecog = 3 }
        #expect(result.errors == [])
        #expect(result.queryFields == ["ecog"])
    }

    @Test func baseline_dated_in_the_future_is_refused() {
        #expect(check { $0.assessmentDate = F.today.adding(days: 1) }.errorFields.contains("assessmentDate"))
    }

    @Test func baseline_outside_its_window_opens_a_query() {
        // Baseline window: days -28 to 0.
        #expect(check { $0.assessmentDate = F.day(-29) }.queryFields == ["assessmentDate"])
        #expect(check { $0.assessmentDate = F.day(-28) }.softFindings == [])
    }

    @Test func lab_units_convert_to_the_standard_unit_and_a_wrong_unit_is_refused() {
        #expect(LabResult(test: .creatinine, value: 1, unit: .milligramsPerDecilitre).standardValue == F.mm("88.4"))
        #expect(LabResult(test: .haemoglobin, value: F.mm("12.5"), unit: .gramsPerDecilitre).standardValue == 125)
        let result = check { $0.labs[0] = LabResult(test: .platelets, value: 180, unit: .milligramsPerDecilitre) }
        #expect(result.errorFields == ["labs[0].unit"])
        #expect(check { $0.labs[1].value = 0 }.errorFields == ["labs[1].value"])
        #expect(check { $0.labs.append(LabResult(test: .inr, value: 1, unit: .ratio)) }.errorFields == ["labs[4].test"])
    }

    @Test func low_platelets_high_inr_and_a_missing_inr_open_queries() {
        #expect(check { $0.labs[0].value = 40 }.queryFields == ["labs[0].value"])
        #expect(check { $0.labs[1].value = F.mm("1.8") }.queryFields == ["labs[1].value"])
        #expect(check { $0.labs.remove(at: 1) }.queryFields == ["labs"])
    }

    @Test func a_non_target_needs_a_positive_size_in_tenths_of_a_millimetre() {
        #expect(check { $0.lesions[4].sizeMm = 0 }.errorFields == ["lesions[4].sizeMm"])
        #expect(check { $0.lesions[4].sizeMm = F.mm("8.25") }.errorFields == ["lesions[4].sizeMm"])
        #expect(check { $0.lesions[0].sizeMm = -3 }.errorFields == ["lesions[0].sizeMm"])
    }

    @Test func duplicate_lesion_identifier_is_refused() {
        #expect(check { $0.lesions[1].id = "L1" }.errorFields.contains("lesions[1].id"))
    }

    @Test func measurable_flag_must_match_recist_measurability() {
        // A 8 mm non-nodal lesion is not measurable; a 12 mm node is pathological, not measurable.
        #expect(check { $0.lesions[4].measurable = true }.errorFields == ["lesions[4].measurable"])
        let node = check { $0.lesions.append(BaselineLesion(id: "N2", organ: "hilum", location: "10R", nodal: true, sizeMm: 12, measurable: true, role: .nonTarget)) }
        #expect(node.errorFields == ["lesions[5].measurable"])
        let normal = check { $0.lesions.append(BaselineLesion(id: "N3", organ: "hilum", location: "10L", nodal: true, sizeMm: 8, measurable: false, role: .nonTarget)) }
        #expect(normal.errorFields == ["lesions[5].sizeMm"])
    }

    @Test func a_target_that_breaks_recist_selection_rules_is_refused_at_its_inventory_path() {
        // Third liver target: RECIST 1.1 allows two per organ.
        let third = check { $0.lesions.insert(BaselineLesion(id: "L5", organ: "liver", location: "segment II", sizeMm: 22, measurable: true, role: .target), at: 2) }
        #expect(third.errorFields == ["lesions[2].organ"])
        // A non-measurable lesion chosen as a target.
        let small = check { $0.lesions[4].role = .target }
        #expect(small.errorFields == ["lesions[4].sizeMm"])
    }

    @Test func sul_peak_needs_a_pet_ct_baseline() {
        #expect(check { $0.lesions[0].sulPeak = 6 }.errorFields == ["lesions[0].sulPeak"])
        #expect(check { $0.petReference = PetReferenceUptake(liverMean: 2, liverSD: F.mm("0.3")) }.errorFields == ["petReference"])
    }

    @Test func a_pet_ct_baseline_needs_a_reference_and_a_measurable_hottest_lesion() {
        let valid = check(PercistFixture.makePetBaseline)
        #expect(valid.errors == [])
        let noReference = check { PercistFixture.makePetBaseline(&$0); $0.petReference = nil }
        #expect(noReference.errorFields.contains("petReference"))
        // Threshold 1.5 x 2.0 + 2 x 0.3 = 3.6: a hottest lesion of 3.0 is not measurable.
        let cold = check { PercistFixture.makePetBaseline(&$0); $0.lesions[0].sulPeak = 3; $0.lesions[1].sulPeak = 2 }
        #expect(cold.errorFields == ["lesions"])
    }

    @Test func no_lesion_planned_for_implantation_opens_a_query() {
        let result = check { form in for index in form.lesions.indices { form.lesions[index].plannedForImplantation = false } }
        #expect(result.queryFields == ["lesions"])
    }

    @Test func the_form_round_trips_through_json() throws {
        let data = try JSONEncoder().encode(F.baseline)
        #expect(try JSONDecoder().decode(BaselineForm.self, from: data) == F.baseline)
    }
}

enum PercistFixture {
    /// Liver reference 2.0 +/- 0.3 (measurability threshold 3.6); L1 SULpeak 8.0, L2 5.0.
    static func makePetBaseline(_ form: inout BaselineForm) {
        form.imagingModality = .petCt
        form.petReference = PetReferenceUptake(liverMean: 2, liverSD: Decimal(string: "0.3")!)
        form.lesions[0].sulPeak = 8
        form.lesions[1].sulPeak = 5
    }

    static func scan(_ date: CalendarDate, l1: Decimal, newLesions: Bool = false) -> PercistEvaluationRequest.Scan {
        PercistEvaluationRequest.Scan(date: date, liverMean: 2, liverSD: Decimal(string: "0.3")!,
                                      lesions: [.init(id: "L1", sulPeak: l1)], newLesions: newLesions)
    }

    static var casebook: Casebook {
        var casebook = CaseReportFixture.casebook
        var baseline = CaseReportFixture.baseline
        makePetBaseline(&baseline)
        casebook.baseline = RecordedForm(id: "BL", form: baseline)
        for index in casebook.assessments.indices {
            let date = casebook.assessments[index].form.date
            casebook.assessments[index].form.modality = .petCt
            casebook.assessments[index].form.percist = scan(date, l1: index == 0 ? 7 : 5)
        }
        // 8.0 -> 7.0 is SMD; 8.0 -> 5.0 (-37.5%, -3.0) is PMR.
        casebook.assessments[0].form.investigatorPercist = .stableMetabolicDisease
        casebook.assessments[1].form.investigatorPercist = .partialMetabolicResponse
        return casebook
    }
}
