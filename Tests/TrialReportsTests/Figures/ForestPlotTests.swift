import Foundation
import Testing
@testable import TrialReports

struct ForestPlotTests {
    static func plot(axis: ClosedRange<Double>? = 0.25...4) -> ForestPlot {
        ForestPlot(rows: FigureExamples.forestRows() + [
            .heading("Primary tumour"),
            ForestPlotRow(label: "Lung", columns: ["3/8", "2/7"], estimate: 1.4, lower: 0.5, upper: 9, weight: 5),
            ForestPlotRow(label: "Colorectal", columns: ["2/6", "5/7"], estimate: 0.2, lower: 0.05, upper: 0.6, weight: 7),
            ForestPlotRow(label: "Too few events", columns: ["0/2", "1/3"], estimate: nil, lower: nil, upper: nil),
        ], overall: ForestPlotRow(label: "Overall", columns: ["34/60", "46/60"], estimate: 0.6, lower: 0.39, upper: 0.93, indent: 0),
        labels: FigureExamples.forestLabels(), axisRange: axis)
    }

    @Test func rows_are_placed_top_to_bottom_without_overlap_with_the_overall_row_last() {
        let layout = Self.plot().layout()
        #expect(layout.rows.map(\.row.label) == ["Age", "< 65 years", "≥ 65 years", "Primary tumour", "Lung", "Colorectal",
                                                  "Too few events", "Overall"])
        for (row, next) in zip(layout.rows, layout.rows.dropFirst()) {
            #expect(row.top + row.height <= next.top)
        }
        #expect(layout.rows.last!.isOverall)
        #expect(layout.rows.last!.top + layout.rows.last!.height <= layout.axisY)
    }

    @Test func estimates_and_limits_sit_on_the_log_axis() throws {
        let plot = Self.plot()
        let layout = plot.layout()
        let row = layout.rows[1] // 0.55 (0.31-0.98) on 0.25...4
        func x(_ value: Double) -> Double {
            layout.plotLeft + log(value / 0.25) / log(16) * (layout.plotRight - layout.plotLeft)
        }
        #expect(abs(row.xEstimate! - x(0.55)) < 1e-9)
        #expect(abs(row.xLower! - x(0.31)) < 1e-9)
        #expect(abs(row.xUpper! - x(0.98)) < 1e-9)
        #expect(!row.clippedLower && !row.clippedUpper)
        // The line of no effect at 1 is the middle of 0.25...4.
        let svg = try SVGInspection(plot.svg())
        let middle = (layout.plotLeft + layout.plotRight) / 2
        #expect(svg.elements("line").contains { abs(svg.number($0, "x1") - middle) < 0.01 && abs(svg.number($0, "x2") - middle) < 0.01 })
    }

    @Test func limits_outside_the_axis_are_clipped_and_drawn_as_arrows() throws {
        let plot = Self.plot()
        let layout = plot.layout()
        let lung = layout.rows[4], colorectal = layout.rows[5]
        #expect(lung.clippedUpper && !lung.clippedLower)
        #expect(abs(lung.xUpper! - layout.plotRight) < 1e-9)
        #expect(colorectal.clippedLower && !colorectal.clippedUpper)
        #expect(abs(colorectal.xLower! - layout.plotLeft) < 1e-9)
        #expect(colorectal.xEstimate == nil, "0.2 is off the 0.25...4 axis: no square")
        let svg = try SVGInspection(plot.svg())
        let upperArrows = svg.elements("path", withClass: "clipped-upper")
        let lowerArrows = svg.elements("path", withClass: "clipped-lower")
        #expect(upperArrows.count == 1 && lowerArrows.count == 1)
        #expect(upperArrows[0].attributeValue("d")?.hasPrefix("M\(FigureNumberFormat.coordinate(layout.plotRight)) ") == true)
        #expect(lowerArrows[0].attributeValue("d")?.hasPrefix("M\(FigureNumberFormat.coordinate(layout.plotLeft)) ") == true)
    }

    @Test func squares_grow_with_weight_and_the_overall_estimate_is_a_diamond() throws {
        let svg = try SVGInspection(Self.plot().svg())
        let squares = svg.elements("rect", withClass: "estimate")
        #expect(squares.count == 3) // 0.55, 0.71, 1.4; 0.2 is off the axis, one row has no estimate
        let sides = squares.map { svg.number($0, "width") }
        #expect(sides[0] > sides[1] && sides[1] > sides[2])
        #expect(abs(sides[0] - 14) < 1e-9)
        #expect(svg.elements("path", withClass: "overall-diamond").count == 1)
        #expect(svg.texts.contains("0.60 (0.39–0.93)"))
        #expect(svg.texts.contains("Too few events"))
        #expect(svg.texts.contains("Favours seeds") == false && svg.texts.contains("← Favours seeds"))
    }

    @Test func the_automatic_axis_spans_the_limits_on_the_1_2_5_grid_within_0_1_and_10() {
        let automatic = Self.plot(axis: nil).axis
        #expect(automatic == 0.1...10)
        let narrow = ForestPlot(rows: [ForestPlotRow(label: "A", estimate: 0.8, lower: 0.6, upper: 1.3)],
                                labels: FigureExamples.forestLabels())
        #expect(narrow.axis == 0.5...2)
        #expect(ForestPlot.gridFloor(0.31) == 0.2 && ForestPlot.gridCeiling(2.1) == 5 && ForestPlot.gridCeiling(1) == 1)
    }
}
