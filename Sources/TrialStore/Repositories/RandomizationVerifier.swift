import FluentKit
import Foundation
import TrialCore

/// What `randomization verify` found: the stored lists regenerate from the seed, and every recorded
/// assignment matches the list (or, for minimization, the replayed draws).
public struct RandomizationVerification: Codable, Sendable {
    public var listVersion: Int
    public var scheme: String
    public var slotsChecked: Int
    public var assignmentsChecked: Int
    public var problems: [String]
    public var isIntact: Bool { problems.isEmpty }
}

/// Regenerates the allocation from the seed (statistician only: the seed never leaves this check) and
/// compares it with what the database holds.
public struct RandomizationVerifier: Sendable {
    public let store: TrialStore
    public let study: StudyDefinition

    public let auditKey: AuditSigningKey?

    public init(store: TrialStore, study: StudyDefinition, auditKey: AuditSigningKey? = nil) {
        self.store = store
        self.study = study
        self.auditKey = auditKey
    }

    /// The newest allocation list with every slot, by stratum and slot number (nil before randomization is
    /// activated); the seed as stored (sealed when an audit key seals it).
    public func allocationList() async throws -> (setup: RandomizationSetupRecord, slots: [AllocationSlotRecord])? {
        guard let setup = try await RandomizationSetupRecord.query(on: store.database).sort(\.$listVersion, .descending).first() else {
            return nil
        }
        let slots = try await AllocationSlotRecord.query(on: store.database).filter(\.$listVersion == setup.listVersion)
            .sort(\.$stratum).sort(\.$slotNumber).all()
        return (setup, slots)
    }

    public func verify() async throws -> RandomizationVerification {
        let db = store.database
        guard let setup = try await RandomizationSetupRecord.query(on: db).sort(\.$listVersion, .descending).first() else {
            throw StoreError.conflict(RuleMessage("store.noSeed", "randomization has not been activated: no seed is recorded"))
        }
        let seed = try RandomizationSeedSealing.seed(from: setup.seedHex, key: auditKey)
        let participants = try await ParticipantRecord.query(on: db).filter(\.$arm != nil).sort(\.$allocationNumber).all()
        var problems: [String] = []
        var slotsChecked = 0

        if let design = try study.permutedBlockDesign() {
            let stored = try await AllocationSlotRecord.query(on: db).filter(\.$listVersion == setup.listVersion).all()
            // The length the lists were generated to: the target at activation, or the last extension's.
            let expected = try design.generateLists(seed: seed, strata: study.allStrata.map(\.key), length: setup.listLength ?? study.targetEnrollment)
                .flatMap(\.slots)
            var storedByKey: [String: AllocationSlotRecord] = [:]
            for slot in stored { storedByKey["\(slot.stratum)#\(slot.slotNumber)"] = slot }
            for slot in expected {
                slotsChecked += 1
                guard let row = storedByKey.removeValue(forKey: "\(slot.stratum)#\(slot.slotNumber)") else {
                    problems.append("stratum \(slot.stratum) slot \(slot.slotNumber) is missing from the database")
                    continue
                }
                if row.arm != slot.arm || row.blockNumber != slot.blockNumber || row.blockSize != slot.blockSize {
                    problems.append("stratum \(slot.stratum) slot \(slot.slotNumber) differs from the list the seed generates")
                }
            }
            for key in storedByKey.keys.sorted() {
                problems.append("slot \(key) is in the database but not in the list the seed generates")
            }
            let digest = EnrollmentService.listsDigest(stored.map { ($0.stratum, $0.slotNumber, $0.blockNumber, $0.blockSize, $0.arm) })
            if digest != setup.listsSHA256 {
                problems.append("the stored lists no longer match the digest published at activation")
            }
            // Each stratum's used slots are 1...k, taken in allocation order, each by the participant holding that arm.
            let usedByStratum = Dictionary(grouping: stored.filter { $0.participantID != nil }, by: \.stratum)
            let byParticipant = Dictionary(uniqueKeysWithValues: participants.map { ($0.participantID, $0) })
            for (stratum, used) in usedByStratum.sorted(by: { $0.key < $1.key }) {
                let ordered = used.sorted { $0.slotNumber < $1.slotNumber }
                if ordered.map(\.slotNumber) != Array(1...ordered.count) {
                    problems.append("stratum \(stratum): used slots are \(ordered.map(\.slotNumber)), not 1...\(ordered.count) in order")
                }
                let numbers = ordered.compactMap { $0.participantID.flatMap { byParticipant[$0]?.allocationNumber } }
                if numbers != numbers.sorted() {
                    problems.append("stratum \(stratum): slots were not used in the order participants were randomized")
                }
            }
            for participant in participants {
                let slot = stored.first { $0.participantID == participant.participantID }
                if slot == nil {
                    problems.append("participant \(participant.participantID) has arm \(participant.arm ?? "") but no slot")
                } else if slot?.arm != participant.arm || slot?.stratum != participant.stratum {
                    problems.append("participant \(participant.participantID): recorded arm or stratum differs from its slot")
                }
            }
        } else if let design = try study.minimizationDesign() {
            let patients = participants.map { Stratum.levels(fromKey: $0.stratum ?? "all") }
            let draws = try MinimizationAllocator.replay(design: design, seed: seed, patients: patients)
            for (participant, draw) in zip(participants, draws) where draw.assignedArm != participant.arm {
                problems.append("participant \(participant.participantID): recorded arm differs from the replayed minimization draw \(draw.allocationNumber)")
            }
        }
        return RandomizationVerification(listVersion: setup.listVersion, scheme: setup.scheme, slotsChecked: slotsChecked,
                                         assignmentsChecked: participants.count, problems: problems)
    }
}
