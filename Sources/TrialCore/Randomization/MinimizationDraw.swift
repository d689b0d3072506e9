import Foundation

/// The audit record of one minimization allocation: everything needed to check the decision by hand and to
/// replay it from the seed.
public struct MinimizationDraw: Hashable, Sendable, Codable {
    public struct FactorLevel: Hashable, Sendable, Codable {
        public let factor: String
        public let level: String
    }

    public struct ArmTotal: Hashable, Sendable, Codable {
        public let arm: String
        /// G_a: the weighted imbalance if the patient were assigned to this arm.
        public let total: Double
    }

    /// 1 for the first patient minimized in the study, 2 for the second, ...
    public let allocationNumber: Int
    public let levels: [FactorLevel]
    public let totals: [ArmTotal]
    /// The arms tied for the smallest total; more than one means the tie was broken at random.
    public let candidateArms: [String]
    /// u1: picks the preferred arm among the candidates.
    public let tieBreakUniform: Double
    public let preferredArm: String
    /// u2: the biased coin; the preferred arm is assigned when u2 < p.
    public let coinUniform: Double
    public let preferredProbability: Double
    public let assignedArm: String

    /// Whether the coin followed the preference.
    public var followedPreference: Bool { assignedArm == preferredArm }
}
