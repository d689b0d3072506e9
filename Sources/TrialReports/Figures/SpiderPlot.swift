import Foundation
import TrialCore

/// A spider plot as a self-contained SVG: per participant, the percentage change from baseline in the sum of
/// target diameters over time, starting at 0% on day 0, one panel per arm (so arms never depend on colour),
/// with the RECIST 1.1 lines at -30% and +20%. Each measured assessment is a small circle; a line that ends above
/// +20% ends in a triangle.
public struct SpiderPlot: Sendable {
    public struct Line: Sendable, Equatable {
        public var participant: String
        /// (days from randomization, percentage change), in time order, without the baseline point.
        public var points: [(day: Double, percentChange: Double)]

        public init(participant: String, points: [(day: Double, percentChange: Double)]) {
            self.participant = participant
            self.points = points
        }

        public static func == (lhs: Line, rhs: Line) -> Bool {
            lhs.participant == rhs.participant && lhs.points.elementsEqual(rhs.points) { $0.day == $1.day && $0.percentChange == $1.percentChange }
        }
    }

    public struct Panel: Sendable, Equatable {
        public var title: String
        public var lines: [Line]

        public init(title: String, lines: [Line]) {
            self.title = title
            self.lines = lines
        }
    }

    public var panels: [Panel]
    public var labels: SpiderLabels
    public var identifier: String

    public init(panels: [Panel], labels: SpiderLabels, identifier: String = "spider") {
        self.panels = panels
        self.labels = labels
        self.identifier = identifier
    }

    static let panelWidth = 380.0
    static let panelHeight = 300.0
    static let left = 64.0
    static let gap = 40.0
    static let top = 36.0

    public func svg(xmlDeclaration: Bool = true) -> String {
        var canvas = SVGCanvas()
        let all = panels.flatMap { $0.lines.flatMap(\.points) }
        let low = min(-100, all.map(\.percentChange).min() ?? 0)
        let high = max(40, all.map(\.percentChange).max() ?? 0)
        let yTicks = NiceAxisTicks.ticks(from: low, to: high, step: high - low > 300 ? 100 : 20)
        let months = (all.map(\.day).max() ?? 0) / FigureTimeUnit.daysPerMonth
        let xTicks = NiceAxisTicks.linear(lower: 0, upper: max(months, 3), maxCount: 7, preferredSteps: [3, 6, 12])
        let yLow = yTicks.first ?? low, yHigh = yTicks.last ?? high, xHigh = xTicks.last ?? 12
        for (index, panel) in panels.enumerated() {
            let originX = Self.left + Double(index) * (Self.panelWidth + Self.gap)
            func x(_ day: Double) -> Double { originX + day / FigureTimeUnit.daysPerMonth / xHigh * Self.panelWidth }
            func y(_ value: Double) -> Double { Self.top + (yHigh - value) / (yHigh - yLow) * Self.panelHeight }
            canvas.text(panel.title, x: originX + Self.panelWidth / 2, y: Self.top - 12, size: 13, anchor: .middle, weight: "bold")
            for tick in yTicks {
                canvas.line(x1: originX, y1: y(tick), x2: originX + Self.panelWidth, y2: y(tick), stroke: tick == 0 ? "#000" : "#e3e3e3", width: tick == 0 ? 1 : 0.5)
                canvas.text("\(FigureNumberFormat.compact(tick))%", x: originX - 5, y: y(tick) + 4, size: 10, anchor: .end)
            }
            for tick in xTicks {
                let px = originX + tick / xHigh * Self.panelWidth
                canvas.line(x1: px, y1: Self.top + Self.panelHeight, x2: px, y2: Self.top + Self.panelHeight + 4)
                canvas.text(FigureNumberFormat.compact(tick), x: px, y: Self.top + Self.panelHeight + 16, size: 10, anchor: .middle)
            }
            canvas.line(x1: originX, y1: Self.top, x2: originX, y2: Self.top + Self.panelHeight)
            canvas.line(x1: originX, y1: Self.top + Self.panelHeight, x2: originX + Self.panelWidth, y2: Self.top + Self.panelHeight)
            for (value, dash) in [(TargetSumCourse.partialResponseLinePercent, "6 3"), (TargetSumCourse.progressionLinePercent, "2 2")] {
                canvas.line(x1: originX, y1: y(value), x2: originX + Self.panelWidth, y2: y(value), stroke: "#000", width: 1, dash: dash)
            }
            let style = SeriesStyle.standard(index)
            for line in panel.lines {
                let points = [(day: 0.0, percentChange: 0.0)] + line.points
                let d = points.enumerated().map { "\($0.offset == 0 ? "M" : "L")\(SVGCanvas.n(x($0.element.day))),\(SVGCanvas.n(y($0.element.percentChange)))" }.joined(separator: " ")
                canvas.path(d, stroke: style.colour, width: 1, extra: " opacity=\"0.85\" data-participant=\"\(SVGEscaping.escape(line.participant))\"")
                for (offset, point) in line.points.enumerated() {
                    let last = offset == line.points.count - 1
                    let shape: MarkerShape = last && point.percentChange >= TargetSumCourse.progressionLinePercent ? .triangleUp : .circle
                    canvas.raw(shape.markup(x: x(point.day), y: y(point.percentChange), size: last ? 6 : 3.5, colour: style.colour, filled: !last))
                }
            }
        }
        let width = Self.left + Double(panels.count) * (Self.panelWidth + Self.gap)
        canvas.text(labels.xAxis, x: width / 2, y: Self.top + Self.panelHeight + 34, size: 12, anchor: .middle)
        canvas.text(labels.yAxis, x: 14, y: Self.top + Self.panelHeight / 2, size: 12, anchor: .middle, rotate: true)
        let legendY = Self.top + Self.panelHeight + 56
        canvas.line(x1: Self.left, y1: legendY - 4, x2: Self.left + 24, y2: legendY - 4, stroke: "#000", dash: "6 3")
        canvas.text(labels.partialResponseLine, x: Self.left + 30, y: legendY, size: 11)
        let second = Self.left + 60 + EstimatedTextWidth.of(labels.partialResponseLine, fontSize: 11)
        canvas.line(x1: second, y1: legendY - 4, x2: second + 24, y2: legendY - 4, stroke: "#000", dash: "2 2")
        canvas.text(labels.progressionLine, x: second + 30, y: legendY, size: 11)
        let third = second + 60 + EstimatedTextWidth.of(labels.progressionLine, fontSize: 11)
        canvas.raw(MarkerShape.triangleUp.markup(x: third + 5, y: legendY - 4, size: 7, colour: "#000", filled: false))
        canvas.text(labels.endsInProgression, x: third + 14, y: legendY, size: 11)
        return canvas.document(width: width, height: legendY + 14, title: labels.title, description: labels.description,
                               identifier: identifier, xmlDeclaration: xmlDeclaration)
    }
}

/// The words of a spider plot, in the report's language.
public struct SpiderLabels: Sendable, Equatable {
    public var title: String
    public var description: String
    public var xAxis: String
    public var yAxis: String
    public var partialResponseLine: String
    public var progressionLine: String
    /// The open triangle: the last measurement is 20% or more above baseline.
    public var endsInProgression: String

    public init(title: String, description: String, xAxis: String, yAxis: String, partialResponseLine: String,
                progressionLine: String, endsInProgression: String) {
        self.title = title
        self.description = description
        self.xAxis = xAxis
        self.yAxis = yAxis
        self.partialResponseLine = partialResponseLine
        self.progressionLine = progressionLine
        self.endsInProgression = endsInProgression
    }
}
