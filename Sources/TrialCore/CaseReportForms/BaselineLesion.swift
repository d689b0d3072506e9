import Foundation

/// A lesion's RECIST 1.1 role chosen at baseline.
public enum RecistRole: String, Hashable, Sendable, Codable, CaseIterable {
    case target
    case nonTarget
}

/// One metastatic lesion of the baseline inventory.
public struct BaselineLesion: Hashable, Sendable, Codable {
    /// Unique in the participant's inventory; later forms refer to the lesion by it ("L1").
    public var id: String
    public var organ: String
    public var location: String
    public var nodal: Bool
    /// Longest diameter in mm, or short axis for a lymph node (RECIST 1.1).
    public var sizeMm: Decimal
    /// The site's statement that the lesion is measurable; checked against RECIST 1.1.
    public var measurable: Bool
    /// FDG SULpeak on the baseline PET/CT; only with a PET/CT baseline.
    public var sulPeak: Decimal?
    public var role: RecistRole
    public var plannedForImplantation: Bool

    public init(id: String, organ: String, location: String, nodal: Bool = false, sizeMm: Decimal, measurable: Bool,
                sulPeak: Decimal? = nil, role: RecistRole, plannedForImplantation: Bool = false) {
        self.id = id
        self.organ = organ
        self.location = location
        self.nodal = nodal
        self.sizeMm = sizeMm
        self.measurable = measurable
        self.sulPeak = sulPeak
        self.role = role
        self.plannedForImplantation = plannedForImplantation
    }
}
