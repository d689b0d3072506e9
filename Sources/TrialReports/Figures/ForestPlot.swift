import Foundation

/// A subgroup forest plot as a self-contained SVG: one row per subgroup with its label, text columns, the
/// estimate as a square (area proportional to its weight) with its confidence interval on a logarithmic
/// axis, a vertical line at 1, the overall estimate as a diamond, and an arrow where a limit falls outside
/// the axis.
public struct ForestPlot: Sendable {
    public var rows: [ForestPlotRow]
    /// The overall estimate, drawn last as a diamond.
    public var overall: ForestPlotRow?
    public var labels: ForestPlotLabels
    /// Axis limits (> 0); nil: the 1-2-5 values around all limits, kept within 0.1 to 10.
    public var axisRange: ClosedRange<Double>?
    public var width: Double
    public var identifier: String
    public var drawsTitle: Bool
    public var digits: Int

    public init(rows: [ForestPlotRow], overall: ForestPlotRow? = nil, labels: ForestPlotLabels,
                axisRange: ClosedRange<Double>? = nil, width: Double = 760, identifier: String = "forest",
                drawsTitle: Bool = true, digits: Int = 2) {
        self.rows = rows
        self.overall = overall
        self.labels = labels
        self.axisRange = axisRange
        self.width = width
        self.identifier = identifier
        self.drawsTitle = drawsTitle
        self.digits = digits
    }

    static let fontSize = 12.0
    static let lineHeight = 15.0
    static let rowGap = 7.0

    /// The axis limits actually used.
    public var axis: ClosedRange<Double> {
        if let axisRange, axisRange.lowerBound > 0, axisRange.upperBound > axisRange.lowerBound { return axisRange }
        let all = (rows + [overall].compactMap { $0 }).filter(\.hasEstimate)
        let lows = all.compactMap(\.lower), highs = all.compactMap(\.upper)
        let low = max(min(lows.min() ?? 0.5, 1), 0.1)
        let high = min(max(highs.max() ?? 2, 1), 10)
        return Self.gridFloor(low)...Self.gridCeiling(high)
    }

    /// Largest 1-2-5 grid value at or below `value`.
    static func gridFloor(_ value: Double) -> Double {
        let power = pow(10, floor(log10(value)))
        let mantissa = value / power
        let step: Double = mantissa >= 5 - 1e-9 ? 5 : mantissa >= 2 - 1e-9 ? 2 : 1
        return NiceAxisTicks.cleaned(step * power)
    }

    /// Smallest 1-2-5 grid value at or above `value`.
    static func gridCeiling(_ value: Double) -> Double {
        let power = pow(10, floor(log10(value)))
        let mantissa = value / power
        let step: Double = mantissa <= 1 + 1e-9 ? 1 : mantissa <= 2 + 1e-9 ? 2 : mantissa <= 5 + 1e-9 ? 5 : 10
        return NiceAxisTicks.cleaned(step * power)
    }

    struct RowLayout {
        var row: ForestPlotRow
        var isOverall: Bool
        var top: Double
        var height: Double
        var labelLines: [String]
        var centerY: Double { top + height / 2 }
        /// Drawn interval in pixels and whether each end was clipped to the axis (drawn as an arrow).
        var xLower: Double?
        var xUpper: Double?
        var xEstimate: Double?
        var clippedLower = false
        var clippedUpper = false
    }

    struct Layout {
        var titleY: Double?
        var headerY: Double
        var labelX: Double
        var columnX: [Double]
        var plotLeft: Double
        var plotRight: Double
        var estimateX: Double
        var rows: [RowLayout]
        var rowsTop: Double
        var axisY: Double
        var height: Double

        func x(_ value: Double, axis: ClosedRange<Double>) -> Double {
            let fraction = (log(value) - log(axis.lowerBound)) / (log(axis.upperBound) - log(axis.lowerBound))
            return plotLeft + fraction * (plotRight - plotLeft)
        }
    }

    private func estimateText(_ row: ForestPlotRow) -> String {
        guard row.hasEstimate, let estimate = row.estimate, let lower = row.lower, let upper = row.upper else { return "" }
        return FigureNumberFormat.estimateWithInterval(estimate, lower: lower, upper: upper, digits: digits)
    }

    func layout() -> Layout {
        let width = self.width
        let margin = 12.0
        let all = rows + [overall].compactMap { $0 }
        func textWidth(_ s: String, bold: Bool = false) -> Double {
            EstimatedTextWidth.of(s, fontSize: Self.fontSize, bold: bold)
        }
        let columnCount = max(labels.columnHeadings.count, all.map(\.columns.count).max() ?? 0)
        let columnWidths = (0..<columnCount).map { index -> Double in
            let heading = index < labels.columnHeadings.count ? textWidth(labels.columnHeadings[index], bold: true) : 0
            let cells = all.map { index < $0.columns.count ? textWidth($0.columns[index]) : 0 }.max() ?? 0
            return max(heading, cells) + 16
        }
        let estimateWidth = max(textWidth(labels.estimate, bold: true),
                                all.map { textWidth(estimateText($0)) }.max() ?? 0) + 12
        let labelLimit = width * 0.3
        let widestLabel = all.map { textWidth($0.label, bold: $0.indent == 0) + Double($0.indent) * 12 }.max() ?? 0
        let labelWidth = min(max(widestLabel, textWidth(labels.subgroup, bold: true)), labelLimit) + 12
        let labelX = margin
        var x = labelX + labelWidth
        var columnX: [Double] = []
        for columnWidth in columnWidths {
            columnX.append(x + columnWidth / 2)
            x += columnWidth
        }
        let plotLeft = x + 10
        let estimateX = width - margin
        let plotRight = max(estimateX - estimateWidth - 10, plotLeft + 120)

        var y = margin
        var titleY: Double?
        if drawsTitle && !labels.title.isEmpty {
            titleY = y + 14
            y += 30
        }
        let headerY = y + 12
        y += 24
        let rowsTop = y
        var layout = Layout(titleY: titleY, headerY: headerY, labelX: labelX, columnX: columnX, plotLeft: plotLeft,
                            plotRight: plotRight, estimateX: estimateX, rows: [], rowsTop: rowsTop, axisY: 0, height: 0)
        let axis = self.axis
        for (index, row) in all.enumerated() {
            let isOverall = overall != nil && index == all.count - 1
            let lines = TextWrapping.wrap(row.label, maxWidth: labelLimit - Double(row.indent) * 12, fontSize: Self.fontSize,
                                          bold: row.indent == 0)
            let height = Double(lines.count) * Self.lineHeight + Self.rowGap + (isOverall ? 6 : 0)
            var rowLayout = RowLayout(row: row, isOverall: isOverall, top: y + (isOverall ? 6 : 0), height: height - (isOverall ? 6 : 0),
                                      labelLines: lines)
            if row.hasEstimate, let estimate = row.estimate, let lower = row.lower, let upper = row.upper {
                rowLayout.clippedLower = lower < axis.lowerBound
                rowLayout.clippedUpper = upper > axis.upperBound
                let low = min(max(lower, axis.lowerBound), axis.upperBound)
                let high = max(min(upper, axis.upperBound), axis.lowerBound)
                rowLayout.xLower = layout.x(low, axis: axis)
                rowLayout.xUpper = layout.x(high, axis: axis)
                if axis.contains(estimate) { rowLayout.xEstimate = layout.x(estimate, axis: axis) }
            }
            layout.rows.append(rowLayout)
            y += height
        }
        layout.axisY = y + 6
        var bottom = layout.axisY + 50
        if !labels.favoursLeft.isEmpty || !labels.favoursRight.isEmpty { bottom += 16 }
        layout.height = bottom
        return layout
    }

    /// The SVG document; `xmlDeclaration` false for inlining in an HTML page.
    public func svg(xmlDeclaration: Bool = true) -> String {
        let layout = layout()
        let axis = self.axis
        let n = SVGCanvas.n
        var canvas = SVGCanvas()
        if let titleY = layout.titleY {
            canvas.text(labels.title, x: width / 2, y: titleY, size: 14, anchor: .middle, weight: "bold")
        }
        // Headings.
        canvas.text(labels.subgroup, x: layout.labelX, y: layout.headerY, size: Self.fontSize, weight: "bold")
        for (index, heading) in labels.columnHeadings.enumerated() where index < layout.columnX.count {
            canvas.text(heading, x: layout.columnX[index], y: layout.headerY, size: Self.fontSize, anchor: .middle, weight: "bold")
        }
        canvas.text(labels.estimate, x: layout.estimateX, y: layout.headerY, size: Self.fontSize, anchor: .end, weight: "bold")
        canvas.line(x1: layout.labelX, y1: layout.rowsTop - 6, x2: layout.estimateX, y2: layout.rowsTop - 6, width: 0.8)

        // Line of no effect, and a dotted line at the overall estimate.
        let one = layout.x(1, axis: axis)
        canvas.line(x1: one, y1: layout.rowsTop - 6, x2: one, y2: layout.axisY, width: 1)
        if let overallRow = layout.rows.last(where: \.isOverall), let x = overallRow.xEstimate {
            canvas.line(x1: x, y1: layout.rowsTop - 6, x2: x, y2: overallRow.top, stroke: "#555", width: 0.8, dash: "2 3")
        }
        let maxWeight = rows.compactMap(\.weight).filter { $0 > 0 }.max()
        for rowLayout in layout.rows {
            let row = rowLayout.row
            if rowLayout.isOverall {
                canvas.line(x1: layout.labelX, y1: rowLayout.top - 6, x2: layout.estimateX, y2: rowLayout.top - 6, width: 0.8)
            }
            let firstBaseline = rowLayout.top + Self.lineHeight - 3
            for (lineIndex, line) in rowLayout.labelLines.enumerated() {
                canvas.text(line, x: layout.labelX + Double(row.indent) * 12, y: firstBaseline + Double(lineIndex) * Self.lineHeight,
                            size: Self.fontSize, weight: row.indent == 0 || rowLayout.isOverall ? "bold" : nil)
            }
            let midBaseline = rowLayout.centerY + 4 - Self.rowGap / 2
            for (index, cell) in row.columns.enumerated() where index < layout.columnX.count {
                canvas.text(cell, x: layout.columnX[index], y: midBaseline, size: Self.fontSize, anchor: .middle)
            }
            canvas.text(estimateText(row), x: layout.estimateX, y: midBaseline, size: Self.fontSize, anchor: .end,
                        weight: rowLayout.isOverall ? "bold" : nil)
            guard let xLower = rowLayout.xLower, let xUpper = rowLayout.xUpper else { continue }
            let y = midBaseline - 4
            if rowLayout.isOverall {
                let centre = rowLayout.xEstimate ?? (xLower + xUpper) / 2
                canvas.path("M\(n(xLower)) \(n(y)) L\(n(centre)) \(n(y - 6)) L\(n(xUpper)) \(n(y)) L\(n(centre)) \(n(y + 6)) Z",
                            stroke: "#000", fill: "#000", extra: " class=\"overall-diamond\"")
            } else {
                canvas.line(x1: xLower, y1: y, x2: xUpper, y2: y, width: 1.4, extra: " class=\"interval\"")
                if let xEstimate = rowLayout.xEstimate {
                    let side: Double
                    if let weight = row.weight, let maxWeight, weight > 0 {
                        side = 4 + 10 * (weight / maxWeight).squareRoot()
                    } else {
                        side = 8
                    }
                    canvas.rect(x: xEstimate - side / 2, y: y - side / 2, width: side, height: side, fill: "#000",
                                extra: " class=\"estimate\"")
                }
            }
            if rowLayout.clippedLower {
                canvas.path("M\(n(xLower)) \(n(y)) L\(n(xLower + 7)) \(n(y - 4)) L\(n(xLower + 7)) \(n(y + 4)) Z", fill: "#000",
                            extra: " class=\"clipped-lower\"")
            }
            if rowLayout.clippedUpper {
                canvas.path("M\(n(xUpper)) \(n(y)) L\(n(xUpper - 7)) \(n(y - 4)) L\(n(xUpper - 7)) \(n(y + 4)) Z", fill: "#000",
                            extra: " class=\"clipped-upper\"")
            }
        }

        // Logarithmic axis.
        canvas.line(x1: layout.plotLeft, y1: layout.axisY, x2: layout.plotRight, y2: layout.axisY)
        for tick in NiceAxisTicks.logarithmic(lower: axis.lowerBound, upper: axis.upperBound) {
            let x = layout.x(tick, axis: axis)
            canvas.line(x1: x, y1: layout.axisY, x2: x, y2: layout.axisY + 5)
            canvas.text(FigureNumberFormat.compact(tick, maxDigits: 3), x: x, y: layout.axisY + 17, size: 11, anchor: .middle)
        }
        canvas.text(labels.axis, x: (layout.plotLeft + layout.plotRight) / 2, y: layout.axisY + 34, size: Self.fontSize, anchor: .middle)
        if !labels.favoursLeft.isEmpty {
            canvas.text("← " + labels.favoursLeft, x: one - 6, y: layout.axisY + 50, size: 11, anchor: .end)
        }
        if !labels.favoursRight.isEmpty {
            canvas.text(labels.favoursRight + " →", x: one + 6, y: layout.axisY + 50, size: 11, anchor: .start)
        }
        return canvas.document(width: width, height: layout.height, title: labels.title,
                               description: labels.description, identifier: identifier,
                               xmlDeclaration: xmlDeclaration)
    }
}
