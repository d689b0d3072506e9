import Foundation
import Testing
import TrialCore
@testable import TrialServer

/// The casebook shows each tumour assessment's computed response beside the investigator's reading, marks a
/// disagreement, and draws the participant's own spider line and course.
@Suite struct CasebookCourseTests {
    @Test func the_casebook_shows_computed_and_read_responses_a_disagreement_and_the_course() async throws {
        try await TestServer.run { server in
            let participant = try await PageFixtures.participant(server, randomized: true)
            var coordinator = try await PageSession.signIn(server, as: .coordinator)
            try await coordinator.get("/participants/\(participant)/forms/baseline/new")
            #expect(try await coordinator.post("/participants/\(participant)/forms/baseline", PageFixtures.baseline()).status == .seeOther)
            try await coordinator.get("/participants/\(participant)/forms/tumourAssessment/new")
            // Baseline sum 55 mm; 30 + 8 = 38 mm is a partial response, read by the investigator as stable disease.
            var fields = PageFixtures.assessment(l1: "30", l2: "8")
            fields["investigatorRecist"] = "SD"
            let saved = try await coordinator.post("/participants/\(participant)/forms/tumourAssessment", fields)
            #expect(saved.status == .seeOther, "\(saved.body.string)")

            let page = try await coordinator.get("/participants/\(participant)").body.string
            #expect(page.contains("RECIST 1.1 PR"), "the computed response")
            #expect(page.contains("RECIST 1.1 SD"), "the investigator's reading")
            #expect(page.contains("class=\"disagreement\""))
            #expect(page.contains("<svg class=\"course\""))
            #expect(page.contains("class=\"spider\""))
            #expect(page.contains("id=\"course-title\""))
        }
    }

    @Test func the_course_chart_places_the_spider_line_and_one_marker_per_event() throws {
        let randomized = CalendarDate(iso8601: "2026-01-05")!
        let course = TargetSumCourse(participantId: "960-0001", baselineSum: Millimetres(50), points: [
            .init(assessmentId: "A1", date: randomized.adding(days: 56), day: 56, sum: Millimetres(40), percentChange: -20),
            .init(assessmentId: "A2", date: randomized.adding(days: 112), day: 112, sum: Millimetres(30), percentChange: -40),
        ], bestOverallResponse: .partialResponse)
        let timeline = ParticipantTimeline(participantId: "960-0001", randomizationDate: randomized, endDate: randomized.adding(days: 200),
                                           died: false, events: [
            .init(kind: .implantation, date: randomized.adding(days: 7), day: 7),
            .init(kind: .responseOnset, date: randomized.adding(days: 112), day: 112, response: "PR"),
        ])
        let texts = PageText(catalogue: .of(.english))
        let chart = try #require(ParticipantCourseChart.chart(course: course, timeline: timeline, texts: texts))
        #expect(chart.hasSpider && chart.dots.count == 2)
        #expect(chart.spiderPoints.split(separator: " ").count == 3, "the baseline point and the two measurements")
        #expect(chart.markers.map(\.kind) == ["implantation", "responseOnset"])
        #expect(Set(chart.legend.map(\.points)).count == ParticipantTimeline.EventKind.allCases.count, "each event kind has its own shape")
        #expect(chart.aliveArrow != nil)
        // Lower values are drawn lower: -40% below -20% below 0%.
        #expect(chart.dots[1].y > chart.dots[0].y && chart.dots[0].y > chart.zeroY)
        #expect(ParticipantCourseChart.chart(course: nil, timeline: nil, texts: texts) == nil)
    }
}
