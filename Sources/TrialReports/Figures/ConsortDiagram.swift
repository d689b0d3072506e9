import Foundation

/// The CONSORT 2010 flow diagram as a self-contained SVG: enrollment (assessed, excluded with reasons,
/// randomized), then one column per arm for allocation, follow-up and analysis, with stage labels in a left
/// margin. Boxes grow with their wrapped text, so long reasons and Chinese labels never overflow.
public struct ConsortDiagram: Sendable {
    public var flow: ConsortFlow
    public var labels: ConsortDiagramLabels
    public var width: Double
    /// Prefix of the SVG element ids; give each figure inlined in one page its own.
    public var identifier: String
    public var drawsTitle: Bool

    public init(flow: ConsortFlow, labels: ConsortDiagramLabels, width: Double = 760, identifier: String = "consort",
                drawsTitle: Bool = true) {
        self.flow = flow
        self.labels = labels
        self.width = width
        self.identifier = identifier
        self.drawsTitle = drawsTitle
    }

    static let fontSize = 12.0
    static let lineHeight = 15.0
    static let padding = 8.0
    static let indent = 12.0
    static let margin = 12.0
    static let gutterWidth = 100.0

    struct Rect: Equatable {
        var x: Double, y: Double, width: Double, height: Double
        var right: Double { x + width }
        var bottom: Double { y + height }
        var centerX: Double { x + width / 2 }
        var centerY: Double { y + height / 2 }

        func intersects(_ other: Rect) -> Bool {
            x < other.right && other.x < right && y < other.bottom && other.y < bottom
        }
    }

    /// One line of text in a box: its indentation level (0 heading, 1 item, 2 reason) and wrapped pieces.
    struct BoxLine {
        var level: Int
        var pieces: [String]
    }

    struct Box {
        /// What the box is, e.g. "assessed", "allocation-0" (for tests and the data-box attribute).
        var role: String
        var rect: Rect
        var lines: [BoxLine]
        var isStage: Bool
    }

    struct Layout {
        var boxes: [Box]
        var arrows: [(from: (Double, Double), to: (Double, Double))]
        /// Plain connector lines without heads (the split to the arms).
        var connectors: [(from: (Double, Double), to: (Double, Double))]
        var titleY: Double?
        var height: Double
    }

    private func counted(_ text: String, _ count: Int) -> String { "\(text) (n=\(count))" }

    private func named(_ template: String, arm: ConsortArmFlow) -> String {
        template.replacingOccurrences(of: "{arm}", with: arm.name)
    }

    private func reasonLines(_ reasons: [ConsortReason], level: Int) -> [(Int, String)] {
        reasons.map { (level, counted($0.reason, $0.count)) }
    }

    private func total(_ reasons: [ConsortReason]) -> Int { reasons.reduce(0) { $0 + $1.count } }

    /// Wraps each (level, text) to the box width; a box's height follows from its wrapped line count.
    private func box(role: String, x: Double, y: Double, width: Double, content: [(Int, String)], isStage: Bool = false) -> Box {
        let lines = content.map { level, text -> BoxLine in
            let available = width - 2 * Self.padding - Double(level) * Self.indent - (level > 0 ? 10 : 0)
            return BoxLine(level: level, pieces: TextWrapping.wrap(text, maxWidth: max(available, 24), fontSize: Self.fontSize,
                                                                bold: level == 0))
        }
        let count = lines.reduce(0) { $0 + $1.pieces.count }
        let height = 2 * Self.padding + Double(count) * Self.lineHeight - 3
        return Box(role: role, rect: Rect(x: x, y: y, width: width, height: height), lines: lines, isStage: isStage)
    }

    func layout() -> Layout {
        var boxes: [Box] = []
        var arrows: [(from: (Double, Double), to: (Double, Double))] = []
        var connectors: [(from: (Double, Double), to: (Double, Double))] = []
        let left = Self.margin + Self.gutterWidth + 12
        let right = width - Self.margin
        let contentWidth = right - left
        let center = left + contentWidth / 2
        var y = Self.margin
        var titleY: Double?
        if drawsTitle && !labels.title.isEmpty {
            titleY = y + 14
            y += 30
        }

        // Enrollment: assessed, excluded (beside the main line), randomized.
        let mainWidth = min(280, contentWidth * 0.46)
        let assessed = box(role: "assessed", x: center - mainWidth / 2, y: y, width: mainWidth,
                           content: [(0, counted(labels.assessedForEligibility, flow.assessedForEligibility))])
        let excludedX = center + 24
        let excluded = box(role: "excluded", x: excludedX, y: assessed.rect.bottom + 22, width: right - excludedX,
                           content: [(0, counted(labels.excluded, total(flow.excluded)))] + reasonLines(flow.excluded, level: 1))
        let randomized = box(role: "randomized", x: center - mainWidth / 2, y: excluded.rect.bottom + 22, width: mainWidth,
                             content: [(0, counted(labels.randomized, flow.randomized))])
        boxes += [assessed, excluded, randomized]
        arrows.append(((center, assessed.rect.bottom), (center, randomized.rect.y)))
        arrows.append(((center, excluded.rect.centerY), (excluded.rect.x, excluded.rect.centerY)))
        boxes.append(box(role: "stage-enrollment", x: Self.margin, y: assessed.rect.y, width: Self.gutterWidth,
                         content: [(0, labels.enrollment)], isStage: true))
        boxes[boxes.count - 1].rect = stretched(boxes[boxes.count - 1].rect, from: assessed.rect.y, to: randomized.rect.bottom)

        // One column per arm.
        let arms = flow.arms
        let gap = 24.0
        let columns = max(arms.count, 1)
        let columnWidth = (contentWidth - gap * Double(columns - 1)) / Double(columns)
        let columnX = (0..<columns).map { left + Double($0) * (columnWidth + gap) }
        let splitY = randomized.rect.bottom + 16
        let rowTop = splitY + 24
        connectors.append(((center, randomized.rect.bottom), (center, splitY)))
        if columns > 1 {
            connectors.append(((columnX[0] + columnWidth / 2, splitY), (columnX[columns - 1] + columnWidth / 2, splitY)))
        }
        for index in 0..<arms.count {
            let x = columnX[index] + columnWidth / 2
            arrows.append(((x, splitY), (x, rowTop)))
        }

        let rows: [(stage: String, role: String, content: (ConsortArmFlow) -> [(Int, String)])] = [
            (labels.allocation, "allocation", { arm in
                [(0, counted(named(labels.allocatedTo, arm: arm), arm.allocated)),
                 (1, counted(labels.receivedAllocatedIntervention, arm.receivedAllocatedIntervention)),
                 (1, counted(labels.didNotReceiveAllocatedIntervention, total(arm.didNotReceiveAllocatedIntervention)))]
                    + reasonLines(arm.didNotReceiveAllocatedIntervention, level: 2)
            }),
            (labels.followUp, "follow-up", { arm in
                [(0, counted(labels.lostToFollowUp, total(arm.lostToFollowUp)))] + reasonLines(arm.lostToFollowUp, level: 1)
                    + [(0, counted(labels.discontinuedIntervention, total(arm.discontinuedIntervention)))]
                    + reasonLines(arm.discontinuedIntervention, level: 1)
            }),
            (labels.analysis, "analysis", { arm in
                [(0, counted(labels.analysed, arm.analysed)),
                 (1, counted(labels.excludedFromAnalysis, total(arm.excludedFromAnalysis)))]
                    + reasonLines(arm.excludedFromAnalysis, level: 2)
            }),
        ]
        y = rowTop
        for (rowIndex, row) in rows.enumerated() {
            var rowBoxes = arms.enumerated().map { index, arm in
                box(role: "\(row.role)-\(index)", x: columnX[index], y: y, width: columnWidth, content: row.content(arm))
            }
            // Boxes of one stage share a height so the columns stay aligned.
            let height = rowBoxes.map(\.rect.height).max() ?? 2 * Self.padding
            for index in rowBoxes.indices { rowBoxes[index].rect.height = height }
            var stage = box(role: "stage-\(row.role)", x: Self.margin, y: y, width: Self.gutterWidth,
                            content: [(0, row.stage)], isStage: true)
            stage.rect = stretched(stage.rect, from: y, to: y + height)
            boxes += rowBoxes + [stage]
            let next = y + max(height, stage.rect.height) + 32
            if rowIndex < rows.count - 1 {
                for rowBox in rowBoxes {
                    arrows.append(((rowBox.rect.centerX, rowBox.rect.bottom), (rowBox.rect.centerX, next)))
                }
            }
            y = next
        }
        return Layout(boxes: boxes, arrows: arrows, connectors: connectors, titleY: titleY, height: y - 32 + Self.margin + 4)
    }

    /// A stage label box spanning a vertical range (never shorter than its own text).
    private func stretched(_ rect: Rect, from top: Double, to bottom: Double) -> Rect {
        var result = rect
        let height = max(rect.height, bottom - top)
        result.y = top + (bottom - top - height) / 2
        result.height = height
        return result
    }

    /// The SVG document; `xmlDeclaration` false for inlining in an HTML page.
    public func svg(xmlDeclaration: Bool = true) -> String {
        let layout = layout()
        var canvas = SVGCanvas()
        if let titleY = layout.titleY {
            canvas.text(labels.title, x: width / 2, y: titleY, size: 14, anchor: .middle, weight: "bold")
        }
        for connector in layout.connectors {
            canvas.line(x1: connector.from.0, y1: connector.from.1, x2: connector.to.0, y2: connector.to.1, width: 1.2)
        }
        for arrow in layout.arrows { drawArrow(&canvas, from: arrow.from, to: arrow.to) }
        for box in layout.boxes {
            let r = box.rect
            canvas.rect(x: r.x, y: r.y, width: r.width, height: r.height, fill: box.isStage ? "#e6e6e6" : "#fff",
                        stroke: "#000", strokeWidth: 1, radius: box.isStage ? 6 : 0,
                        extra: " data-box=\"\(SVGEscaping.escape(box.role))\"")
            let lineCount = box.lines.reduce(0) { $0 + $1.pieces.count }
            var textY = box.isStage
                ? r.centerY - Double(lineCount) * Self.lineHeight / 2 + Self.lineHeight - 4
                : r.y + Self.padding + Self.fontSize - 1
            for line in box.lines {
                let x = r.x + Self.padding + Double(line.level) * Self.indent
                for (pieceIndex, piece) in line.pieces.enumerated() {
                    if box.isStage {
                        canvas.text(piece, x: r.centerX, y: textY, size: Self.fontSize, anchor: .middle, weight: "bold")
                    } else {
                        if pieceIndex == 0 && line.level > 0 {
                            canvas.text(line.level == 1 ? "•" : "–", x: x, y: textY, size: Self.fontSize)
                        }
                        canvas.text(piece, x: x + (line.level > 0 ? 10 : 0), y: textY, size: Self.fontSize,
                                    weight: line.level == 0 ? "bold" : nil)
                    }
                    textY += Self.lineHeight
                }
            }
        }
        return canvas.document(width: width, height: layout.height, title: labels.title,
                               description: labels.description, identifier: identifier,
                               xmlDeclaration: xmlDeclaration)
    }

    /// A straight arrow with a filled head at `to` (vertical or horizontal connectors only).
    private func drawArrow(_ canvas: inout SVGCanvas, from: (Double, Double), to: (Double, Double)) {
        let dx = to.0 - from.0, dy = to.1 - from.1
        let length = max((dx * dx + dy * dy).squareRoot(), 1)
        let ux = dx / length, uy = dy / length
        let head = 7.0, half = 3.5
        let baseX = to.0 - ux * head, baseY = to.1 - uy * head
        canvas.line(x1: from.0, y1: from.1, x2: baseX, y2: baseY, width: 1.2)
        let n = SVGCanvas.n
        canvas.path("M\(n(to.0)) \(n(to.1)) L\(n(baseX - uy * half)) \(n(baseY + ux * half)) L\(n(baseX + uy * half)) \(n(baseY - ux * half)) Z",
                    fill: "#000")
    }
}
