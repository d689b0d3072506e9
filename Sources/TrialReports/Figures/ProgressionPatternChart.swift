import Foundation

/// The patterns of first progression by arm as a self-contained SVG, in two panels:
/// - the disease patterns (a participant can have several): per pattern one bar per arm, the percentage of the
///   arm's participants with progression, filled for the first arm and open for the second, count and percent
///   written at the bar's end;
/// - the relation to the 125I-treated lesions: per arm one stacked bar of its participants with progression,
///   split into in field only, out of field only, both, and without treated lesions; segments are greys of
///   different lightness, each with its count written in it and a legend marker, so the chart reads in black and white.
public struct ProgressionPatternChart: Sendable {
    public struct Arm: Sendable, Equatable {
        public var label: String
        public var progressed: Int
        /// Participants per disease pattern, in `ProgressionPatternLabels.patterns` order.
        public var patternCounts: [Int]
        /// In field only, out of field only, both, without treated lesions (adding up to `progressed`).
        public var fieldCounts: [Int]

        public init(label: String, progressed: Int, patternCounts: [Int], fieldCounts: [Int]) {
            self.label = label
            self.progressed = progressed
            self.patternCounts = patternCounts
            self.fieldCounts = fieldCounts
        }
    }

    public var arms: [Arm]
    public var labels: ProgressionPatternLabels
    public var identifier: String

    public init(arms: [Arm], labels: ProgressionPatternLabels, identifier: String = "progression-patterns") {
        self.arms = arms
        self.labels = labels
        self.identifier = identifier
    }

    static let left = 220.0
    static let barArea = 480.0
    static let barHeight = 11.0
    /// Segment fills of the stacked bar, dark to light (readable in greyscale), with the text colour on each.
    static let segmentFills = [("#333333", "#fff"), ("#8c8c8c", "#fff"), ("#c8c8c8", "#000"), ("#ffffff", "#000")]

    static func percent(_ count: Int, of total: Int) -> Double { total > 0 ? 100 * Double(count) / Double(total) : 0 }

    public func svg(xmlDeclaration: Bool = true) -> String {
        var canvas = SVGCanvas()
        var y = 24.0
        canvas.text(labels.diseasePanel, x: 10, y: y, size: 13, weight: "bold")
        y += 10
        for (patternIndex, pattern) in labels.patterns.enumerated() {
            let groupTop = y
            for (armIndex, arm) in arms.enumerated() {
                let style = SeriesStyle.standard(armIndex)
                let count = patternIndex < arm.patternCounts.count ? arm.patternCounts[patternIndex] : 0
                let share = Self.percent(count, of: arm.progressed)
                let width = share / 100 * Self.barArea
                canvas.rect(x: Self.left, y: y, width: max(0.5, width), height: Self.barHeight, fill: armIndex == 0 ? style.colour : "#fff",
                            stroke: style.colour, extra: " data-arm=\"\(armIndex)\" data-pattern=\"\(patternIndex)\" data-count=\"\(count)\"")
                canvas.text("\(count) (\(FigureNumberFormat.fixed(share, digits: 0))%)", x: Self.left + width + 4, y: y + 9, size: 10)
                y += Self.barHeight + 2
            }
            canvas.text(pattern, x: Self.left - 8, y: (groupTop + y) / 2 + 3, size: 11, anchor: .end)
            y += 8
        }
        canvas.line(x1: Self.left, y1: 34, x2: Self.left, y2: y - 6)
        for tick in stride(from: 0.0, through: 100, by: 25) {
            let px = Self.left + tick / 100 * Self.barArea
            canvas.line(x1: px, y1: y - 6, x2: px, y2: y - 2)
            canvas.text("\(Int(tick))%", x: px, y: y + 9, size: 10, anchor: .middle)
        }
        y += 26
        // One legend line per arm: arm labels are long, especially in English.
        for (armIndex, arm) in arms.enumerated() {
            let style = SeriesStyle.standard(armIndex)
            canvas.rect(x: Self.left, y: y - 9, width: 14, height: 10, fill: armIndex == 0 ? style.colour : "#fff", stroke: style.colour)
            canvas.text("\(arm.label) (\(labels.progressedWord) n = \(arm.progressed))", x: Self.left + 18, y: y, size: 11)
            y += 16
        }
        var legendX = Self.left

        y += 30
        canvas.text(labels.fieldPanel, x: 10, y: y, size: 13, weight: "bold")
        y += 12
        for arm in arms {
            // The arm's name above its bar, so a long name is never cut at the figure's edge.
            canvas.text("\(arm.label) (n = \(arm.progressed))", x: Self.left, y: y + 10, size: 11)
            y += 14
            var x = Self.left
            for (segment, count) in arm.fieldCounts.enumerated() where count > 0 {
                let width = Self.percent(count, of: arm.progressed) / 100 * Self.barArea
                let (fill, ink) = Self.segmentFills[segment % Self.segmentFills.count]
                canvas.rect(x: x, y: y, width: width, height: 18, fill: fill, stroke: "#000", strokeWidth: 0.8,
                            extra: " data-segment=\"\(segment)\" data-count=\"\(count)\"")
                if width > 18 { canvas.text(String(count), x: x + width / 2, y: y + 13, size: 10, anchor: .middle, fill: ink) }
                x += width
            }
            y += 26
        }
        y += 12
        legendX = Self.left
        for (segment, text) in labels.fieldSegments.enumerated() {
            let (fill, _) = Self.segmentFills[segment % Self.segmentFills.count]
            let width = 26 + EstimatedTextWidth.of(text, fontSize: 11)
            if legendX + width > Self.left + Self.barArea + 60 { legendX = Self.left; y += 16 }
            canvas.rect(x: legendX, y: y - 9, width: 12, height: 10, fill: fill, stroke: "#000", strokeWidth: 0.8)
            canvas.text(text, x: legendX + 16, y: y, size: 11)
            legendX += width
        }
        return canvas.document(width: Self.left + Self.barArea + 110, height: y + 14, title: labels.title, description: labels.description,
                               identifier: identifier, xmlDeclaration: xmlDeclaration)
    }
}

/// The words of the progression-pattern chart, in the report's language.
public struct ProgressionPatternLabels: Sendable, Equatable {
    public var title: String
    public var description: String
    public var diseasePanel: String
    public var fieldPanel: String
    /// The disease patterns' names, in the order of `Arm.patternCounts`.
    public var patterns: [String]
    /// In field only, out of field only, both, without treated lesions.
    public var fieldSegments: [String]
    public var progressedWord: String

    public init(title: String, description: String, diseasePanel: String, fieldPanel: String, patterns: [String],
                fieldSegments: [String], progressedWord: String) {
        self.title = title
        self.description = description
        self.diseasePanel = diseasePanel
        self.fieldPanel = fieldPanel
        self.patterns = patterns
        self.fieldSegments = fieldSegments
        self.progressedWord = progressedWord
    }
}
