import Foundation

/// A point of a right-continuous step function: from `time` (days) on, the curve is `value`.
struct StepPoint: Sendable, Equatable {
    var time: Double
    var value: Double
}

/// One curve of a step chart, in data units (days, probability 0-1).
struct StepSeries: Sendable {
    var label: String
    var style: SeriesStyle
    /// Value before the first step (1 for survival, 0 for cumulative incidence).
    var initialValue: Double
    /// Values after each time at which the estimate is reported, ascending in time.
    var steps: [StepPoint]
    /// Last time the group was observed; the curve runs flat to here.
    var lastTime: Double
    /// Pointwise confidence limits after each time (nil where undefined), same times as the band runs.
    var band: [(time: Double, lower: Double?, upper: Double?)]
    /// Censoring marks (time, value of the curve there).
    var censorMarks: [StepPoint]
    /// (time, number at risk) rows of the estimate table: at time t the number at risk is that of the first
    /// row at or after t (0 after the last); nil when the figure has no at-risk table.
    var riskTable: [(time: Double, atRisk: Int)]?
}

/// The geometry of a step chart: where the plot area lies and how data map onto it.
struct StepChartFrame: Sendable {
    var left: Double
    var top: Double
    var width: Double
    var height: Double
    var timeUnit: FigureTimeUnit
    /// Axis end in the axis unit (the last tick).
    var axisEnd: Double
    var valueMaximum: Double

    func x(days: Double) -> Double { left + timeUnit.value(fromDays: days) / axisEnd * width }
    func y(_ value: Double) -> Double { top + (1 - value / valueMaximum) * height }
    var bottom: Double { top + height }
    var right: Double { left + width }
}

/// Renders Kaplan-Meier and cumulative incidence figures: step curves, optional bands and censoring marks,
/// a legend, annotation lines, and a numbers-at-risk table aligned with the time ticks.
struct StepCurveChart {
    var series: [StepSeries]
    var labels: SurvivalPlotLabels
    var options: SurvivalPlotOptions
    var valueMaximum: Double

    static let fontSize = 12.0
    static let smallFontSize = 11.0
    static let lineHeight = 15.0

    /// Ticks of the time axis in the axis unit.
    var timeTicks: [Double] {
        let lastDay = options.horizonDays ?? series.map(\.lastTime).max() ?? 0
        let end = options.timeUnit.value(fromDays: lastDay)
        // No follow-up at all (no series, or everyone at time 0): one unit of axis rather than a zero-width one.
        guard end > 0, end.isFinite else { return [0, options.tickStep ?? 1] }
        if let step = options.tickStep, step > 0 {
            return NiceAxisTicks.ticks(from: 0, to: end, step: step)
        }
        return NiceAxisTicks.linear(lower: 0, upper: end, maxCount: 7, preferredSteps: options.timeUnit.preferredSteps)
    }

    var valueTicks: [Double] {
        NiceAxisTicks.linear(lower: 0, upper: valueMaximum, maxCount: 6)
    }

    /// Number at risk at `days`: the first row at or after it, 0 once everyone has left.
    static func numberAtRisk(_ table: [(time: Double, atRisk: Int)], atDay days: Double) -> Int {
        // Guard against ticks that are a rounding error away from a row time (12 months = 365.25 days).
        table.first { $0.time >= days - 1e-9 }?.atRisk ?? 0
    }

    /// Vertices of the step curve in data units up to `endDay`: horizontal then vertical at each change.
    static func stepVertices(initialValue: Double, steps: [StepPoint], lastTime: Double, endDay: Double) -> [StepPoint] {
        var vertices = [StepPoint(time: 0, value: initialValue)]
        var current = initialValue
        for step in steps where step.time <= endDay {
            guard step.value != current else { continue }
            vertices.append(StepPoint(time: step.time, value: current))
            vertices.append(StepPoint(time: step.time, value: step.value))
            current = step.value
        }
        let end = min(max(lastTime, vertices.last!.time), endDay)
        if end > vertices.last!.time { vertices.append(StepPoint(time: end, value: current)) }
        // Drop repeated vertices (a step at time 0).
        return vertices.enumerated().filter { $0.offset == 0 || $0.element != vertices[$0.offset - 1] }.map(\.element)
    }

    static func pathData(_ vertices: [StepPoint], frame: StepChartFrame) -> String {
        vertices.enumerated().map { index, point in
            "\(index == 0 ? "M" : "L")\(SVGCanvas.n(frame.x(days: point.time))) \(SVGCanvas.n(frame.y(point.value)))"
        }.joined(separator: " ")
    }

    /// The censoring mark "+" centred on a point.
    static func censorMarkData(x: Double, y: Double, half: Double = 4) -> String {
        "M\(SVGCanvas.n(x - half)) \(SVGCanvas.n(y)) H\(SVGCanvas.n(x + half)) M\(SVGCanvas.n(x)) \(SVGCanvas.n(y - half)) V\(SVGCanvas.n(y + half))"
    }

    private func valueLabel(_ value: Double) -> String {
        switch options.valueScale {
        case .percent: FigureNumberFormat.compact(value * 100, maxDigits: 1)
        case .proportion: FigureNumberFormat.fixed(value, digits: valueTicks.contains { abs($0 * 10 - ($0 * 10).rounded()) > 1e-9 } ? 2 : 1)
        }
    }

    /// Computes the layout once; the frame is what tests and the renderer share.
    struct Layout {
        var frame: StepChartFrame
        var titleY: Double?
        var legendTop: Double
        var riskLabelLines: [[String]]
        var riskTop: Double
        var height: Double
    }

    func layout() -> Layout {
        let width = options.width
        let ticks = timeTicks
        let hasRiskTable = series.contains { $0.riskTable != nil }
        let riskLabelWidth = min(width * 0.3, 170)
        let riskLabelLines = series.map { TextWrapping.wrap($0.label, maxWidth: riskLabelWidth, fontSize: Self.smallFontSize) }
        let longestRiskLabel = riskLabelLines.flatMap { $0 }.map { EstimatedTextWidth.of($0, fontSize: Self.smallFontSize) }.max() ?? 0
        let valueLabelWidth = valueTicks.map { EstimatedTextWidth.of(valueLabel($0), fontSize: Self.smallFontSize) }.max() ?? 20
        var left = max(32 + valueLabelWidth, 56)
        if hasRiskTable { left = max(left, longestRiskLabel + 56) }
        let right = 28.0
        var y = 10.0
        var titleY: Double?
        if options.drawsTitle && !labels.title.isEmpty {
            titleY = y + 14
            y += 26
        }
        let legendTop = y
        let annotationLines = annotationLayout(width: width).count
        let legendLines = legendLayout(width: width).reduce(0) { $0 + $1.lines.count }
        y += Double(max(legendLines, annotationLines)) * Self.lineHeight + 12
        let frame = StepChartFrame(left: left, top: y, width: max(width - left - right, 100), height: options.plotHeight,
                                   timeUnit: options.timeUnit, axisEnd: ticks.last ?? 1, valueMaximum: valueMaximum)
        y = frame.bottom + 44
        let riskTop = y
        if hasRiskTable {
            y += 20 + riskLabelLines.reduce(0) { $0 + Double($1.count) * 13 + 5 }
        }
        return Layout(frame: frame, titleY: titleY, legendTop: legendTop, riskLabelLines: riskLabelLines,
                      riskTop: riskTop, height: y + 8)
    }

    private func legendLayout(width: Double) -> [(series: Int, lines: [String])] {
        series.indices.map { ($0, TextWrapping.wrap(series[$0].label, maxWidth: width * 0.5 - 60, fontSize: Self.fontSize)) }
    }

    private func annotationLayout(width: Double) -> [String] {
        options.annotation.flatMap { TextWrapping.wrap($0, maxWidth: width * 0.45 - 20, fontSize: Self.fontSize) }
    }

    func render(xmlDeclaration: Bool) -> String {
        let layout = layout()
        let frame = layout.frame
        let width = options.width
        var canvas = SVGCanvas()
        if let titleY = layout.titleY {
            canvas.text(labels.title, x: width / 2, y: titleY, size: 14, anchor: .middle, weight: "bold")
        }
        // Legend (left) and annotation (right) above the plot, so they never cover a curve.
        var legendY = layout.legendTop + 11
        for entry in legendLayout(width: width) {
            let style = series[entry.series].style
            canvas.line(x1: frame.left + 8, y1: legendY - 4, x2: frame.left + 44, y2: legendY - 4, stroke: style.colour,
                        width: 2.5, dash: style.dash)
            for (index, line) in entry.lines.enumerated() {
                canvas.text(line, x: frame.left + 52, y: legendY + Double(index) * Self.lineHeight, size: Self.fontSize)
            }
            legendY += Double(entry.lines.count) * Self.lineHeight
        }
        for (index, line) in annotationLayout(width: width).enumerated() {
            canvas.text(line, x: frame.right, y: layout.legendTop + 11 + Double(index) * Self.lineHeight,
                        size: Self.fontSize, anchor: .end)
        }
        drawAxes(&canvas, frame: frame)
        let endDay = options.timeUnit.days(from: frame.axisEnd)
        canvas.raw("<g class=\"curves\">")
        if options.confidenceBands {
            for item in series { drawBand(&canvas, item, frame: frame, endDay: endDay) }
        }
        for (index, item) in series.enumerated() {
            let vertices = Self.stepVertices(initialValue: item.initialValue, steps: item.steps,
                                             lastTime: item.lastTime, endDay: endDay)
            canvas.path(Self.pathData(vertices, frame: frame), stroke: item.style.colour, width: 2, dash: item.style.dash,
                        extra: " stroke-linejoin=\"miter\" data-series=\"\(index)\" class=\"curve\"")
            let marks = item.censorMarks.filter { $0.time <= endDay }
            if !marks.isEmpty {
                let d = marks.map { Self.censorMarkData(x: frame.x(days: $0.time), y: frame.y($0.value)) }.joined(separator: " ")
                canvas.path(d, stroke: item.style.colour, width: 1.5, extra: " data-series=\"\(index)\" class=\"censor-marks\"")
            }
        }
        canvas.raw("</g>")
        drawRiskTable(&canvas, layout: layout)
        return canvas.document(width: width, height: layout.height, title: labels.title,
                               description: labels.description, identifier: options.identifier,
                               xmlDeclaration: xmlDeclaration)
    }

    private func drawAxes(_ canvas: inout SVGCanvas, frame: StepChartFrame) {
        canvas.line(x1: frame.left, y1: frame.bottom, x2: frame.right, y2: frame.bottom)
        canvas.line(x1: frame.left, y1: frame.top, x2: frame.left, y2: frame.bottom)
        for tick in timeTicks {
            let x = frame.x(days: options.timeUnit.days(from: tick))
            canvas.line(x1: x, y1: frame.bottom, x2: x, y2: frame.bottom + 5)
            canvas.text(FigureNumberFormat.compact(tick), x: x, y: frame.bottom + 18, size: Self.smallFontSize, anchor: .middle)
        }
        for tick in valueTicks {
            let y = frame.y(tick)
            canvas.line(x1: frame.left - 5, y1: y, x2: frame.left, y2: y)
            if tick > 0 {
                canvas.line(x1: frame.left, y1: y, x2: frame.right, y2: y, stroke: "#d9d9d9", width: 0.5)
            }
            canvas.text(valueLabel(tick), x: frame.left - 8, y: y + 4, size: Self.smallFontSize, anchor: .end)
        }
        canvas.text(labels.xAxis, x: frame.left + frame.width / 2, y: frame.bottom + 36, size: Self.fontSize, anchor: .middle)
        let valueLabelWidth = valueTicks.map { EstimatedTextWidth.of(valueLabel($0), fontSize: Self.smallFontSize) }.max() ?? 20
        canvas.text(labels.yAxis, x: max(14, frame.left - valueLabelWidth - 20), y: frame.top + frame.height / 2, size: Self.fontSize, anchor: .middle, rotate: true)
    }

    private func drawBand(_ canvas: inout SVGCanvas, _ item: StepSeries, frame: StepChartFrame, endDay: Double) {
        // The band stops where a limit becomes undefined (survival reached 0).
        var upper: [StepPoint] = [], lower: [StepPoint] = []
        var lastTime = 0.0
        for row in item.band {
            guard row.time <= endDay, let low = row.lower, let high = row.upper else { break }
            upper.append(StepPoint(time: row.time, value: high))
            lower.append(StepPoint(time: row.time, value: low))
            lastTime = row.time
        }
        guard !upper.isEmpty else { return }
        let end = min(item.band.count == upper.count ? item.lastTime : lastTime, endDay)
        let top = Self.stepVertices(initialValue: item.initialValue, steps: upper, lastTime: end, endDay: endDay)
        let bottom = Self.stepVertices(initialValue: item.initialValue, steps: lower, lastTime: end, endDay: endDay)
        let polygon = top + bottom.reversed()
        canvas.path(Self.pathData(polygon, frame: frame) + " Z", fill: item.style.colour,
                    extra: " fill-opacity=\"0.15\" class=\"confidence-band\"")
    }

    private func drawRiskTable(_ canvas: inout SVGCanvas, layout: Layout) {
        guard series.contains(where: { $0.riskTable != nil }) else { return }
        let frame = layout.frame
        canvas.text(labels.numberAtRisk, x: 8, y: layout.riskTop, size: Self.fontSize, weight: "bold")
        var y = layout.riskTop + 18
        for (index, item) in series.enumerated() {
            let lines = layout.riskLabelLines[index]
            canvas.line(x1: 8, y1: y - 5, x2: 26, y2: y - 5, stroke: item.style.colour, width: 2, dash: item.style.dash)
            for (lineIndex, line) in lines.enumerated() {
                canvas.text(line, x: 32, y: y - 1 + Double(lineIndex) * 13, size: Self.smallFontSize, fill: "#000")
            }
            if let table = item.riskTable {
                for tick in timeTicks {
                    let day = options.timeUnit.days(from: tick)
                    canvas.text(String(Self.numberAtRisk(table, atDay: day)), x: frame.x(days: day), y: y,
                                size: Self.smallFontSize, anchor: .middle, extra: " class=\"at-risk\"")
                }
            }
            y += Double(lines.count) * 13 + 5
        }
    }
}
