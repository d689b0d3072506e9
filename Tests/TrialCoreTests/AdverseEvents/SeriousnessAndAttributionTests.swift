import Foundation
import Testing
@testable import TrialCore

@Test func an_event_is_serious_iff_it_meets_any_criterion_whatever_its_grade() {
    #expect(Seriousness.isSerious([]) == false)
    for criterion in SeriousnessCriterion.allCases {
        #expect(Seriousness.isSerious([criterion]))
    }
    // A grade 2 event that needs hospital admission is serious; a grade 3 one that does not is not.
    let onset = CalendarDate(iso8601: "2026-05-01")!
    let hospitalised = AdverseEventRecord(
        term: "Pain", grade: 2, onsetDate: onset, outcome: .recovering, seriousnessCriteria: [.hospitalization])
    let severe = AdverseEventRecord(term: "Pain", grade: 3, onsetDate: onset, outcome: .recovering)
    #expect(hospitalised.isSerious)
    #expect(!severe.isSerious)
}

@Test func the_sponsor_report_is_due_24_hours_after_the_site_learns_of_the_event() {
    let aware = Date(timeIntervalSince1970: 1_780_000_000)
    let deadline = Seriousness.sponsorReportDeadline(siteAwareAt: aware)
    #expect(deadline.timeIntervalSince(aware) == 86_400)
    #expect(Seriousness.isReportedOnTime(siteAwareAt: aware, reportedAt: deadline))
    #expect(!Seriousness.isReportedOnTime(siteAwareAt: aware, reportedAt: deadline.addingTimeInterval(1)))

    let onset = CalendarDate(utcDayOf: aware)
    var record = AdverseEventRecord(term: "Pneumothorax", grade: 3, onsetDate: onset, outcome: .recovering, siteAwareAt: aware)
    #expect(record.sponsorReportDeadline == nil)  // not serious
    record.seriousnessCriteria = [.hospitalization]
    #expect(record.sponsorReportDeadline == deadline)
}

@Test func unexpected_related_serious_events_go_to_the_regulator_in_7_or_15_days() {
    #expect(Seriousness.expeditedRegulatoryReportingDays(criteria: [.death], expected: false, related: true) == 7)
    #expect(Seriousness.expeditedRegulatoryReportingDays(criteria: [.lifeThreatening], expected: false, related: true) == 7)
    #expect(Seriousness.expeditedRegulatoryReportingDays(criteria: [.hospitalization], expected: false, related: true) == 15)
    #expect(Seriousness.expeditedRegulatoryReportingDays(criteria: [.hospitalization], expected: true, related: true) == nil)
    #expect(Seriousness.expeditedRegulatoryReportingDays(criteria: [.hospitalization], expected: false, related: false) == nil)
    #expect(Seriousness.expeditedRegulatoryReportingDays(criteria: [], expected: false, related: true) == nil)
}

@Test(arguments: [
    (AdverseEventAttribution.unrelated, false), (.unlikely, false), (.possible, true), (.probable, true), (.definite, true),
])
func related_means_possible_probable_or_definite(attribution: AdverseEventAttribution, related: Bool) {
    #expect(attribution.isRelated == related)
}

@Test func an_event_is_treatment_related_when_either_attribution_is_related() {
    let onset = CalendarDate(iso8601: "2026-05-01")!
    var record = AdverseEventRecord(
        term: "Nausea", grade: 1, onsetDate: onset, outcome: .recovering,
        procedureAttribution: .unlikely, systemicTherapyAttribution: .unrelated)
    #expect(!record.isTreatmentRelated)
    record.systemicTherapyAttribution = .possible
    #expect(record.isTreatmentRelated)
    record.systemicTherapyAttribution = nil
    record.procedureAttribution = .probable
    #expect(record.isTreatmentRelated)
}

@Test func treatment_emergent_from_first_treatment_to_30_days_after_the_last() {
    let first = CalendarDate(iso8601: "2026-01-10")!
    let last = CalendarDate(iso8601: "2026-06-30")!
    func emergent(_ onset: CalendarDate, window: Int = TreatmentEmergence.defaultWindowDays) -> Bool {
        TreatmentEmergence.isTreatmentEmergent(onset: onset, firstTreatment: first, lastTreatment: last, windowDays: window)
    }
    #expect(!emergent(first.adding(days: -1)))
    #expect(emergent(first))
    #expect(emergent(last.adding(days: 30)))
    #expect(!emergent(last.adding(days: 31)))
    #expect(emergent(last.adding(days: 60), window: 90))
    // Never treated: nothing is treatment-emergent; still on treatment: no upper limit yet.
    #expect(!TreatmentEmergence.isTreatmentEmergent(onset: first, firstTreatment: nil, lastTreatment: nil))
    #expect(TreatmentEmergence.isTreatmentEmergent(onset: last.adding(days: 400), firstTreatment: first, lastTreatment: nil))
}
