import Foundation
import TrialCore

/// A waterfall plot as a self-contained SVG: one bar per participant, the best percentage change from baseline
/// in the sum of target diameters, sorted from the largest increase to the deepest decrease, with the RECIST 1.1
/// lines at -30% (partial response) and +20% (progression). Arms are told apart by filled versus open bars and
/// the best overall response by a marker shape at the bar's end, so the plot reads in black and white; the
/// participants without a post-baseline measurement are listed under it.
public struct WaterfallPlot: Sendable {
    public struct Bar: Sendable, Equatable {
        public var participant: String
        /// Index into `WaterfallLabels.arms` (0 is drawn filled, 1 open).
        public var arm: Int
        public var percentChange: Double
        public var bestOverallResponse: String

        public init(participant: String, arm: Int, percentChange: Double, bestOverallResponse: String) {
            self.participant = participant
            self.arm = arm
            self.percentChange = percentChange
            self.bestOverallResponse = bestOverallResponse
        }
    }

    public var bars: [Bar]
    public var labels: WaterfallLabels
    /// "960-0007 (arm)" lines listed under the plot.
    public var unmeasured: [String]
    public var identifier: String

    public init(bars: [Bar], labels: WaterfallLabels, unmeasured: [String], identifier: String = "waterfall") {
        self.bars = bars
        self.labels = labels
        self.unmeasured = unmeasured
        self.identifier = identifier
    }

    static let plotWidth = 760.0
    static let left = 70.0
    static let top = 20.0
    static let plotHeight = 320.0

    /// The y axis: at least -100% to +20%, widened to every bar.
    var axis: [Double] {
        let low = min(-100, bars.map(\.percentChange).min() ?? 0)
        let high = max(40, bars.map(\.percentChange).max() ?? 0)
        return NiceAxisTicks.ticks(from: low, to: high, step: high - low > 300 ? 100 : 20)
    }

    public func svg(xmlDeclaration: Bool = true) -> String {
        var canvas = SVGCanvas()
        let ticks = axis
        let low = ticks.first ?? -100, high = ticks.last ?? 40
        let plotRight = Self.left + Self.plotWidth
        func y(_ value: Double) -> Double { Self.top + (high - value) / (high - low) * Self.plotHeight }
        for tick in ticks {
            canvas.line(x1: Self.left - 4, y1: y(tick), x2: plotRight, y2: y(tick), stroke: tick == 0 ? "#000" : "#ddd", width: tick == 0 ? 1 : 0.5)
            canvas.text("\(FigureNumberFormat.compact(tick))%", x: Self.left - 6, y: y(tick) + 4, size: 11, anchor: .end)
        }
        canvas.text(labels.yAxis, x: 16, y: Self.top + Self.plotHeight / 2, size: 12, anchor: .middle, rotate: true)
        canvas.line(x1: Self.left, y1: Self.top, x2: Self.left, y2: Self.top + Self.plotHeight)

        let slot = bars.isEmpty ? Self.plotWidth : Self.plotWidth / Double(bars.count)
        let barWidth = max(1, slot * 0.75)
        for (index, bar) in bars.enumerated() {
            let style = SeriesStyle.standard(bar.arm)
            let x = Self.left + Double(index) * slot + (slot - barWidth) / 2
            let top = y(max(0, bar.percentChange)), bottom = y(min(0, bar.percentChange))
            canvas.rect(x: x, y: top, width: barWidth, height: max(0.5, bottom - top), fill: bar.arm == 0 ? style.colour : "#fff",
                        stroke: style.colour, strokeWidth: 1,
                        extra: " data-participant=\"\(SVGEscaping.escape(bar.participant))\" data-value=\"\(bar.percentChange)\"")
            let end = bar.percentChange >= 0 ? top - 5 : bottom + 5
            canvas.raw(ResponseMarker.shape(bar.bestOverallResponse).markup(
                x: x + barWidth / 2, y: end, size: min(8, max(4, barWidth)), colour: "#000", filled: true))
        }
        // RECIST 1.1 thresholds: -30% partial response, +20% progression.
        // Bars run from increases on the left to decreases on the right, so the +20% label is clear at the right
        // end of its line and the -30% label at the left end of its own.
        canvas.line(x1: Self.left, y1: y(TargetSumCourse.progressionLinePercent), x2: plotRight, y2: y(TargetSumCourse.progressionLinePercent), stroke: "#000", width: 1, dash: "2 2")
        canvas.text(labels.progressionLine, x: plotRight - 2, y: y(TargetSumCourse.progressionLinePercent) - 4, size: 10, anchor: .end)
        canvas.line(x1: Self.left, y1: y(TargetSumCourse.partialResponseLinePercent), x2: plotRight, y2: y(TargetSumCourse.partialResponseLinePercent), stroke: "#000", width: 1, dash: "6 3")
        canvas.text(labels.partialResponseLine, x: Self.left + 4, y: y(TargetSumCourse.partialResponseLinePercent) + 12, size: 10)

        // Legend: arms (filled / open bar), then responses (shapes).
        var legendY = Self.top + Self.plotHeight + 24
        var legendX = Self.left
        for (index, arm) in labels.arms.enumerated() {
            let style = SeriesStyle.standard(index)
            canvas.rect(x: legendX, y: legendY - 9, width: 14, height: 10, fill: index == 0 ? style.colour : "#fff", stroke: style.colour)
            canvas.text(arm, x: legendX + 18, y: legendY, size: 11)
            legendX += 26 + EstimatedTextWidth.of(arm, fontSize: 11)
        }
        legendY += 18
        legendX = Self.left
        for response in ResponseMarker.legendOrder {
            canvas.raw(ResponseMarker.shape(response).markup(x: legendX + 5, y: legendY - 4, size: 8, colour: "#000"))
            let name = labels.responses[response] ?? response
            canvas.text(name, x: legendX + 14, y: legendY, size: 11)
            legendX += 26 + EstimatedTextWidth.of(name, fontSize: 11)
        }
        legendY += 22
        canvas.text("\(labels.unmeasuredHeading) (\(unmeasured.count))", x: Self.left, y: legendY, size: 11, weight: "bold")
        let listed = unmeasured.isEmpty ? [labels.noneText] : TextWrapping.wrap(unmeasured.joined(separator: "; "), maxWidth: Self.plotWidth, fontSize: 10)
        for line in listed {
            legendY += 14
            canvas.text(line, x: Self.left, y: legendY, size: 10)
        }
        return canvas.document(width: plotRight + 20, height: legendY + 14, title: labels.title, description: labels.description,
                               identifier: identifier, xmlDeclaration: xmlDeclaration)
    }
}

/// The words of a waterfall plot, in the report's language.
public struct WaterfallLabels: Sendable, Equatable {
    public var title: String
    public var description: String
    public var yAxis: String
    public var arms: [String]
    /// Response code (CR, PR, SD, PD, NE) to its name.
    public var responses: [String: String]
    public var partialResponseLine: String
    public var progressionLine: String
    public var unmeasuredHeading: String
    public var noneText: String

    public init(title: String, description: String, yAxis: String, arms: [String], responses: [String: String],
                partialResponseLine: String, progressionLine: String, unmeasuredHeading: String, noneText: String) {
        self.title = title
        self.description = description
        self.yAxis = yAxis
        self.arms = arms
        self.responses = responses
        self.partialResponseLine = partialResponseLine
        self.progressionLine = progressionLine
        self.unmeasuredHeading = unmeasuredHeading
        self.noneText = noneText
    }
}
