import Foundation
import Testing
import TrialStats
@testable import TrialReports

struct CumulativeIncidencePlotTests {
    // Times 1..6; status 1 local failure, 2 death (competing), 0 censored.
    static let curves = try! CumulativeIncidence.estimate(time: [1, 2, 3, 4, 5, 6], status: [1, 2, 0, 1, 0, 1])

    static func plot(bands: Bool = false) -> CumulativeIncidencePlot {
        CumulativeIncidencePlot(series: [.init(label: "All", curve: curves.first { $0.cause == 1 }!)],
                                labels: FigureExamples.survivalLabels(title: "Local failure"),
                                options: SurvivalPlotOptions(timeUnit: .days, horizonDays: 6, tickStep: 1, confidenceBands: bands))
    }

    @Test func the_curve_rises_from_zero_in_steps_at_failure_times_only() {
        let chart = Self.plot().chart
        let item = chart.series[0]
        let vertices = StepCurveChart.stepVertices(initialValue: 0, steps: item.steps, lastTime: item.lastTime, endDay: 6)
        #expect(vertices.first == StepPoint(time: 0, value: 0))
        // Failures at 1, 4 and 6; the death at 2 and censorings at 3 and 5 leave the curve flat.
        let jumps = zip(vertices, vertices.dropFirst()).filter { $0.time == $1.time }.map(\.0.time)
        #expect(jumps == [1, 4, 6])
        #expect(zip(vertices, vertices.dropFirst()).allSatisfy { $1.value >= $0.value })
        let last = Self.curves.first { $0.cause == 1 }!.points.last!.estimate
        #expect(abs(vertices.last!.value - last) < 1e-12)
    }

    @Test func the_value_axis_ends_at_a_nice_number_above_the_highest_curve() throws {
        let chart = Self.plot().chart
        let highest = Self.curves.first { $0.cause == 1 }!.points.map(\.estimate).max()!
        #expect(chart.valueMaximum >= highest)
        #expect(chart.valueTicks.last == chart.valueMaximum)
        #expect(chart.valueMaximum <= 1)
        let pinned = CumulativeIncidencePlot(series: Self.plot().series, labels: Self.plot().labels, valueMaximum: 0.5).chart
        #expect(pinned.valueMaximum == 0.5)
    }

    @Test func it_has_no_at_risk_table_and_draws_bands_on_request() throws {
        let plain = try SVGInspection(Self.plot().svg())
        #expect(plain.elements("text", withClass: "at-risk").isEmpty)
        #expect(!plain.texts.contains("Number at risk"))
        #expect(plain.elements("path", withClass: "censor-marks").isEmpty)
        #expect(try SVGInspection(Self.plot(bands: true).svg()).elements("path", withClass: "confidence-band").count == 1)
    }
}
