import Foundation
import Testing
import TrialCore

@Suite struct ParticipantVisitScheduleTests {
    typealias F = CaseReportFixture

    func schedule(arm: String = "I125", completed: [CompletedForm] = [], end: CalendarDate? = nil, today: Int) -> ParticipantVisitSchedule {
        ParticipantVisitSchedule(participantId: "960-0001", study: F.study, armCode: arm, randomizationDate: F.randomized,
                                 completed: completed, participationEnd: end, today: F.day(today))
    }

    @Test func due_dates_and_windows_come_from_the_randomization_date() throws {
        let img1 = try #require(schedule(today: 0).visit(code: "IMG-1"))
        #expect(img1.dueDate == F.day(56))
        #expect(img1.earliestDate == F.day(49))
        #expect(img1.latestDate == F.day(63))
    }

    @Test func the_control_arm_has_no_implantation_visit() {
        #expect(schedule(arm: "SYS", today: 0).visit(code: "IMPL") == nil)
        #expect(schedule(arm: "I125", today: 0).visit(code: "IMPL") != nil)
    }

    @Test(arguments: [(48, VisitStatus.upcoming), (49, .due), (63, .due), (64, .overdue)])
    func status_at_the_window_boundaries(today: Int, expected: VisitStatus) {
        #expect(schedule(today: today).visit(code: "IMG-1")?.status == expected)
    }

    @Test(arguments: [(48, false), (49, true), (63, true), (64, false)])
    func a_form_counts_for_the_visit_only_inside_its_window(day: Int, done: Bool) {
        let visit = schedule(completed: [CompletedForm(form: .tumourAssessment, date: F.day(day))], today: 70).visit(code: "IMG-1")
        #expect((visit?.status == .done) == done)
        #expect((visit?.completedOn == F.day(day)) == done)
    }

    @Test func a_form_recorded_for_the_visit_by_code_counts_even_outside_the_window() {
        let late = CompletedForm(form: .tumourAssessment, date: F.day(66), visitCode: "IMG-1")
        #expect(schedule(completed: [late], today: 70).visit(code: "IMG-1")?.status == .done)
    }

    @Test func log_forms_do_not_make_a_visit_done() {
        let log = CompletedForm(form: .adverseEvents, date: F.day(56))
        #expect(schedule(completed: [log], today: 70).visit(code: "IMG-1")?.status == .overdue)
    }

    @Test func an_overdue_visit_becomes_missed_when_a_later_one_of_its_series_is_done() {
        let second = CompletedForm(form: .tumourAssessment, date: F.day(112))
        let visits = schedule(completed: [second], today: 125)
        #expect(visits.visit(code: "IMG-1")?.status == .missed)
        #expect(visits.visit(code: "IMG-2")?.status == .done)
        #expect(visits.visit(code: "FU-1")?.status == .overdue)
    }

    @Test func after_the_end_of_participation_open_visits_are_missed_and_later_ones_not_expected() {
        let visits = schedule(end: F.day(100), today: 110)
        #expect(visits.visit(code: "IMG-1")?.status == .missed)
        // IMG-2 opens on day 105, after the end: not expected.
        #expect(visits.visit(code: "IMG-2") == nil)
        #expect(visits.visits.allSatisfy { $0.status != .overdue && $0.status != .due })
    }

    @Test func the_fixture_casebook_schedule_on_day_125() throws {
        let visits = try #require(ParticipantVisitSchedule(casebook: F.casebook, study: F.study, today: F.today))
        #expect(visits.visit(code: "BL")?.status == .done)
        #expect(visits.visit(code: "IMPL")?.status == .done)
        #expect(visits.visit(code: "IMG-1")?.status == .done)
        #expect(visits.visit(code: "IMG-2")?.status == .done)
        #expect(visits.visit(code: "FU-1")?.status == .overdue)
        #expect(visits.visit(code: "IMG-3")?.status == .upcoming)
        #expect(visits.overdue(today: F.today) == [OverdueVisit(participantId: "960-0001", visitCode: "FU-1", latestDate: F.day(105), daysOverdue: 20)])
        var unrandomized = F.casebook
        unrandomized.randomizationDate = nil
        #expect(ParticipantVisitSchedule(casebook: unrandomized, study: F.study, today: F.today) == nil)
    }

    @Test func the_overdue_list_puts_the_most_overdue_first() {
        let early = schedule(today: 125)
        var other = schedule(completed: [CompletedForm(form: .tumourAssessment, date: F.day(56)), CompletedForm(form: .tumourAssessment, date: F.day(112)),
                                         CompletedForm(form: .baseline, date: F.day(-3)), CompletedForm(form: .implantation, date: F.day(5))], today: 125)
        other.participantId = "960-0002"
        let list = ParticipantVisitSchedule.overdueList([other, early], today: F.day(125))
        #expect(list.first?.participantId == "960-0001")
        #expect(list.map(\.daysOverdue) == list.map(\.daysOverdue).sorted(by: >))
        #expect(list.filter { $0.participantId == "960-0002" }.map(\.visitCode) == ["FU-1"])
    }

    @Test func imaging_visits_after_a_progression_are_not_expected() throws {
        // Day 112: targets 30+25+15+18 = 88 mm, +25.7% and +18 mm over the day-56 nadir of 70 mm: RECIST 1.1 PD.
        var casebook = F.casebook
        var progression = F.secondAssessment
        progression.targets = F.targets(["30", "25", "15", "18"])
        progression.investigatorRecist = .progressiveDisease
        casebook.assessments = [RecordedForm(id: "A1", form: F.firstAssessment), RecordedForm(id: "A2", form: progression)]
        #expect(casebook.firstProgressionDate == F.day(112))
        let visits = try #require(ParticipantVisitSchedule(casebook: casebook, study: F.study, today: F.day(300)))
        #expect(visits.visit(code: "IMG-2")?.status == .done, "the scan that showed progression")
        #expect(visits.visit(code: "IMG-3") == nil, "PFS imaging ends at progression")
        #expect(!visits.visits.contains { $0.visit.definitionCode == "IMG" && $0.status == .overdue })
        #expect(visits.visit(code: "FU-2")?.status == .overdue, "survival follow-up goes on after progression")

        let withoutProgression = try #require(ParticipantVisitSchedule(casebook: F.casebook, study: F.study, today: F.day(300)))
        #expect(F.casebook.firstProgressionDate == nil)
        #expect(withoutProgression.visit(code: "IMG-3")?.status == .overdue)
    }

    @Test func a_questionnaire_not_filled_in_its_window_is_missed_not_overdue() throws {
        let visit = try #require(schedule(today: 0).visit(code: "QOL6"))
        let inWindow = try #require(schedule(today: F.randomized.days(until: visit.latestDate)).visit(code: "QOL6"))
        #expect(inWindow.status == .due)
        let after = try #require(schedule(today: F.randomized.days(until: visit.latestDate) + 1).visit(code: "QOL6"))
        #expect(after.status == .missed, "the QLQ-C30 asks about the past week: it cannot be caught up")
        let imaging = try #require(schedule(today: F.randomized.days(until: visit.latestDate) + 1).visit(code: "IMG-1"))
        #expect(imaging.status == .overdue, "a scan can still be done late")
    }
}
