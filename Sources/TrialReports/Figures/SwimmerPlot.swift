import Foundation

/// A swimmer plot as a self-contained SVG: one horizontal bar per participant from randomization to the last
/// contact, grouped by arm (a heading per arm; bars filled for the first arm, open for the second) and ordered
/// by time on study, with a marker shape per event: implantation (square), response onset (triangle down,
/// filled for a complete response), progression (diamond), start of a new therapy line (triangle right) and
/// death (cross); an arrow after the bar marks a participant alive at the last contact.
public struct SwimmerPlot: Sendable {
    public struct Lane: Sendable, Equatable {
        public var participant: String
        public var endDay: Double
        public var died: Bool
        public var markers: [(kind: String, day: Double, response: String?)]

        public init(participant: String, endDay: Double, died: Bool, markers: [(kind: String, day: Double, response: String?)]) {
            self.participant = participant
            self.endDay = endDay
            self.died = died
            self.markers = markers
        }

        public static func == (lhs: Lane, rhs: Lane) -> Bool {
            lhs.participant == rhs.participant && lhs.endDay == rhs.endDay && lhs.died == rhs.died
                && lhs.markers.elementsEqual(rhs.markers) { $0.kind == $1.kind && $0.day == $1.day && $0.response == $1.response }
        }
    }

    public struct Group: Sendable, Equatable {
        public var title: String
        public var lanes: [Lane]

        public init(title: String, lanes: [Lane]) {
            self.title = title
            self.lanes = lanes
        }
    }

    public var groups: [Group]
    public var labels: SwimmerLabels
    public var identifier: String
    /// Pixels per lane: 120 participants fit on a printed page.
    public var laneHeight: Double

    public init(groups: [Group], labels: SwimmerLabels, identifier: String = "swimmer", laneHeight: Double = 7) {
        self.groups = groups
        self.labels = labels
        self.identifier = identifier
        self.laneHeight = laneHeight
    }

    static let left = 90.0
    static let plotWidth = 700.0
    static let top = 16.0

    /// The marker of an event kind (`ParticipantTimeline.EventKind` raw values).
    static func shape(_ kind: String) -> MarkerShape {
        switch kind {
        case "implantation": return .square
        case "responseOnset": return .triangleDown
        case "progression": return .diamond
        case "newTherapyLine": return .triangleRight
        default: return .cross
        }
    }

    static let markerOrder = ["implantation", "responseOnset", "progression", "newTherapyLine", "death"]

    public func svg(xmlDeclaration: Bool = true) -> String {
        var canvas = SVGCanvas()
        let longest = groups.flatMap { $0.lanes.map(\.endDay) }.max() ?? 0
        let ticks = NiceAxisTicks.linear(lower: 0, upper: max(longest / FigureTimeUnit.daysPerMonth, 3), maxCount: 9, preferredSteps: [3, 6, 12])
        let xHigh = ticks.last ?? 12
        func x(_ day: Double) -> Double { Self.left + day / FigureTimeUnit.daysPerMonth / xHigh * Self.plotWidth }
        var y = Self.top
        let marker = max(5, laneHeight - 1)
        for (index, group) in groups.enumerated() {
            y += 14
            canvas.text("\(group.title) (n = \(group.lanes.count))", x: Self.left, y: y, size: 12, weight: "bold")
            y += 4
            let style = SeriesStyle.standard(index)
            for lane in group.lanes {
                let centre = y + laneHeight / 2
                canvas.rect(x: x(0), y: y + 1, width: max(0.5, x(lane.endDay) - x(0)), height: laneHeight - 2,
                            fill: index == 0 ? style.colour : "#fff", stroke: style.colour, strokeWidth: 0.6,
                            extra: " opacity=\"0.55\" data-participant=\"\(SVGEscaping.escape(lane.participant))\" data-end-day=\"\(FigureNumberFormat.compact(lane.endDay))\"")
                if laneHeight >= 9 { canvas.text(lane.participant, x: Self.left - 4, y: centre + 3, size: 8, anchor: .end) }
                for event in lane.markers {
                    let filled = event.kind != "responseOnset" || event.response == "CR" || event.response == "CMR"
                    canvas.raw(Self.shape(event.kind).markup(x: x(event.day), y: centre, size: marker, colour: "#000", filled: filled,
                                                             extra: " data-kind=\"\(event.kind)\""))
                }
                if !lane.died {
                    let end = x(lane.endDay)
                    canvas.path("M\(SVGCanvas.n(end + 2)),\(SVGCanvas.n(centre)) L\(SVGCanvas.n(end + 8)),\(SVGCanvas.n(centre)) M\(SVGCanvas.n(end + 5)),\(SVGCanvas.n(centre - 2.5)) L\(SVGCanvas.n(end + 8)),\(SVGCanvas.n(centre)) L\(SVGCanvas.n(end + 5)),\(SVGCanvas.n(centre + 2.5))",
                                stroke: "#000", width: 0.8)
                }
                y += laneHeight
            }
            y += 6
        }
        let axisY = y + 4
        canvas.line(x1: x(0), y1: axisY, x2: x(0) + Self.plotWidth, y2: axisY)
        for tick in ticks {
            let px = Self.left + tick / xHigh * Self.plotWidth
            canvas.line(x1: px, y1: axisY, x2: px, y2: axisY + 4)
            canvas.text(FigureNumberFormat.compact(tick), x: px, y: axisY + 16, size: 10, anchor: .middle)
        }
        canvas.text(labels.xAxis, x: Self.left + Self.plotWidth / 2, y: axisY + 32, size: 12, anchor: .middle)
        var legendX = Self.left
        var legendY = axisY + 52
        let entries: [(MarkerShape, Bool, String)] = [
            (.square, true, labels.implantation), (.triangleDown, false, labels.partialResponse), (.triangleDown, true, labels.completeResponse),
            (.diamond, true, labels.progression), (.triangleRight, true, labels.newTherapyLine), (.cross, true, labels.death),
        ]
        for (shape, filled, text) in entries {
            let width = 24 + EstimatedTextWidth.of(text, fontSize: 11)
            if legendX + width > Self.left + Self.plotWidth { legendX = Self.left; legendY += 16 }
            canvas.raw(shape.markup(x: legendX + 5, y: legendY - 4, size: 8, colour: "#000", filled: filled))
            canvas.text(text, x: legendX + 14, y: legendY, size: 11)
            legendX += width
        }
        legendY += 16
        canvas.path("M\(SVGCanvas.n(Self.left)),\(SVGCanvas.n(legendY - 4)) L\(SVGCanvas.n(Self.left + 8)),\(SVGCanvas.n(legendY - 4)) M\(SVGCanvas.n(Self.left + 5)),\(SVGCanvas.n(legendY - 6.5)) L\(SVGCanvas.n(Self.left + 8)),\(SVGCanvas.n(legendY - 4)) L\(SVGCanvas.n(Self.left + 5)),\(SVGCanvas.n(legendY - 1.5))",
                    stroke: "#000", width: 0.8)
        canvas.text(labels.aliveAtLastContact, x: Self.left + 14, y: legendY, size: 11)
        return canvas.document(width: Self.left + Self.plotWidth + 30, height: legendY + 12, title: labels.title,
                               description: labels.description, identifier: identifier, xmlDeclaration: xmlDeclaration)
    }
}

/// The words of a swimmer plot, in the report's language.
public struct SwimmerLabels: Sendable, Equatable {
    public var title: String
    public var description: String
    public var xAxis: String
    public var implantation: String
    public var partialResponse: String
    public var completeResponse: String
    public var progression: String
    public var newTherapyLine: String
    public var death: String
    public var aliveAtLastContact: String

    public init(title: String, description: String, xAxis: String, implantation: String, partialResponse: String,
                completeResponse: String, progression: String, newTherapyLine: String, death: String, aliveAtLastContact: String) {
        self.title = title
        self.description = description
        self.xAxis = xAxis
        self.implantation = implantation
        self.partialResponse = partialResponse
        self.completeResponse = completeResponse
        self.progression = progression
        self.newTherapyLine = newTherapyLine
        self.death = death
        self.aliveAtLastContact = aliveAtLastContact
    }
}
