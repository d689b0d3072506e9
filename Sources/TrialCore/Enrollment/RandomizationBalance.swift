import Foundation

/// Allocation balance of the participants randomized so far, overall and per stratum. It counts past
/// allocations only and so reveals nothing about future slots.
public struct RandomizationBalance: Codable, Sendable, Hashable {
    public struct Row: Codable, Sendable, Hashable {
        public var stratum: String
        public var counts: [String: Int]
        public var total: Int
        /// Largest minus smallest ratio-adjusted arm count (arms of weight 1: plain count difference).
        public var imbalance: Double

        public init(stratum: String, counts: [String: Int], total: Int, imbalance: Double) {
            self.stratum = stratum
            self.counts = counts
            self.total = total
            self.imbalance = imbalance
        }
    }

    public var overall: Row
    public var strata: [Row]

    public init(overall: Row, strata: [Row]) {
        self.overall = overall
        self.strata = strata
    }

    /// `allocations`: (arm, stratum key) of each randomized participant.
    public init(study: StudyDefinition, allocations: [(arm: String, stratum: String)]) {
        let arms = study.arms.map(\.code)
        func row(_ stratum: String, _ items: [(arm: String, stratum: String)]) -> Row {
            var counts = Dictionary(uniqueKeysWithValues: arms.map { ($0, 0) })
            for item in items { counts[item.arm, default: 0] += 1 }
            let adjusted = arms.map { Double(counts[$0] ?? 0) / Double(max(study.allocationRatio.weight(of: $0) ?? 1, 1)) }
            return Row(stratum: stratum, counts: counts, total: items.count,
                       imbalance: (adjusted.max() ?? 0) - (adjusted.min() ?? 0))
        }
        overall = row("all", allocations)
        let keys = Set(study.allStrata.map(\.key)).union(allocations.map(\.stratum)).sorted()
        strata = keys.map { key in row(key, allocations.filter { $0.stratum == key }) }
    }
}

/// Who may read allocation counts per stratum. The block sizes are in the study file, so a site that sees
/// how many of a stratum went to each arm can guess the next arm of that stratum (allocation concealment,
/// CONSORT item 9). The statistician and the DSMB see every stratum; everyone else sees the arms of the
/// participants they may already read, overall only.
public enum AllocationDisclosure {
    public static func mayReadCountsPerStratum(_ role: Role) -> Bool {
        role == .statistician || role == .dsmbMember
    }

    /// Who reads participants, and with them their assigned arm: the trial is open label (an implantation
    /// cannot be hidden), so every role that reads a participant sees its arm, on the pages and in the API;
    /// what stays concealed is the next allocation (the lists, the per-stratum counts).
    public static let participantReaders: AccessPolicy = .roles(.administrator, .investigator, .coordinator, .monitor, .dataManager,
                                                                .statistician, .dsmbMember)

    public static func maySeeAssignedArm(_ role: Role) -> Bool { participantReaders.allows(role) }
}
