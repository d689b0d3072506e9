import Foundation

/// One row of a subgroup forest plot: a heading (e.g. "Age") or a subgroup with its estimate.
public struct ForestPlotRow: Sendable, Hashable {
    public var label: String
    /// Text columns beside the label, e.g. events/n in each arm ("18/30", "24/31").
    public var columns: [String]
    public var estimate: Double?
    public var lower: Double?
    public var upper: Double?
    /// Relative weight (e.g. number of events or inverse variance); square areas are proportional to it.
    public var weight: Double?
    /// Indentation level of the label (subgroups under their heading use 1).
    public var indent: Int

    /// A subgroup with its hazard ratio and confidence limits.
    public init(label: String, columns: [String] = [], estimate: Double?, lower: Double?, upper: Double?,
                weight: Double? = nil, indent: Int = 1) {
        self.label = label
        self.columns = columns
        self.estimate = estimate
        self.lower = lower
        self.upper = upper
        self.weight = weight
        self.indent = indent
    }

    /// A heading row without an estimate (a subgrouping variable such as "ECOG performance status").
    public static func heading(_ label: String, columns: [String] = []) -> ForestPlotRow {
        ForestPlotRow(label: label, columns: columns, estimate: nil, lower: nil, upper: nil, weight: nil, indent: 0)
    }

    var hasEstimate: Bool {
        guard let estimate, let lower, let upper else { return false }
        return estimate > 0 && lower > 0 && upper > 0 && estimate.isFinite && lower.isFinite
    }
}

/// The words of a forest plot in the report's language.
public struct ForestPlotLabels: Sendable, Hashable {
    public var title: String
    public var description: String
    /// Heading of the label column ("Subgroup").
    public var subgroup: String
    /// Headings of the text columns, one per `ForestPlotRow.columns` entry.
    public var columnHeadings: [String]
    /// Heading of the printed estimate column ("HR (95% CI)").
    public var estimate: String
    /// Title of the logarithmic axis ("Hazard ratio").
    public var axis: String
    /// Under the axis, left and right of 1 (e.g. "Favours seeds" / "Favours control"); empty to omit.
    public var favoursLeft: String
    public var favoursRight: String

    public init(title: String, description: String, subgroup: String, columnHeadings: [String], estimate: String,
                axis: String, favoursLeft: String = "", favoursRight: String = "") {
        self.title = title
        self.description = description
        self.subgroup = subgroup
        self.columnHeadings = columnHeadings
        self.estimate = estimate
        self.axis = axis
        self.favoursLeft = favoursLeft
        self.favoursRight = favoursRight
    }
}
