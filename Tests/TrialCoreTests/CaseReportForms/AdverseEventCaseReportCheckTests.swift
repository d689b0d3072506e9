import Foundation
import Testing
import TrialCore

@Suite struct AdverseEventCaseReportCheckTests {
    typealias F = CaseReportFixture

    func check(_ record: AdverseEventRecord, casebook: Casebook = F.casebook) throws -> FormCheckResult {
        record.check(in: F.context(casebook), dictionary: try CtcaeDictionary.bundled())
    }

    static var pneumothorax: AdverseEventRecord {
        AdverseEventRecord(term: "Pneumothorax", grade: 2, onsetDate: F.day(8), resolutionDate: F.day(12), outcome: .recovered,
                           procedureAttribution: .definite, systemicTherapyAttribution: .unrelated)
    }

    @Test func a_procedure_complication_after_implantation_saves() throws {
        #expect(try check(Self.pneumothorax).errors == [])
        #expect(try check(Self.pneumothorax).softFindings == [])
    }

    @Test func attribution_follows_the_treatments_received_by_the_onset() throws {
        // Day 2: no implantation (day 7) and no therapy (day 3) yet.
        var early = Self.pneumothorax
        early.onsetDate = F.day(2)
        #expect(try check(early).errorFields == ["procedureAttribution", "systemicTherapyAttribution"])
        early.procedureAttribution = nil
        early.systemicTherapyAttribution = nil
        #expect(try check(early).errors == [])
        #expect(AdverseEventRecord.exposure(in: F.casebook, on: F.day(7)) == .procedureAndSystemicTherapy)
    }

    @Test func a_grade_that_does_not_exist_for_the_term_is_refused() throws {
        var record = Self.pneumothorax
        record.term = "Alopecia"
        record.procedureAttribution = .unrelated
        record.grade = 3
        #expect(try check(record).errorFields == ["grade"])
    }

    @Test func onset_in_the_future_or_after_death_is_refused() throws {
        var future = Self.pneumothorax
        future.onsetDate = F.today.adding(days: 1)
        future.resolutionDate = nil
        future.outcome = .notRecovered
        #expect(try check(future).errorFields == ["onsetDate"])
        var dead = F.casebook
        dead.death = RecordedForm(id: "D", form: DeathForm(date: F.day(10), cause: .progression))
        #expect(try check(Self.pneumothorax, casebook: dead).errorFields == ["resolutionDate"])
    }

    @Test func onset_before_randomization_or_a_fatal_event_ending_off_the_death_date_opens_a_query() throws {
        var baseline = Self.pneumothorax
        baseline.onsetDate = F.day(-2)
        baseline.resolutionDate = F.day(-1)
        baseline.procedureAttribution = nil
        baseline.systemicTherapyAttribution = nil
        #expect(try check(baseline).queryFields == ["onsetDate"])
        var dead = F.casebook
        dead.death = RecordedForm(id: "D", form: DeathForm(date: F.day(10), cause: .adverseEvent, adverseEventId: "AE1"))
        #expect(try check(F.fatalEvent(), casebook: dead).queryFields == ["resolutionDate"])
        var onTheDay = F.fatalEvent()
        onTheDay.resolutionDate = F.day(10)
        #expect(try check(onTheDay, casebook: dead).softFindings == [])
        #expect(try check(onTheDay, casebook: dead).errors == [])
    }
}
