import Foundation
import TrialCore

/// One row of the baseline characteristics table (ITT, by randomized arm, and all participants).
public struct BaselineCharacteristic: Sendable, Equatable, Codable {
    public struct Cell: Sendable, Equatable, Codable {
        /// Participants with a value.
        public var n: Int
        /// For a level of a categorical variable: participants at that level (percent of `n`).
        public var count: Int?
        public var median: Double?
        public var minimum: Double?
        public var maximum: Double?
        public var mean: Double?
        public var standardDeviation: Double?
    }

    /// `age`, `ageGroup`, `sex`, `ecog`, `modality`, `lesionCount`, `stratum:<factor>`, `primarySite`, `priorLines`.
    public var variable: String
    /// The level of a categorical variable; nil for a continuous one.
    public var level: String?
    /// One cell per arm in the report's order, then all participants.
    public var cells: [Cell]

    static func table(_ data: TrialAnalysisData) -> [BaselineCharacteristic] {
        let itt = data.participants.filter { $0.populations.intentionToTreat }
        let groups = data.arms.map { arm in itt.filter { $0.armCode == arm } } + [itt]
        func continuous(_ variable: String, _ read: (AnalysedParticipant) -> Double?) -> BaselineCharacteristic {
            BaselineCharacteristic(variable: variable, level: nil, cells: groups.map { people in
                let values = people.compactMap(read)
                return Cell(n: values.count, count: nil, median: Descriptive.median(values), minimum: values.min(),
                            maximum: values.max(), mean: Descriptive.mean(values),
                            standardDeviation: Descriptive.standardDeviation(values))
            })
        }
        func categorical(_ variable: String, levels: [String], _ read: (AnalysedParticipant) -> String?) -> [BaselineCharacteristic] {
            let seen = Set(itt.compactMap(read))
            let ordered = levels.filter(seen.contains) + seen.subtracting(levels).sorted()
            return ordered.map { level in
                BaselineCharacteristic(variable: variable, level: level, cells: groups.map { people in
                    let values = people.compactMap(read)
                    return Cell(n: values.count, count: values.filter { $0 == level }.count)
                })
            }
        }
        var rows: [BaselineCharacteristic] = []
        rows.append(continuous("age") { $0.baseline.map { Double($0.ageYears) } })
        rows += categorical("ageGroup", levels: AgeGroup.allCases.map(\.code)) { $0.baseline.map { AgeGroup.of($0.ageYears).code } }
        rows += categorical("sex", levels: ["F", "M"]) { $0.baseline.map { $0.sex == .female ? "F" : "M" } }
        rows += categorical("ecog", levels: ["0", "1", "2"]) { $0.baseline.map { String($0.ecog) } }
        rows += categorical("modality", levels: ["CT", "PET/CT"]) { $0.baseline.map { BaselineModality.code($0.imagingModality) } }
        rows.append(continuous("lesionCount") { $0.baseline.map { Double($0.lesions.count) } })
        for factor in data.study.stratification {
            rows += categorical("stratum:\(factor.code)", levels: factor.levels.map(\.code)) { $0.participant.stratumLevels[factor.code] }
        }
        rows += categorical("primarySite", levels: []) { $0.baseline?.primaryTumourSite }
        rows.append(continuous("priorLines") { $0.baseline.map { Double($0.priorLinesOfTherapy) } })
        return rows
    }
}

/// The CONSORT 2010 flow from the screening log and the dispositions.
enum ConsortCounts {
    static func flow(_ data: TrialAnalysisData) -> ConsortFlow {
        let log = data.input.screeningLog
        let randomizedIds = Set(data.participants.map(\.id))
        let notRandomized = log.filter { entry in entry.randomizedParticipantId.map { !randomizedIds.contains($0) } ?? true }
        var excluded: [ConsortReason] = []
        var byCriterion: [String: Int] = [:]
        for entry in notRandomized where !entry.eligible {
            for code in (entry.failedCriteria.isEmpty ? ["unspecified"] : entry.failedCriteria) { byCriterion[code, default: 0] += 1 }
        }
        let ineligible = notRandomized.filter { !$0.eligible }.count
        if ineligible > 0 { excluded.append(ConsortReason(reason: "ineligible", count: ineligible)) }
        excluded += byCriterion.sorted { $0.key < $1.key }.map { ConsortReason(reason: "criterion:\($0.key)", count: $0.value) }
        let declined = notRandomized.filter { $0.eligible && !$0.consented }.count
        if declined > 0 { excluded.append(ConsortReason(reason: "declined", count: declined)) }
        let other = notRandomized.filter { $0.eligible && $0.consented }.count
        if other > 0 { excluded.append(ConsortReason(reason: "notRandomized", count: other)) }

        let arms = data.arms.map { arm -> ConsortArmFlow in
            let people = data.participants.filter { $0.armCode == arm }
            let received = people.filter(\.populations.receivedAllocatedTreatment)
            let missed = people.filter { !$0.populations.receivedAllocatedTreatment }
            var notReceived: [ConsortReason] = []
            let isExperimental = arm == data.experimentalArm
            let withoutImplant = missed.filter { _ in isExperimental }.count
            let implantedInControl = missed.filter { !isExperimental && $0.populations.actualArm == data.experimentalArm }.count
            let noTherapy = missed.count - withoutImplant - implantedInControl
            if withoutImplant > 0 { notReceived.append(ConsortReason(reason: "noImplantation", count: withoutImplant)) }
            if implantedInControl > 0 { notReceived.append(ConsortReason(reason: "implantedAgainstAllocation", count: implantedInControl)) }
            if noTherapy > 0 { notReceived.append(ConsortReason(reason: "noSystemicTherapy", count: noTherapy)) }
            var lost: [ConsortReason] = []
            var discontinued: [String: Int] = [:]
            for person in people {
                guard let end = person.casebook.endOfStudy?.form else {
                    if person.casebook.death != nil { discontinued["death", default: 0] += 1 }
                    continue
                }
                switch end.reason {
                case .completed: break
                case .lostToFollowUp: lost.append(ConsortReason(reason: "lostToFollowUp", count: 1))
                default: discontinued[end.reason.rawValue, default: 0] += 1
                }
            }
            let lostCount = lost.count
            return ConsortArmFlow(
                name: arm, allocated: people.count, receivedAllocatedIntervention: received.count,
                didNotReceiveAllocatedIntervention: notReceived,
                lostToFollowUp: lostCount > 0 ? [ConsortReason(reason: "lostToFollowUp", count: lostCount)] : [],
                discontinuedIntervention: discontinued.sorted { $0.key < $1.key }.map { ConsortReason(reason: $0.key, count: $0.value) },
                analysed: people.filter(\.populations.intentionToTreat).count, excludedFromAnalysis: [])
        }
        return ConsortFlow(assessedForEligibility: max(log.count, data.participants.count), excluded: excluded,
                           randomized: data.participants.count, arms: arms)
    }
}
