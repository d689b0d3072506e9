import Foundation
import Testing
import TrialStats
@testable import TrialReports

/// Hand-worked table: times 2, 3, 3+, 5, 8, 8+, 10+ (n = 7).
/// S(2) = 6/7; S(3) = 6/7 * 5/6 = 5/7; S(5) = 5/7 * 3/4 = 15/28; S(8) = 15/28 * 2/3 = 5/14; flat to 10.
/// At risk: 7 at 0 and 2, 6 at 3, 4 at 5, 3 at 8, 1 at 10, 0 after.
struct KaplanMeierPlotTests {
    static let fit = try! KaplanMeier.fit(times: [2, 3, 3, 5, 8, 8, 10], events: [1, 1, 0, 1, 1, 0, 0])

    static func plot(_ options: SurvivalPlotOptions = SurvivalPlotOptions(timeUnit: .days, valueScale: .proportion,
                                                                         horizonDays: 10, tickStep: 2)) -> KaplanMeierPlot {
        KaplanMeierPlot(series: [.init(label: "Arm A", fit: fit)], labels: FigureExamples.survivalLabels(title: "PFS"),
                        options: options)
    }

    @Test func step_vertices_drop_at_each_event_time_and_run_flat_to_the_last_follow_up() {
        let chart = Self.plot().chart
        let item = chart.series[0]
        let vertices = StepCurveChart.stepVertices(initialValue: 1, steps: item.steps, lastTime: item.lastTime, endDay: 10)
        let expected: [(Double, Double)] = [(0, 1), (2, 1), (2, 6.0 / 7), (3, 6.0 / 7), (3, 5.0 / 7), (5, 5.0 / 7),
                                            (5, 15.0 / 28), (8, 15.0 / 28), (8, 5.0 / 14), (10, 5.0 / 14)]
        #expect(vertices.count == expected.count)
        for (vertex, point) in zip(vertices, expected) {
            #expect(vertex.time == point.0)
            #expect(abs(vertex.value - point.1) < 1e-12)
        }
    }

    @Test func the_drawn_curve_maps_the_vertices_onto_the_plot_area() throws {
        let plot = Self.plot()
        let frame = plot.chart.layout().frame
        #expect(frame.axisEnd == 10)
        let svg = try SVGInspection(plot.svg())
        let curve = try #require(svg.elements("path", withClass: "curve").first)
        let d = curve.attributeValue("d") ?? ""
        let n = FigureNumberFormat.coordinate
        let x = { (t: Double) in n(frame.left + t / 10 * frame.width) }
        let y = { (s: Double) in n(frame.top + (1 - s) * frame.height) }
        let expected = "M\(x(0)) \(y(1)) L\(x(2)) \(y(1)) L\(x(2)) \(y(6.0 / 7)) L\(x(3)) \(y(6.0 / 7)) L\(x(3)) \(y(5.0 / 7)) "
            + "L\(x(5)) \(y(5.0 / 7)) L\(x(5)) \(y(15.0 / 28)) L\(x(8)) \(y(15.0 / 28)) L\(x(8)) \(y(5.0 / 14)) L\(x(10)) \(y(5.0 / 14))"
        #expect(d == expected)
    }

    @Test(arguments: [(0.0, 7), (2, 7), (2.5, 6), (3, 6), (4, 4), (6, 3), (8, 3), (9, 1), (10, 1), (10.5, 0)])
    func number_at_risk_is_those_still_followed_just_before_the_time(day: Double, expected: Int) {
        #expect(KaplanMeierPlot.numberAtRisk(Self.fit, atDay: day) == expected)
    }

    @Test func the_at_risk_row_prints_the_numbers_under_each_tick() throws {
        let plot = Self.plot()
        let frame = plot.chart.layout().frame
        let svg = try SVGInspection(plot.svg())
        let cells = svg.elements("text", withClass: "at-risk")
        #expect(cells.map { $0.stringValue ?? "" } == ["7", "7", "4", "3", "3", "1"])
        #expect(plot.timeTicks == [0, 2, 4, 6, 8, 10])
        for (cell, tick) in zip(cells, plot.timeTicks) {
            #expect(abs(svg.number(cell, "x") - (frame.left + tick / 10 * frame.width)) < 0.01)
        }
    }

    @Test func months_axis_counts_at_risk_at_tick_days_of_30_4375() throws {
        // 3 months = 91.3125 days: someone censored on day 91 is no longer at risk there, one on day 92 is.
        let fit = try KaplanMeier.fit(times: [91, 92, 200, 300], events: [0, 0, 1, 0])
        let plot = KaplanMeierPlot(series: [.init(label: "A", fit: fit)], labels: FigureExamples.survivalLabels(title: "OS"),
                                   options: SurvivalPlotOptions(timeUnit: .months, horizonDays: 365))
        #expect(plot.timeTicks == [0, 3, 6, 9, 12])
        let svg = try SVGInspection(plot.svg())
        #expect(svg.elements("text", withClass: "at-risk").map { $0.stringValue ?? "" } == ["4", "3", "2", "1", "0"])
    }

    @Test func censoring_marks_sit_at_the_censored_times_on_the_curve() throws {
        let plot = Self.plot()
        let frame = plot.chart.layout().frame
        let svg = try SVGInspection(plot.svg())
        let marks = try #require(svg.elements("path", withClass: "censor-marks").first?.attributeValue("d"))
        let n = FigureNumberFormat.coordinate
        // Censored at 3 (S = 5/7), 8 (S = 5/14) and 10 (S = 5/14).
        for (time, survival) in [(3.0, 5.0 / 7), (8, 5.0 / 14), (10, 5.0 / 14)] {
            let x = frame.left + time / 10 * frame.width, y = frame.top + (1 - survival) * frame.height
            #expect(marks.contains("M\(n(x - 4)) \(n(y)) H\(n(x + 4)) M\(n(x)) \(n(y - 4)) V\(n(y + 4))"))
        }
        #expect(marks.components(separatedBy: "H").count - 1 == 3)
    }

    @Test func confidence_bands_are_drawn_only_when_asked() throws {
        var options = SurvivalPlotOptions(timeUnit: .days, horizonDays: 10)
        #expect(try SVGInspection(Self.plot(options).svg()).elements("path", withClass: "confidence-band").isEmpty)
        options.confidenceBands = true
        #expect(try SVGInspection(Self.plot(options).svg()).elements("path", withClass: "confidence-band").count == 1)
    }

    @Test func percent_scale_labels_the_axis_0_to_100_and_proportion_0_to_1() throws {
        let percent = try SVGInspection(Self.plot(SurvivalPlotOptions(valueScale: .percent)).svg()).texts
        #expect(percent.contains("100") && percent.contains("60"))
        let proportion = try SVGInspection(Self.plot(SurvivalPlotOptions(valueScale: .proportion)).svg()).texts
        #expect(proportion.contains("1.0") && proportion.contains("0.6"))
    }

    @Test func legend_annotation_and_chinese_labels_appear_as_text() throws {
        let fitB = try KaplanMeier.fit(times: [1, 4, 6], events: [1, 1, 0])
        let plot = KaplanMeierPlot(
            series: [.init(label: "125I粒子植入 + 系统治疗", fit: Self.fit), .init(label: "单纯系统治疗", fit: fitB)],
            labels: SurvivalPlotLabels(title: "无进展生存", description: "按组的 Kaplan-Meier 曲线", xAxis: "天",
                                       yAxis: "无进展生存率 (%)", numberAtRisk: "风险人数"),
            options: SurvivalPlotOptions(timeUnit: .days, annotation: ["HR 0.58 (95% CI 0.36–0.93)", "p = 0.021"]))
        let svg = try SVGInspection(plot.svg())
        for text in ["125I粒子植入 + 系统治疗", "单纯系统治疗", "风险人数", "无进展生存率 (%)", "HR 0.58 (95% CI 0.36–0.93)", "p = 0.021"] {
            #expect(svg.texts.contains(text), "\(text)")
        }
        let curves = svg.elements("path", withClass: "curve")
        #expect(curves.count == 2)
        #expect(curves[0].attributeValue("stroke-dasharray") == nil)
        #expect(curves[1].attributeValue("stroke-dasharray") == SeriesStyle.standard(1).dash)
    }
}

struct EmptyFigureTests {
    @Test func figures_without_data_still_draw_finite_axes() throws {
        let km = KaplanMeierPlot(series: [], labels: FigureExamples.survivalLabels(title: "PFS"))
        #expect(km.timeTicks == [0, 1])
        let svg = km.svg()
        #expect(!svg.contains("nan") && !svg.contains("inf"))
        _ = try SVGInspection(svg)
        let forest = ForestPlot(rows: [], labels: FigureExamples.forestLabels()).svg()
        #expect(!forest.contains("nan"))
        _ = try SVGInspection(forest)
        let consort = ConsortDiagram(flow: ConsortFlow(assessedForEligibility: 0, excluded: [], randomized: 0, arms: []),
                                     labels: FigureExamples.consortLabels()).svg()
        _ = try SVGInspection(consort)
    }
}
