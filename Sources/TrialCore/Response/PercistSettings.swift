import Foundation

/// PERCIST 1.0's thresholds for a change of SULpeak between two scans (Wahl et al., J Nucl Med
/// 2009;50 Suppl 1:122S-150S). Shared by the participant-level response and by the metabolic
/// in-field progression of a treated lesion.
public struct PercistChangeThresholds: Hashable, Sendable, Codable {
    /// PMR: SULpeak down by at least this many percent ...
    public var responseDecreasePercent: Int
    /// PMD: SULpeak up by more than this many percent ...
    public var progressionIncreasePercent: Int
    /// ... and, for both, by at least this many SUL units.
    public var minimumAbsoluteChange: Decimal

    public init(responseDecreasePercent: Int = 30, progressionIncreasePercent: Int = 30, minimumAbsoluteChange: Decimal = Decimal(string: "0.8")!) {
        self.responseDecreasePercent = responseDecreasePercent
        self.progressionIncreasePercent = progressionIncreasePercent
        self.minimumAbsoluteChange = minimumAbsoluteChange
    }

    /// PERCIST 1.0 PMR criterion on the target: SULpeak at least 30% AND at least 0.8 SUL units below
    /// the reference (exact decimal arithmetic: 2.60 to 1.82 is exactly -30%).
    public func isMetabolicResponse(reference: Decimal, followUp: Decimal) -> Bool {
        let decrease = reference - followUp
        return decrease * 100 >= reference * Decimal(responseDecreasePercent) && decrease >= minimumAbsoluteChange
    }

    /// PERCIST 1.0 PMD criterion on the target: SULpeak more than 30% AND at least 0.8 SUL units above
    /// the reference.
    public func isMetabolicProgression(reference: Decimal, followUp: Decimal) -> Bool {
        let increase = followUp - reference
        return increase * 100 > reference * Decimal(progressionIncreasePercent) && increase >= minimumAbsoluteChange
    }
}

/// PERCIST 1.0 measurability: a lesion is measurable when its SULpeak reaches
/// `liverMeanFactor x liver mean + liverSDFactor x liver SD` (1.5 x mean + 2 x SD); when the liver is
/// abnormal the blood pool of the descending aorta is the reference (2 x mean + 2 x SD).
public struct PercistSettings: Hashable, Sendable, Codable {
    public var liverMeanFactor: Decimal
    public var liverSDFactor: Decimal
    public var bloodPoolMeanFactor: Decimal
    public var bloodPoolSDFactor: Decimal
    public var thresholds: PercistChangeThresholds

    public init(
        liverMeanFactor: Decimal = Decimal(string: "1.5")!, liverSDFactor: Decimal = 2,
        bloodPoolMeanFactor: Decimal = 2, bloodPoolSDFactor: Decimal = 2,
        thresholds: PercistChangeThresholds = PercistChangeThresholds()
    ) {
        self.liverMeanFactor = liverMeanFactor
        self.liverSDFactor = liverSDFactor
        self.bloodPoolMeanFactor = bloodPoolMeanFactor
        self.bloodPoolSDFactor = bloodPoolSDFactor
        self.thresholds = thresholds
    }

    /// The SULpeak a lesion needs to be measurable against this reference.
    public func measurabilityThreshold(_ reference: PercistReferenceRegion) -> Decimal {
        switch reference.kind {
        case .liver: return liverMeanFactor * reference.mean + liverSDFactor * reference.standardDeviation
        case .bloodPool: return bloodPoolMeanFactor * reference.mean + bloodPoolSDFactor * reference.standardDeviation
        }
    }
}
