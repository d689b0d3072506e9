import Foundation
import Testing
import TrialCore

/// The values the waterfall, spider and swimmer plots and the casebook's course are drawn from, on the
/// casebook of `CaseReportFixture` (baseline sum 83 mm; day 56 sum 70, day 112 sum 56; L1 and L2 implanted on day 7).
@Suite struct ParticipantCourseTests {
    typealias F = CaseReportFixture

    @Test func the_target_sum_course_is_the_change_from_the_baseline_sum_unrounded() throws {
        let course = try #require(try TargetSumCourse.of(F.casebook))
        #expect(course.baselineSum == Millimetres(83))
        #expect(course.points.map(\.day) == [56, 112])
        let atDay56: Double = (70.0 - 83.0) / 83.0 * 100.0
        let atDay112: Double = (56.0 - 83.0) / 83.0 * 100.0
        #expect(course.points.map(\.percentChange) == [atDay56, atDay112])
        #expect(course.bestPercentChange == atDay112)
        #expect(course.bestOverallResponse == .partialResponse)
    }

    @Test func an_assessment_with_a_target_not_measured_is_not_a_point() throws {
        var casebook = F.casebook
        casebook.assessments[1].form.targets[2].mm = nil
        let course = try #require(try TargetSumCourse.of(casebook))
        #expect(course.points.map(\.day) == [56])
    }

    @Test func the_timeline_holds_implantation_response_progression_new_line_and_death_in_date_order() throws {
        var casebook = F.casebook
        casebook.assessments.append(RecordedForm(id: "A3", form: TumourAssessmentForm(
            date: F.day(168), modality: .ct, targets: F.targets(["20", "10", "10", "16"]), nonTargets: [.init(id: "B1", status: .present)],
            newLesions: [NewLesionEntry(site: "liver", finding: .unequivocal)])))
        casebook.therapyLines.append(RecordedForm(id: "T0", form: SystemicTherapyLineForm(
            lineNumber: 2, regimen: "docetaxel", agents: ["docetaxel"], therapyClass: .chemotherapy, startDate: F.randomized, startReason: .clinicalDecision)))
        casebook.therapyLines.append(RecordedForm(id: "T2", form: SystemicTherapyLineForm(
            lineNumber: 3, regimen: "docetaxel", agents: ["docetaxel"], therapyClass: .chemotherapy, startDate: F.day(180), startReason: .progression)))
        casebook.death = RecordedForm(id: "D", form: DeathForm(date: F.day(250), cause: .progression))
        let timeline = try ParticipantTimeline.of(casebook)
        #expect(timeline.events.map(\.kind) == [.implantation, .responseOnset, .progression, .newTherapyLine, .death])
        #expect(timeline.events.map(\.day) == [7, 112, 168, 180, 250], "a line started on the randomization day is not a new line")
        #expect(timeline.events[1].response == "PR" && timeline.events[2].response == "PD")
        #expect(timeline.died && timeline.endDay == 250)
    }

    @Test func an_alive_participant_ends_at_the_last_contact() throws {
        let timeline = try ParticipantTimeline.of(F.casebook)
        #expect(!timeline.died && timeline.endDay == 112)
    }

    @Test func the_review_marks_a_reading_that_differs_from_the_computed_response() throws {
        var casebook = F.casebook
        casebook.assessments[1].form.investigatorRecist = .stableDisease
        let reviews = AssessmentResponseReview.reviews(of: casebook)
        let agreed = try #require(reviews["A1"])
        #expect(agreed.computedRecist == .stableDisease && agreed.investigatorRecist == .stableDisease && !agreed.disagrees)
        let differs = try #require(reviews["A2"])
        #expect(differs.computedRecist == .partialResponse && differs.investigatorRecist == .stableDisease)
        #expect(differs.disagrees && differs.disagreements.first?.field == "investigatorRecist")
    }
}
