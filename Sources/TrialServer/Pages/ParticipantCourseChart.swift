import Foundation
import TrialCore

/// One participant's course on the casebook page, drawn on the server as SVG coordinates: the spider line
/// (change of the target sum from baseline at each measured assessment, `TargetSumCourse`) above a timeline
/// from randomization to the last contact with a marker shape per event (`ParticipantTimeline`). TrialCore
/// decides the values and the events; this only places them.
struct ParticipantCourseChart: Encodable {
    struct Dot: Encodable {
        var x: Double
        var y: Double
        var label: String
    }

    struct Marker: Encodable {
        var kind: String
        var points: String
        var label: String
    }

    struct LegendEntry: Encodable {
        var kind: String
        var points: String
        var text: String
    }

    var width: Double
    var height: Double
    var left: Double
    var right: Double
    var hasSpider: Bool
    var spiderTop: Double
    var spiderBottom: Double
    var zeroY: Double
    var responseLineY: Double
    var progressionLineY: Double
    var spiderPoints: String
    var dots: [Dot]
    var barY: Double
    var barHeight: Double
    var barWidth: Double
    var markers: [Marker]
    var aliveArrow: String?
    var labels: [DashboardPage.AxisLabel]
    var legend: [LegendEntry]
    var summary: String

    static let width = 640.0
    static let left = 56.0
    static let right = 600.0
    static let spiderTop = 16.0
    static let spiderBottom = 176.0
    static let barTop = 206.0
    static let barHeight = 12.0
    static let markerRadius = 6.0

    /// The polygon of an event's marker shape centred on (x, y), so the kinds differ in shape, not colour only.
    static func shape(_ kind: ParticipantTimeline.EventKind, x: Double, y: Double, r: Double = markerRadius) -> String {
        let corners: [(Double, Double)]
        switch kind {
        case .implantation: corners = [(-r, -r), (r, -r), (r, r), (-r, r)]
        case .responseOnset: corners = [(-r, -r), (r, -r), (0, r)]
        case .progression: corners = [(0, -r), (r, 0), (0, r), (-r, 0)]
        case .newTherapyLine: corners = [(-r, -r), (r, 0), (-r, r)]
        case .death:
            let t = r / 3
            corners = [(-r, -r + t), (-r + t, -r), (0, -t), (r - t, -r), (r, -r + t), (t, 0), (r, r - t), (r - t, r), (0, t),
                       (-r + t, r), (-r, r - t), (-t, 0)]
        }
        return corners.map { point(x + $0.0, y + $0.1) }.joined(separator: " ")
    }

    static func point(_ x: Double, _ y: Double) -> String { String(format: "%.1f,%.1f", x, y) }

    /// The chart of a course; nil when the participant has no timeline (not randomized).
    static func chart(course: TargetSumCourse?, timeline: ParticipantTimeline?, texts: PageText) -> ParticipantCourseChart? {
        guard let timeline else { return nil }
        let points = course?.points ?? []
        let lastDay = max(timeline.endDay, points.map(\.day).max() ?? 0, 1)
        func x(_ day: Int) -> Double { left + (right - left) * Double(day) / Double(lastDay) }
        let changes = points.map(\.percentChange)
        let low = min(-100, changes.min() ?? 0), high = max(TargetSumCourse.progressionLinePercent * 2, changes.max() ?? 0)
        func y(_ percent: Double) -> Double { spiderTop + (spiderBottom - spiderTop) * (high - percent) / (high - low) }
        let spider = [point(x(0), y(0))] + points.map { point(x($0.day), y($0.percentChange)) }
        let dots = points.map { p in
            Dot(x: x(p.day), y: y(p.percentChange),
                label: texts.format("casebook.courseDot", ["date": texts.date(p.date), "change": String(format: "%+.1f%%", p.percentChange)]))
        }
        let centre = barTop + barHeight / 2
        let markers = timeline.events.map { event in
            Marker(kind: event.kind.rawValue, points: shape(event.kind, x: x(event.day), y: centre),
                   label: "\(texts["casebook.event.\(event.kind.rawValue)"])\(event.response.map { " (\($0))" } ?? "") · \(texts.date(event.date))")
        }
        let end = x(timeline.endDay)
        let arrow = timeline.died ? nil : [point(end + 4, centre - 5), point(end + 12, centre), point(end + 4, centre + 5)].joined(separator: " ")
        var labels: [DashboardPage.AxisLabel] = [
            .init(x: left, y: barTop + barHeight + 18, text: texts.date(timeline.randomizationDate), anchor: "start"),
            .init(x: end, y: barTop + barHeight + 18, text: texts.date(timeline.endDate), anchor: "end"),
        ]
        if !points.isEmpty {
            labels += [
                .init(x: left - 6, y: y(0) + 4, text: "0%", anchor: "end"),
                .init(x: left - 6, y: y(TargetSumCourse.partialResponseLinePercent) + 4,
                      text: String(format: "%+.0f%%", TargetSumCourse.partialResponseLinePercent), anchor: "end"),
                .init(x: left - 6, y: y(TargetSumCourse.progressionLinePercent) + 4,
                      text: String(format: "%+.0f%%", TargetSumCourse.progressionLinePercent), anchor: "end"),
            ]
        }
        let legend = ParticipantTimeline.EventKind.allCases.map { kind in
            LegendEntry(kind: kind.rawValue, points: shape(kind, x: 7, y: 7, r: 5), text: texts["casebook.event.\(kind.rawValue)"])
        }
        let best = course?.bestPercentChange.map { String(format: "%+.1f%%", $0) } ?? "–"
        let summary = texts.format("casebook.courseSummary", [
            "best": best, "days": String(timeline.endDay), "events": String(timeline.events.count),
        ])
        return ParticipantCourseChart(
            width: width, height: barTop + barHeight + 26, left: left, right: right, hasSpider: !points.isEmpty,
            spiderTop: spiderTop, spiderBottom: spiderBottom, zeroY: y(0),
            responseLineY: y(TargetSumCourse.partialResponseLinePercent), progressionLineY: y(TargetSumCourse.progressionLinePercent),
            spiderPoints: spider.joined(separator: " "), dots: dots, barY: barTop, barHeight: barHeight, barWidth: max(1, end - left),
            markers: markers, aliveArrow: arrow, labels: labels, legend: legend, summary: summary)
    }
}
