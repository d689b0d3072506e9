import Foundation

/// The numbers RECIST 1.1 fixes, and the choices it leaves to the protocol, as one value.
///
/// Defaults are those of the RECIST 1.1 paper (Eisenhauer et al., Eur J Cancer 2009;45:228-247).
/// `minimumStableDiseaseDays` is the protocol's choice: the paper asks for a minimum interval,
/// "in general not less than 6-8 weeks"; 42 days (6 weeks) fits this trial's imaging every
/// 8 weeks with a +/- 7 day window, whose first scan can fall on day 49.
public struct RecistSettings: Hashable, Sendable, Codable {
    /// CT slice thickness of the baseline scan. Above 5 mm a non-nodal lesion is measurable only at
    /// twice the slice thickness.
    public var sliceThickness: Millimetres
    /// Smallest longest diameter of a measurable non-nodal lesion (with slices of 5 mm or thinner).
    public var minimumNonNodalDiameter: Millimetres
    /// Smallest short axis of a measurable (target-eligible) lymph node.
    public var measurableNodeShortAxis: Millimetres
    /// Smallest short axis of a pathological lymph node; nodes below it are normal, and a target node
    /// that returns below it counts as gone for a complete response.
    public var pathologicalNodeShortAxis: Millimetres
    public var maximumTargets: Int
    public var maximumTargetsPerOrgan: Int
    /// The value recorded for a lesion present but too small to measure.
    public var tooSmallToMeasureDefault: Millimetres
    /// PR: the sum at least this many percent below the baseline sum.
    public var partialResponseDecreasePercent: Int
    /// PD: the sum at least this many percent above the nadir ...
    public var progressionIncreasePercent: Int
    /// ... and at least this much above it in absolute terms.
    public var progressionAbsoluteIncrease: Millimetres
    /// SD counts for the best overall response only when reached at least this many days after baseline.
    public var minimumStableDiseaseDays: Int

    public init(
        sliceThickness: Millimetres = Millimetres(5),
        minimumNonNodalDiameter: Millimetres = Millimetres(10),
        measurableNodeShortAxis: Millimetres = Millimetres(15),
        pathologicalNodeShortAxis: Millimetres = Millimetres(10),
        maximumTargets: Int = 5,
        maximumTargetsPerOrgan: Int = 2,
        tooSmallToMeasureDefault: Millimetres = Millimetres(5),
        partialResponseDecreasePercent: Int = 30,
        progressionIncreasePercent: Int = 20,
        progressionAbsoluteIncrease: Millimetres = Millimetres(5),
        minimumStableDiseaseDays: Int = 42
    ) {
        self.sliceThickness = sliceThickness
        self.minimumNonNodalDiameter = minimumNonNodalDiameter
        self.measurableNodeShortAxis = measurableNodeShortAxis
        self.pathologicalNodeShortAxis = pathologicalNodeShortAxis
        self.maximumTargets = maximumTargets
        self.maximumTargetsPerOrgan = maximumTargetsPerOrgan
        self.tooSmallToMeasureDefault = tooSmallToMeasureDefault
        self.partialResponseDecreasePercent = partialResponseDecreasePercent
        self.progressionIncreasePercent = progressionIncreasePercent
        self.progressionAbsoluteIncrease = progressionAbsoluteIncrease
        self.minimumStableDiseaseDays = minimumStableDiseaseDays
    }

    /// RECIST 1.1: a non-nodal lesion is measurable at >= 10 mm on CT with slices of 5 mm or less,
    /// otherwise at >= twice the slice thickness.
    public var measurableNonNodalDiameter: Millimetres {
        // Twice a slice of 5 mm or less never exceeds the 10 mm floor, so one maximum covers both cases.
        max(minimumNonNodalDiameter, sliceThickness * 2)
    }

    /// RECIST 1.1 PR: the sum at least 30% below the baseline sum (exact, in tenths of a millimetre).
    public func isPartialResponse(sum: Millimetres, baselineSum: Millimetres) -> Bool {
        sum.tenths * 100 <= baselineSum.tenths * (100 - partialResponseDecreasePercent)
    }

    /// RECIST 1.1 PD: the sum at least 20% above the nadir AND at least 5 mm above it
    /// (with a nadir of 0, any sum of 5 mm or more).
    public func isProgression(sum: Millimetres, nadir: Millimetres) -> Bool {
        sum.tenths * 100 >= nadir.tenths * (100 + progressionIncreasePercent)
            && sum - nadir >= progressionAbsoluteIncrease
    }
}
