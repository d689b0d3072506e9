import Foundation

/// The words of a survival or cumulative incidence figure, supplied by the caller in the report's language.
public struct SurvivalPlotLabels: Sendable, Hashable {
    /// Shown above the figure (when drawn) and used as the SVG <title>.
    public var title: String
    /// The SVG <desc>: a sentence for screen readers saying what the figure shows.
    public var description: String
    public var xAxis: String
    public var yAxis: String
    /// Heading of the numbers-at-risk table (unused when there is none).
    public var numberAtRisk: String

    public init(title: String, description: String, xAxis: String, yAxis: String, numberAtRisk: String) {
        self.title = title
        self.description = description
        self.xAxis = xAxis
        self.yAxis = yAxis
        self.numberAtRisk = numberAtRisk
    }
}

/// Layout choices shared by the Kaplan-Meier and cumulative incidence figures.
public struct SurvivalPlotOptions: Sendable, Hashable {
    public var timeUnit: FigureTimeUnit
    public var valueScale: FigureValueScale
    /// End of the time axis in days (e.g. 365 for a 12-month endpoint); nil: the longest follow-up.
    public var horizonDays: Double?
    /// Distance between time ticks in the axis unit (e.g. 3 months); nil: chosen from nice steps.
    public var tickStep: Double?
    /// Draw the pointwise confidence band of each curve as a light shaded area.
    public var confidenceBands: Bool
    /// Lines printed in the top right, such as "HR 0.62 (95% CI 0.41–0.93)" and "Log-rank p = 0.021".
    public var annotation: [String]
    /// Prefix of the SVG element ids; give each figure inlined in one page its own.
    public var identifier: String
    public var width: Double
    public var plotHeight: Double
    /// Draw the title above the figure (off when the page prints its own caption).
    public var drawsTitle: Bool

    public init(timeUnit: FigureTimeUnit = .months, valueScale: FigureValueScale = .percent,
                horizonDays: Double? = nil, tickStep: Double? = nil, confidenceBands: Bool = false,
                annotation: [String] = [], identifier: String = "figure", width: Double = 720,
                plotHeight: Double = 300, drawsTitle: Bool = true) {
        self.timeUnit = timeUnit
        self.valueScale = valueScale
        self.horizonDays = horizonDays
        self.tickStep = tickStep
        self.confidenceBands = confidenceBands
        self.annotation = annotation
        self.identifier = identifier
        self.width = width
        self.plotHeight = plotHeight
        self.drawsTitle = drawsTitle
    }
}
