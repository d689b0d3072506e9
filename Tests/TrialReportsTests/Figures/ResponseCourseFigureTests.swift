import Foundation
import Testing
@testable import TrialReports

/// The waterfall, spider, swimmer and progression-pattern figures draw the analysis' numbers, and tell arms and
/// events apart by fill and marker shape as well as colour (readable printed in black and white).
@Suite struct ResponseCourseFigureTests {
    static let analysis = TrialAnalysisNumbersTests.output.analysis
    static let figures = TrialReportDocument(analysis: analysis, language: .english).figures

    @Test func the_waterfall_draws_one_bar_per_entry_in_order_with_the_recist_lines_and_the_unmeasured_listed() throws {
        let svg = try SVGInspection(Self.figures.waterfall.svg(true))
        let bars = svg.elements("rect").filter { $0.attributeValue("data-participant") != nil }
        #expect(bars.map { $0.attributeValue("data-participant") } == Self.analysis.waterfall.map(\.participant))
        #expect(bars.map { svg.number($0, "data-value") } == Self.analysis.waterfall.map(\.bestPercentChange))
        // The control arm's bars are open, the experimental arm's filled.
        for (bar, entry) in zip(bars, Self.analysis.waterfall) {
            #expect((bar.attributeValue("fill") == "#fff") == (entry.arm == Self.analysis.arms[1].code))
        }
        let dashes = Set(svg.elements("line").compactMap { $0.attributeValue("stroke-dasharray") })
        #expect(dashes.isSuperset(of: ["6 3", "2 2"]))
        let texts = svg.texts.joined(separator: " ")
        for reference in Self.analysis.waterfallUnmeasured { #expect(texts.contains(reference.participant)) }
    }

    @Test func the_spider_plot_has_one_line_per_participant_in_its_arms_panel() throws {
        let svg = try SVGInspection(Self.figures.spider.svg(true))
        let lines = svg.elements("path").compactMap { $0.attributeValue("data-participant") }
        #expect(lines == Self.analysis.arms.flatMap { arm in Self.analysis.spider.filter { $0.arm == arm.code }.map(\.participant) })
    }

    @Test func the_swimmer_plot_draws_every_lane_and_marks_each_event_by_shape() throws {
        let svg = try SVGInspection(Self.figures.swimmer.svg(true))
        let lanes = svg.elements("rect").filter { $0.attributeValue("data-participant") != nil }
        #expect(lanes.map { $0.attributeValue("data-participant") } == Self.analysis.swimmer.map(\.participant))
        #expect(lanes.map { svg.number($0, "data-end-day") } == Self.analysis.swimmer.map { Double($0.endDay) })
        let markers = ["rect", "path", "circle"].flatMap { svg.elements($0) }.compactMap { $0.attributeValue("data-kind") }
        #expect(markers.count == Self.analysis.swimmer.map(\.markers.count).reduce(0, +))
        // Each event kind has its own shape.
        let shapes = Set(["implantation", "responseOnset", "progression", "newTherapyLine", "death"].map(SwimmerPlot.shape))
        #expect(shapes.count == 5)
    }

    @Test func the_progression_chart_draws_the_pattern_and_field_counts() throws {
        let svg = try SVGInspection(Self.figures.progressionPatterns.svg(true))
        let patternBars = svg.elements("rect").filter { $0.attributeValue("data-pattern") != nil }
        let expected = Self.analysis.progressionPatterns.arms.indices.flatMap { armIndex in
            Self.analysis.progressionPatterns.arms[armIndex].patterns.map { "\(armIndex):\($0.count)" }
        }.sorted()
        #expect(patternBars.map { "\($0.attributeValue("data-arm")!):\($0.attributeValue("data-count")!)" }.sorted() == expected)
        let segments = svg.elements("rect").filter { $0.attributeValue("data-segment") != nil }
        let segmentTotal = segments.compactMap { Int($0.attributeValue("data-count") ?? "") }.reduce(0, +)
        #expect(segmentTotal == Self.analysis.progressionPatterns.arms.map(\.progressed).reduce(0, +))
    }

    @Test func every_marker_shape_is_distinct_markup() {
        let drawn = MarkerShape.allCases.map { $0.markup(x: 10, y: 10, size: 8, colour: "#000") }
        #expect(Set(drawn).count == MarkerShape.allCases.count)
        #expect(Set(["CR", "PR", "SD", "PD", "NE"].map(ResponseMarker.shape)).count == 5)
    }
}
