import Foundation
import Testing
import TrialCore

@Suite struct ImplantationProcedureFormTests {
    typealias F = CaseReportFixture

    func check(_ change: (inout ImplantationProcedureForm) -> Void = { _ in }, casebook: Casebook = F.casebook) -> FormCheckResult {
        var form = F.implantation
        change(&form)
        return form.check(in: F.context(casebook), recordId: "IMP1")
    }

    @Test func a_valid_procedure_saves_without_findings() {
        let result = check()
        #expect(result.errors == [])
        #expect(result.softFindings == [])
    }

    @Test func activity_entered_in_mci_is_stored_in_mbq_at_37_mbq_per_mci() throws {
        #expect(SeedActivity(F.mm("0.6"), .mCi).megabecquerels == F.mm("22.2"))
        #expect(SeedActivity(F.mm("22.2"), .MBq).millicuries == F.mm("0.6"))
        let entered = try JSONDecoder().decode(SeedActivity.self, from: Data(#"{"value": 0.5, "unit": "mCi"}"#.utf8))
        #expect(entered.megabecquerels == F.mm("18.5"))
        let stored = String(decoding: try JSONEncoder().encode(entered), as: UTF8.self)
        #expect(stored == #"{"megabecquerels":18.5}"#)
    }

    @Test func implantation_is_refused_for_the_control_arm() {
        var casebook = F.casebook
        casebook.armCode = "SYS"
        #expect(check(casebook: casebook).errorFields == ["lesions"])
    }

    @Test func implantation_is_refused_before_randomization_or_without_it() {
        #expect(check { $0.date = F.day(-1) }.errorFields == ["date"])
        var unrandomized = F.casebook
        unrandomized.randomizationDate = nil
        #expect(check(casebook: unrandomized).errorFields == ["date"])
    }

    @Test func implantation_in_the_future_or_after_death_is_refused() {
        #expect(check { $0.date = F.today.adding(days: 1) }.errorFields == ["date"])
        var dead = F.casebook
        dead.death = RecordedForm(id: "D", form: DeathForm(date: F.day(5), cause: .progression))
        #expect(check(casebook: dead).errorFields == ["date"])
    }

    @Test func lesions_must_come_from_the_inventory_once_each() {
        #expect(check { $0.lesions[1].lesionId = "L9" }.errorFields == ["lesions[1].lesionId"])
        #expect(check { $0.lesions[1].lesionId = "L1" }.errorFields == ["lesions[1].lesionId"])
        #expect(check { $0.lesions = [] }.errorFields == ["lesions"])
        var noBaseline = F.casebook
        noBaseline.baseline = nil
        #expect(check(casebook: noBaseline).errorFields == ["lesions"])
    }

    @Test(arguments: [0, -3])
    func seeds_must_be_at_least_one(seeds: Int) {
        #expect(check { $0.lesions[0].seeds = seeds }.errorFields == ["lesions[0].seeds"])
    }

    @Test func doses_and_volumes_must_be_physical() {
        #expect(check { $0.lesions[0].prescribedDoseGy = 0 }.errorFields.contains("lesions[0].prescribedDoseGy"))
        #expect(check { $0.lesions[0].d90Gy = -1 }.errorFields == ["lesions[0].d90Gy"])
        #expect(check { $0.lesions[0].v100Percent = 101 }.errorFields == ["lesions[0].v100Percent"])
        #expect(check { $0.activityPerSeed = SeedActivity(megabecquerels: 0) }.errorFields == ["activityPerSeed"])
        #expect(check { $0.operatorName = "" }.errorFields == ["operatorName"])
    }

    @Test func complications_must_be_recorded_adverse_events() {
        #expect(check { $0.complicationAdverseEventIds = ["AE1"] }.errorFields == ["complicationAdverseEventIds[0]"])
        var withEvent = F.casebook
        withEvent.adverseEvents = [RecordedForm(id: "AE1", form: F.fatalEvent(grade: 2))]
        #expect(check({ $0.complicationAdverseEventIds = ["AE1"] }, casebook: withEvent).errors == [])
    }

    @Test func unusual_activity_dose_and_underdosing_open_queries() {
        // 1.0 mCi = 37 MBq is above the usual 0.4-0.8 mCi.
        #expect(check { $0.activityPerSeed = SeedActivity(1, .mCi) }.queryFields == ["activityPerSeed"])
        #expect(check { $0.activityPerSeed = SeedActivity(F.mm("0.8"), .mCi) }.softFindings == [])
        #expect(check { $0.lesions[1].prescribedDoseGy = 200 }.queryFields == ["lesions[1].prescribedDoseGy"])
        #expect(check { $0.lesions[0].d90Gy = 100 }.queryFields == ["lesions[0].d90Gy"])
        #expect(check { $0.lesions[0].lesionId = "L3" }.queryFields == ["lesions[0].lesionId"])
    }

    @Test func first_procedure_outside_its_window_opens_a_query_but_a_repeat_does_not() {
        // Implantation window: days 0 to 14.
        #expect(check { $0.date = F.day(15) }.queryFields == ["date"])
        #expect(check { $0.date = F.day(14) }.softFindings == [])
        let repeatProcedure = F.implantation
        var casebook = F.casebook
        casebook.implantations.append(RecordedForm(id: "IMP2", form: repeatProcedure))
        var later = F.implantation
        later.date = F.day(100)
        #expect(later.check(in: F.context(casebook), recordId: "IMP3").softFindings == [])
    }
}

@Suite struct SystemicTherapyLineFormTests {
    typealias F = CaseReportFixture

    func check(_ change: (inout SystemicTherapyLineForm) -> Void = { _ in }, casebook: Casebook = F.casebook, id: String? = "T1") -> FormCheckResult {
        var form = F.firstLine
        change(&form)
        return form.check(in: F.context(casebook), recordId: id)
    }

    @Test func a_valid_line_saves_without_findings() {
        #expect(check().errors == [])
        #expect(check().softFindings == [])
    }

    @Test func stop_before_start_is_refused() {
        #expect(check { $0.stopDate = F.day(2) }.errorFields == ["stopDate"])
    }

    @Test func stop_date_and_reason_come_together() {
        #expect(check { $0.stopReason = nil }.errorFields == ["stopReason"])
        #expect(check { $0.stopDate = nil }.errorFields == ["stopDate"])
        #expect(check { $0.stopDate = nil; $0.stopReason = nil }.errors == [])
    }

    @Test func a_stop_for_death_needs_the_death_recorded_and_its_date() {
        #expect(check { $0.stopReason = .death }.errorFields == ["stopReason"])
        var dead = F.casebook
        dead.death = RecordedForm(id: "D", form: DeathForm(date: F.day(100), cause: .progression))
        #expect(check({ $0.stopReason = .death }, casebook: dead).errorFields == ["stopDate"])
        #expect(check({ $0.stopReason = .death; $0.stopDate = F.day(100) }, casebook: dead).errors == [])
    }

    @Test func line_numbers_are_positive_and_unique() {
        #expect(check { $0.lineNumber = 0 }.errorFields == ["lineNumber"])
        #expect(check(id: "T2").errorFields == ["lineNumber"])
        #expect(check { $0.agents = [] }.errorFields == ["agents"])
        #expect(check { $0.regimen = "" }.errorFields == ["regimen"])
    }

    @Test func dates_in_the_future_or_a_start_after_death_are_refused() {
        #expect(check { $0.stopDate = F.today.adding(days: 3) }.errorFields == ["stopDate"])
        var dead = F.casebook
        dead.death = RecordedForm(id: "D", form: DeathForm(date: F.day(2), cause: .progression))
        #expect(check({ $0.stopDate = nil; $0.stopReason = nil }, casebook: dead).errorFields == ["startDate"])
    }

    @Test func a_start_before_randomization_or_a_first_line_for_progression_opens_a_query() {
        #expect(check { $0.startDate = F.day(-3) }.queryFields == ["startDate"])
        #expect(check { $0.startReason = .progression }.queryFields == ["startReason"])
    }

    @Test func ttnt_reads_the_start_and_its_reason() {
        var second = F.firstLine
        second.startDate = F.day(120)
        second.startReason = .progression
        #expect(second.endpointTherapyStart(randomizationDate: F.randomized) == EndpointTherapyStart(date: F.day(120), reason: .progression))
        #expect(second.endpointTherapyStart(randomizationDate: F.randomized)?.reason.startsNewLine == true)
        second.startDate = F.day(-10)
        #expect(second.endpointTherapyStart(randomizationDate: F.randomized) == nil)
    }
}
