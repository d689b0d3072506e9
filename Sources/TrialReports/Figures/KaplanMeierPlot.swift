import Foundation
import TrialStats

/// Kaplan-Meier curves by group as a self-contained SVG: step curves from the fitted tables, censoring
/// marks (+) where observations were censored, optional pointwise confidence bands, a legend, annotation
/// lines (hazard ratio, p-value) and the numbers at risk under the time axis at every tick.
public struct KaplanMeierPlot: Sendable {
    public struct Series: Sendable {
        /// The arm or group name as the legend and the at-risk table print it.
        public var label: String
        public var fit: KaplanMeier
        public var style: SeriesStyle?

        /// `style` nil: the standard style of the series' position.
        public init(label: String, fit: KaplanMeier, style: SeriesStyle? = nil) {
            self.label = label
            self.fit = fit
            self.style = style
        }
    }

    public var series: [Series]
    public var labels: SurvivalPlotLabels
    public var options: SurvivalPlotOptions

    public init(series: [Series], labels: SurvivalPlotLabels, options: SurvivalPlotOptions = SurvivalPlotOptions()) {
        self.series = series
        self.labels = labels
        self.options = options
    }

    /// The SVG document; `xmlDeclaration` false for inlining in an HTML page.
    public func svg(xmlDeclaration: Bool = true) -> String { chart.render(xmlDeclaration: xmlDeclaration) }

    /// Number at risk at `day` as survival software prints under the axis: those still followed just before
    /// that time, i.e. the nRisk of the first table row at or after it (0 after the last row).
    public static func numberAtRisk(_ fit: KaplanMeier, atDay day: Double) -> Int {
        StepCurveChart.numberAtRisk(fit.table.map { ($0.time, $0.nRisk) }, atDay: day)
    }

    /// The time ticks of the axis, in the axis unit.
    public var timeTicks: [Double] { chart.timeTicks }

    var chart: StepCurveChart {
        let steps = series.enumerated().map { index, item in
            StepSeries(
                label: item.label,
                style: item.style ?? .standard(index),
                initialValue: 1,
                steps: item.fit.table.map { StepPoint(time: $0.time, value: $0.survival) },
                lastTime: item.fit.table.last?.time ?? 0,
                band: item.fit.table.map { ($0.time, $0.lower, $0.upper) },
                censorMarks: item.fit.table.filter { $0.nCensor > 0 }.map { StepPoint(time: $0.time, value: $0.survival) },
                riskTable: item.fit.table.map { ($0.time, $0.nRisk) }
            )
        }
        return StepCurveChart(series: steps, labels: labels, options: options, valueMaximum: 1)
    }
}
