import Foundation
import Testing
import TrialCore
import TrialTestFixtures

/// `StudyAmendmentCheck`: each refusal rule, with and without the data that triggers it, and the readable
/// diff and schedule moves that `study amend --dry-run` prints.
@Suite("Study amendments")
struct StudyAmendmentCheckTests {
    static let randomized = StudyDataInUse(randomizedParticipants: 3, screeningFieldsWithValues: ["age", "sex", "ecog"],
                                           recordedCategories: ["sex": ["female", "male"]],
                                           formsWithData: [.baseline, .tumourAssessment], installedVersions: ["1.0"],
                                           sitesWithData: ["960"])

    func problems(data: StudyDataInUse = randomized, _ change: (inout StudyDefinition) -> Void) -> [String] {
        var proposed = StudyFixture.study
        proposed.version = "1.1"
        change(&proposed)
        return StudyAmendmentCheck(current: StudyFixture.study, proposed: proposed, data: data).problems()
            .map { "\($0.field) \($0.rule.rawValue)" }
    }

    @Test func an_added_visit_and_a_new_site_are_accepted_mid_trial() {
        let found = problems { study in
            study.visits.append(VisitDefinition(code: "IMG12", label: StudyFixture.text("Month 12 imaging"), day: 365,
                                                windowMinusDays: 14, windowPlusDays: 14,
                                                forms: [.tumourAssessment, .adverseEvents, .systemicTherapy]))
            study.sites.append(StudySite(code: "961", name: StudyFixture.text("Second"), city: StudyFixture.text("Qingdao")))
            study.targetEnrollment = 160
        }
        #expect(found.isEmpty)
    }

    @Test func the_protocol_id_must_stay_and_the_version_must_be_new() {
        #expect(problems { $0.protocolId = "OTHER" } == ["protocolId protocolIdChanged"])
        #expect(problems { $0.version = "1.0" } == ["version versionAlreadyInstalled"])
    }

    @Test func randomization_settings_are_frozen_once_anyone_is_randomized() {
        #expect(problems { $0.allocationRatio = AllocationRatio(["I125": 2, "SYS": 1]) } == ["allocationRatio randomizationFrozen"])
        #expect(problems { $0.randomization = .permutedBlocks(PermutedBlockSettings(blockSizes: [4], studyTeamSetting: nil)) }
            == ["randomization randomizationFrozen"])
        #expect(problems { $0.stratification[0].levels[1].range = .between(8, 12) } == ["stratification[0] randomizationFrozen"])
        #expect(problems { $0.arms.removeLast(); $0.allocationRatio = AllocationRatio(["I125": 1]) }
            == ["arms randomizationFrozen", "allocationRatio randomizationFrozen"])
        // The reason text of the scheme is not part of the allocation rule.
        #expect(problems { $0.randomization = .permutedBlocks(PermutedBlockSettings(blockSizes: [4, 6], studyTeamSetting: StudyTeamSetting(reason: "reworded"))) }.isEmpty)
    }

    @Test func before_the_first_randomization_the_design_may_still_change() {
        var data = Self.randomized
        data.randomizedParticipants = 0
        #expect(problems(data: data) { $0.allocationRatio = AllocationRatio(["I125": 2, "SYS": 1]) }.isEmpty)
    }

    @Test func a_field_holding_values_cannot_be_removed_or_change_kind() {
        #expect(problems { $0.screeningFields.removeAll { $0.name == "ecog" }; $0.eligibility.removeAll { $0.id == "I04" } }
            == ["screeningFields removesRecordedData"])
        #expect(problems { $0.screeningFields[0].kind = .decimal } == ["screeningFields[0].kind changesRecordedType"])
        // inr holds no value yet: it may go (its criterion goes with it).
        #expect(problems { $0.screeningFields.removeAll { $0.name == "inr" }; $0.eligibility.removeAll { $0.id == "I11" } }.isEmpty)
    }

    @Test func a_recorded_category_word_cannot_be_removed_but_one_may_be_added() {
        #expect(problems { $0.screeningFields[1].categories = ["female"] } == ["screeningFields[1].categories removesRecordedData"])
        #expect(problems { $0.screeningFields[1].categories = ["female", "male", "other"] }.isEmpty)
        var data = Self.randomized
        data.recordedCategories = ["sex": ["female"]]
        #expect(problems(data: data) { $0.screeningFields[1].categories = ["female"] }.isEmpty)
    }

    @Test func a_site_that_has_screened_stays() {
        var twoSites = StudyFixture.study
        twoSites.sites.append(StudySite(code: "961", name: StudyFixture.text("Second"), city: StudyFixture.text("Qingdao")))
        var proposed = twoSites
        proposed.version = "1.1"
        proposed.sites.removeAll { $0.code == "960" }
        let refused = StudyAmendmentCheck(current: twoSites, proposed: proposed, data: Self.randomized).problems()
        #expect(refused.map { "\($0.field) \($0.rule.rawValue)" } == ["sites removesRecordedData"])
        proposed = twoSites
        proposed.version = "1.1"
        proposed.sites.removeAll { $0.code == "961" }
        #expect(StudyAmendmentCheck(current: twoSites, proposed: proposed, data: Self.randomized).problems().isEmpty)
    }

    @Test func a_form_with_saved_data_stays_in_some_visit() {
        let withoutQuestionnaire = problems { study in
            study.visits = study.visits.filter { $0.code != "QOL6" }.map { visit in
                var visit = visit
                visit.forms.removeAll { $0 == .qlqC30 }
                return visit
            }
            study.qualityOfLife.timepoints = []
        }
        #expect(withoutQuestionnaire.isEmpty, "no QLQ-C30 saved yet")
        var data = Self.randomized
        data.formsWithData.insert(.qlqC30)
        let refused = problems(data: data) { study in
            study.visits = study.visits.filter { $0.code != "QOL6" }.map { visit in
                var visit = visit
                visit.forms.removeAll { $0 == .qlqC30 }
                return visit
            }
            study.qualityOfLife.timepoints = []
        }
        #expect(refused == ["visits removesRecordedData"])
    }

    @Test func the_diff_names_added_visits_changed_windows_and_criteria() {
        var proposed = StudyFixture.study
        proposed.version = "1.1"
        proposed.visits.append(VisitDefinition(code: "IMG12", label: StudyFixture.text("Month 12 imaging"), day: 365,
                                               windowMinusDays: 14, windowPlusDays: 14, forms: [.tumourAssessment]))
        proposed.visits[3].windowPlusDays = 21
        proposed.eligibility.removeAll { $0.id == "E03" }
        let diff = StudyAmendmentDiff(from: StudyFixture.study, to: proposed)
        let visits = diff.sections.first { $0.title == "visits" }?.lines ?? []
        #expect(visits.count == 2)
        #expect(visits.contains { $0.hasPrefix("~ QOL6") && $0.contains("window -14/+21") })
        #expect(visits.contains { $0.hasPrefix("+ IMG12") && $0.contains("day 365") })
        #expect(diff.sections.first { $0.title == "eligibility criteria" }?.lines == ["- E03 exclusion: Pregnant or breastfeeding (qualifies with no)"])
        #expect(diff.sections.first { $0.title == "sites" } == nil)
    }

    @Test func visits_already_due_keep_their_targets_and_later_ones_follow_the_amendment() throws {
        let first = StudyVersion(version: "1.0", effectiveOn: CalendarDate(year: 2025, month: 1, day: 1)!, definition: StudyFixture.study)
        var amended = StudyFixture.study
        amended.version = "1.1"
        amended.visits.append(VisitDefinition(code: "IMG12", label: StudyFixture.text("Month 12 imaging"), day: 365,
                                              windowMinusDays: 14, windowPlusDays: 14, forms: [.tumourAssessment]))
        amended.visits[3].day = 190  // QOL6 moves from day 182 to 190
        let history = try #require(StudyVersionHistory([first]))
        let effective = CalendarDate(year: 2025, month: 9, day: 1)!
        let early = RandomizedParticipantSchedule(participantID: "960-0001", armCode: "SYS", randomizedOn: CalendarDate(year: 2025, month: 1, day: 10)!)
        let late = RandomizedParticipantSchedule(participantID: "960-0002", armCode: "SYS", randomizedOn: CalendarDate(year: 2025, month: 8, day: 1)!)
        let moves = history.scheduleMoves(of: [late, early], amendment: amended, effectiveOn: effective)
        // 960-0001's QOL6 window (day 168 = 2025-06-27) opened before the amendment: only IMG12 is added.
        #expect(moves.map(\.participantID) == ["960-0001", "960-0002"])
        #expect(moves[0].changes == ["IMG12 added, due 2026-01-10"])
        #expect(moves[1].changes.count == 2)
        #expect(moves[1].changes.contains("QOL6 moves from 2026-01-30 to 2026-02-07 (window 2026-01-24 to 2026-02-21)"))

        let both = try #require(StudyVersionHistory([first, StudyVersion(version: "1.1", effectiveOn: effective, definition: amended)]))
        let earlyVisits = both.scheduledVisits(armCode: "SYS", randomizedOn: early.randomizedOn)
        #expect(earlyVisits.first { $0.visit.code == "QOL6" }?.version == "1.0")
        #expect(earlyVisits.first { $0.visit.code == "QOL6" }?.visit.targetDay == 182)
        #expect(earlyVisits.first { $0.visit.code == "IMG12" }?.version == "1.1")
        // Randomized after the amendment: every visit comes from 1.1.
        let after = both.scheduledVisits(armCode: "SYS", randomizedOn: CalendarDate(year: 2025, month: 10, day: 1)!)
        #expect(Set(after.map(\.version)) == ["1.1"])
        #expect(both.inForce(on: CalendarDate(year: 2025, month: 8, day: 31)!).version == "1.0")
        #expect(both.inForce(on: effective).version == "1.1")
    }
}
