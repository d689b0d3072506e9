import Foundation

/// Thresholds for in-field progression of a 125I-treated lesion, parameters of the study definition.
///
/// Defaults follow the usual per-lesion reading in seed-implantation and metastasis-directed therapy
/// reports (e.g. SABR-COMET): RECIST's 20% and 5 mm applied to the treated lesion alone, over its own
/// smallest measurement since implantation, and PERCIST's progression thresholds for its SULpeak
/// against its post-implant baseline.
public struct InFieldProgressionSettings: Hashable, Sendable, Codable {
    /// Growth over the lesion's nadir, in percent ...
    public var sizeIncreasePercent: Int
    /// ... and in absolute terms; both must be reached.
    public var minimumSizeIncrease: Millimetres
    /// SULpeak change thresholds (PMD: more than 30% and at least 0.8 SUL units).
    public var metabolic: PercistChangeThresholds

    public init(
        sizeIncreasePercent: Int = 20, minimumSizeIncrease: Millimetres = Millimetres(5),
        metabolic: PercistChangeThresholds = PercistChangeThresholds()
    ) {
        self.sizeIncreasePercent = sizeIncreasePercent
        self.minimumSizeIncrease = minimumSizeIncrease
        self.metabolic = metabolic
    }

    /// In-field progression by size: at least 20% AND at least 5 mm over the lesion's own nadir.
    public func isSizeProgression(size: Millimetres, nadir: Millimetres) -> Bool {
        size.tenths * 100 >= nadir.tenths * (100 + sizeIncreasePercent) && size - nadir >= minimumSizeIncrease
    }
}
