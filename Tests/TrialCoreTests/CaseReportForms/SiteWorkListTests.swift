import Foundation
import Testing
import TrialCore

/// The dashboard's work lists, decided in TrialCore (they were computed in the page before).
@Suite struct SiteWorkListTests {
    typealias F = CaseReportFixture

    func entry(_ id: String, arm: String = "I125", today: Int, signed: Bool = false, casebook: Casebook? = nil)
        -> (schedule: ParticipantVisitSchedule, casebook: Casebook, signed: Bool) {
        (ParticipantVisitSchedule(participantId: id, study: F.study, armCode: arm, randomizationDate: F.randomized, completed: [], today: F.day(today)),
         casebook ?? Casebook(participantId: id), signed)
    }

    @Test func a_visit_whose_window_opens_within_seven_days_is_listed_as_due() {
        // IMG-1 opens on day 49: listed from day 42 on, not on day 41; follow-up FU-1 (opens day 77) is not.
        let atDay42 = SiteWorkList([entry("960-0001", today: 42)], today: F.day(42))
        #expect(atDay42.due.map(\.visit.visit.code) == ["IMG-1"])
        #expect(atDay42.due.allSatisfy { $0.participantId == "960-0001" })
        let atDay41 = SiteWorkList([entry("960-0001", today: 41)], today: F.day(41))
        #expect(atDay41.due.isEmpty)
        #expect(SiteWorkList.dueLookaheadDays == 7)
    }

    @Test func overdue_and_missed_visits_are_counted_apart_in_the_order_given() {
        let list = SiteWorkList([entry("960-0002", today: 70), entry("960-0001", arm: "SYS", today: 70)], today: F.day(70))
        // The implantation window (days 0-14) and IMG-1 (49-63) closed with nothing recorded.
        #expect(list.overdue.contains { $0.participantId == "960-0002" && $0.visit.visit.code == "IMPL" })
        #expect(!list.overdue.contains { $0.participantId == "960-0001" && $0.visit.visit.code == "IMPL" })
        #expect(list.overdue.first?.participantId == "960-0002")
        #expect(list.overdue.allSatisfy { $0.visit.status == .overdue })
    }

    @Test func a_casebook_awaits_the_investigators_signature_only_once_it_holds_data() {
        #expect(!SiteWorkList.awaitsSignature(Casebook(participantId: "960-0001"), signed: false))
        #expect(SiteWorkList.awaitsSignature(F.casebook, signed: false))
        #expect(!SiteWorkList.awaitsSignature(F.casebook, signed: true))
        let list = SiteWorkList([entry("960-0001", today: 10, casebook: F.casebook), entry("960-0002", today: 10),
                                 entry("960-0003", today: 10, signed: true, casebook: F.casebook)], today: F.day(10))
        #expect(list.unsignedCasebooks == ["960-0001"])
    }
}

/// Which forms a casebook offers to start, decided in TrialCore (the casebook page filtered them before).
@Suite struct NewFormChoiceTests {
    typealias F = CaseReportFixture

    @Test func only_an_implantation_arm_offers_the_implantation_form() {
        #expect(CaseReportEntry.kindsToAdd(study: F.study, armCode: "I125", saved: []).contains(.implantation))
        #expect(!CaseReportEntry.kindsToAdd(study: F.study, armCode: "SYS", saved: []).contains(.implantation))
        #expect(!CaseReportEntry.kindsToAdd(study: F.study, armCode: nil, saved: []).contains(.implantation))
    }

    @Test func a_form_of_which_there_is_one_is_not_offered_again_once_saved() {
        let kinds = CaseReportEntry.kindsToAdd(study: F.study, armCode: "I125", saved: [.baseline, .death, .tumourAssessment, .implantation])
        #expect(!kinds.contains(.baseline) && !kinds.contains(.death))
        // Repeated forms stay: assessments and implantation sessions are recorded again.
        #expect(kinds.contains(.tumourAssessment) && kinds.contains(.adverseEvents))
        #expect(kinds == CaseReportEntry.recordedKinds.filter { kinds.contains($0) })
    }
}

@Suite struct SiteScopeTests {
    @Test func a_site_bound_user_records_for_their_own_site_whatever_the_form_says() {
        #expect(SiteScope.site("960").siteForNewRecord(chosen: "961") == "960")
        #expect(SiteScope.site("960").siteForNewRecord(chosen: nil) == "960")
        #expect(SiteScope.allSites.siteForNewRecord(chosen: "961") == "961")
        #expect(SiteScope.allSites.siteForNewRecord(chosen: "") == nil)
        #expect(SiteScope.allSites.siteForNewRecord(chosen: nil) == nil)
    }

    @Test func the_sites_a_scope_may_record_for_keep_the_studys_order() {
        var study = CaseReportFixture.study
        study.sites.append(StudySite(code: "961", name: LocalizedText(en: "Second", zhHans: "第二"), city: LocalizedText(en: "Jinan", zhHans: "济南")))
        #expect(SiteScope.allSites.sites(of: study).map(\.code) == ["960", "961"])
        #expect(SiteScope.site("961").sites(of: study).map(\.code) == ["961"])
        #expect(SiteScope.site("999").sites(of: study).isEmpty)
    }
}
