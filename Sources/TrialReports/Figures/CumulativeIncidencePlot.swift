import Foundation
import TrialStats

/// Cumulative incidence of one cause (e.g. local failure, with death as the competing risk) by group, as a
/// self-contained SVG: Aalen-Johansen step curves rising from 0, optional bands (estimate +- z SE, bounded
/// to [0, 1]), a legend and annotation lines (e.g. Gray's test). No at-risk table: the curve values alone do
/// not carry the risk sets.
public struct CumulativeIncidencePlot: Sendable {
    public struct Series: Sendable {
        public var label: String
        /// The curve of the cause to draw (`CumulativeIncidence.estimate(...)` returns one per group and cause).
        public var curve: CumulativeIncidenceCurve
        public var style: SeriesStyle?

        public init(label: String, curve: CumulativeIncidenceCurve, style: SeriesStyle? = nil) {
            self.label = label
            self.curve = curve
            self.style = style
        }
    }

    public var series: [Series]
    public var labels: SurvivalPlotLabels
    public var options: SurvivalPlotOptions
    /// Top of the value axis (0-1); nil: the nice number above the highest curve or band.
    public var valueMaximum: Double?
    /// Two-sided level of the bands.
    public var confidenceLevel: Double

    public init(series: [Series], labels: SurvivalPlotLabels, options: SurvivalPlotOptions = SurvivalPlotOptions(),
                valueMaximum: Double? = nil, confidenceLevel: Double = 0.95) {
        self.series = series
        self.labels = labels
        self.options = options
        self.valueMaximum = valueMaximum
        self.confidenceLevel = confidenceLevel
    }

    /// The SVG document; `xmlDeclaration` false for inlining in an HTML page.
    public func svg(xmlDeclaration: Bool = true) -> String { chart.render(xmlDeclaration: xmlDeclaration) }

    public var timeTicks: [Double] { chart.timeTicks }

    var chart: StepCurveChart {
        let z = Normal.quantile(1 - (1 - confidenceLevel) / 2)
        let steps = series.enumerated().map { index, item in
            StepSeries(
                label: item.label,
                style: item.style ?? .standard(index),
                initialValue: 0,
                steps: item.curve.points.map { StepPoint(time: $0.time, value: $0.estimate) },
                lastTime: item.curve.points.last?.time ?? 0,
                band: item.curve.points.map { point -> (time: Double, lower: Double?, upper: Double?) in
                    (point.time, max(0, point.estimate - z * point.stdErr), min(1, point.estimate + z * point.stdErr))
                },
                censorMarks: [],
                riskTable: nil
            )
        }
        let horizon = options.horizonDays ?? .infinity
        let highest = series.flatMap { item in
            item.curve.points.filter { $0.time <= horizon }.map {
                options.confidenceBands ? min(1, $0.estimate + z * $0.stdErr) : $0.estimate
            }
        }.max() ?? 0
        let top = valueMaximum ?? min(1, NiceAxisTicks.linear(lower: 0, upper: max(highest, 0.05), maxCount: 6).last ?? 1)
        return StepCurveChart(series: steps, labels: labels, options: options, valueMaximum: top)
    }
}
