import Foundation
import TrialCore
import TrialStats

/// Every number of the report, computed once with TrialStats from the derived records (the same
/// records the ADaM datasets hold), machine-readable as analysis.json.
public struct TrialAnalysis: Sendable, Equatable, Codable {
    public struct ArmDescription: Sendable, Equatable, Codable {
        public var code: String
        public var label: LocalizedText
        /// `experimental` (with 125I implantation) or `control`.
        public var role: String
    }

    /// A randomization stratification factor with its label, for the tables' row headings.
    public struct FactorDescription: Sendable, Equatable, Codable {
        public var code: String
        public var label: LocalizedText
    }

    public struct PopulationSizes: Sendable, Equatable, Codable {
        public var screened: Int
        public var randomized: Int
        /// Per arm in `arms` order.
        public var intentionToTreat: [Int]
        public var perProtocol: [Int]
        /// By treatment received.
        public var safety: [Int]
        public var notTreated: Int
        public var treatedLesions: Int
    }

    public var protocolId: String
    public var title: LocalizedText
    /// The versions of the protocol the data were collected under, with their effective dates.
    public var protocolVersions: [ProtocolVersionNote]
    public var registryId: String?
    public var dataCutoff: CalendarDate
    public var language: ReportLanguage
    public var settings: EndpointSettings
    /// Experimental arm first, then control.
    public var arms: [ArmDescription]
    public var stratificationFactors: [FactorDescription]
    /// The study file's names of category words (`lung` -> 肺), for the report's tables of recorded words
    /// (primary site, lesion organ) in its language.
    public var categoryLabels: [String: LocalizedText]
    public var populations: PopulationSizes
    /// CONSORT counts; reasons are codes (`criterion:<id>`, `declined`, `notRandomized`, `noImplantation`,
    /// `noSystemicTherapy`, `implantedAgainstAllocation`, end-of-study reasons) translated by the report.
    public var consort: ConsortFlow
    public var baseline: [BaselineCharacteristic]
    public var progressionFreeSurvival: TimeToEventAnalysis
    public var overallSurvival: TimeToEventAnalysis
    public var timeToNextTreatment: TimeToEventAnalysis
    /// TTNT with death before a new line as the competing event, by arm.
    public var timeToNextTreatmentCompetingRisk: CompetingRiskAnalysis
    /// PFS in the per-protocol population (sensitivity).
    public var progressionFreeSurvivalPerProtocol: TimeToEventAnalysis
    /// PFS censored at the last adequate assessment before a new line of systemic therapy (sensitivity, ITT).
    public var progressionFreeSurvivalNewTherapyCensored: TimeToEventAnalysis
    public var localControl: LocalControlAnalysis
    public var safety: SafetyAnalysis
    public var qualityOfLife: QualityOfLifeAnalysis
    public var progressionFreeSurvivalSubgroups: [SubgroupHazardRatio]
    /// Best percentage change of the target sum per participant with a measured post-baseline sum (waterfall plot).
    public var waterfall: [WaterfallEntry]
    /// Participants without a measured post-baseline target sum, listed under the waterfall plot.
    public var waterfallUnmeasured: [ParticipantReference]
    /// Percentage change of the target sum over time per participant (spider plot).
    public var spider: [SpiderLine]
    /// Each participant's course from randomization to the last contact (swimmer plot).
    public var swimmer: [SwimmerLane]
    /// Patterns of the first progression by arm (exploratory objective).
    public var progressionPatterns: ProgressionPatternAnalysis

    /// Computes every number from the input.
    /// - Throws: `ValidationFailure` naming each participant whose data cannot be derived.
    public init(_ input: TrialAnalysisInput) throws {
        let data = try TrialAnalysisData(input)
        self.init(data, records: TimeToEventRecord.records(data))
    }

    init(_ data: TrialAnalysisData, records: [TimeToEventRecord]) {
        let study = data.study
        let settings = data.settings
        protocolId = study.protocolId
        title = study.title
        protocolVersions = data.input.protocolVersions
        registryId = study.registration.registryId
        dataCutoff = data.cutoff
        language = data.input.language
        self.settings = settings
        var labels: [String: LocalizedText] = [:]
        for field in study.screeningFields {
            for (word, label) in field.categoryLabels ?? [:] where labels[word] == nil { labels[word] = label }
        }
        categoryLabels = labels
        arms = data.arms.map { code in
            ArmDescription(code: code, label: study.arm(code: code)?.label ?? LocalizedText(en: code, zhHans: code),
                           role: code == data.experimentalArm ? "experimental" : "control")
        }
        stratificationFactors = study.stratification.map { FactorDescription(code: $0.code, label: $0.label) }
        let participants = data.participants
        populations = PopulationSizes(
            screened: data.input.screeningLog.count, randomized: participants.count,
            intentionToTreat: data.arms.map { arm in participants.filter { $0.armCode == arm && $0.populations.intentionToTreat }.count },
            perProtocol: data.arms.map { arm in participants.filter { $0.armCode == arm && $0.populations.perProtocol }.count },
            safety: data.arms.map { arm in participants.filter { $0.populations.safety && $0.populations.actualArm == arm }.count },
            notTreated: participants.filter { !$0.populations.safety }.count,
            treatedLesions: records.filter { $0.parameter == .LC }.count)
        consort = ConsortCounts.flow(data)
        baseline = BaselineCharacteristic.table(data)

        let experimental = data.experimentalArm, control = data.controlArm
        progressionFreeSurvival = TimeToEventAnalysis.analyse(records, parameter: .PFS, horizon: settings.pfsHorizonDays,
                                                              experimentalArm: experimental, controlArm: control)
        overallSurvival = TimeToEventAnalysis.analyse(records, parameter: .OS, horizon: settings.osHorizonDays,
                                                      experimentalArm: experimental, controlArm: control)
        timeToNextTreatment = TimeToEventAnalysis.analyse(records, parameter: .TTNT, horizon: settings.ttntHorizonDays,
                                                          experimentalArm: experimental, controlArm: control)
        let perProtocolRecords = records.filter { $0.perProtocol }
        progressionFreeSurvivalPerProtocol = TimeToEventAnalysis.analyse(
            perProtocolRecords, parameter: .PFS, horizon: settings.pfsHorizonDays, experimentalArm: experimental, controlArm: control)

        progressionFreeSurvivalNewTherapyCensored = TimeToEventAnalysis.analyse(
            records, parameter: .PFSNLC, horizon: settings.pfsHorizonDays, experimentalArm: experimental, controlArm: control)

        let ttnt = records.filter { $0.parameter == .TTNT && $0.intentionToTreat }
        timeToNextTreatmentCompetingRisk = CompetingRiskAnalysis.analyse(
            times: ttnt.map(\.analysisDays), status: ttnt.map(\.competingRiskCode), groups: ttnt.map(\.randomizedArm),
            groupedBy: "arm", order: data.arms, landmarks: [183, 365])

        let lesions = records.filter { $0.parameter == .LC }
        let lesionParticipants = records.filter { $0.parameter == .LCSUBJ }
        localControl = LocalControlAnalysis(
            treatedLesions: lesions.count, treatedParticipants: lesionParticipants.count,
            perLesion: CompetingRiskAnalysis.analyse(
                times: lesions.map(\.analysisDays), status: lesions.map(\.competingRiskCode),
                groups: lesions.map { _ in "all" }, groupedBy: "all", landmarks: [183, 365]),
            perLesionByOrgan: CompetingRiskAnalysis.analyse(
                times: lesions.map(\.analysisDays), status: lesions.map(\.competingRiskCode),
                groups: lesions.map { $0.lesionOrgan ?? "unknown" }, groupedBy: "organ", landmarks: [183, 365]),
            perParticipant: CompetingRiskAnalysis.analyse(
                times: lesionParticipants.map(\.analysisDays), status: lesionParticipants.map(\.competingRiskCode),
                groups: lesionParticipants.map { _ in "all" }, groupedBy: "all", landmarks: [183, 365]))
        safety = SafetyAnalysis.analyse(data)
        qualityOfLife = QualityOfLifeAnalysis.analyse(data)
        progressionFreeSurvivalSubgroups = SubgroupHazardRatio.progressionFreeSurvival(data, records: records)
        waterfall = WaterfallEntry.entries(data)
        waterfallUnmeasured = WaterfallEntry.unmeasured(data)
        spider = SpiderLine.lines(data)
        swimmer = SwimmerLane.lanes(data)
        progressionPatterns = ProgressionPatternAnalysis.analyse(data)
    }
}

/// The PFS hazard ratio within one subgroup (unstratified Cox model in the subgroup).
public struct SubgroupHazardRatio: Sendable, Equatable, Codable {
    /// `stratum:<factor>`, `sex`, `age`, `modality` or `ecog`.
    public var variable: String
    public var level: String
    /// Events and participants per arm, in the report's arm order.
    public var events: [Int]
    public var n: [Int]
    public var hazardRatio: HazardRatio?

    static func progressionFreeSurvival(_ data: TrialAnalysisData, records: [TimeToEventRecord]) -> [SubgroupHazardRatio] {
        let pfs = Dictionary(uniqueKeysWithValues: records.filter { $0.parameter == .PFS && $0.intentionToTreat }.map { ($0.participantId, $0) })
        var definitions: [(variable: String, levels: [String], level: (AnalysedParticipant) -> String?)] = []
        for factor in data.study.stratification {
            definitions.append(("stratum:\(factor.code)", factor.levels.map(\.code), { $0.participant.stratumLevels[factor.code] }))
        }
        definitions.append(("sex", ["F", "M"], { $0.baseline.map { $0.sex == .female ? "F" : "M" } }))
        definitions.append(("age", AgeGroup.allCases.map(\.code), { $0.baseline.map { AgeGroup.of($0.ageYears).code } }))
        definitions.append(("modality", ["CT", "PET/CT"], { $0.baseline.map { BaselineModality.code($0.imagingModality) } }))
        definitions.append(("ecog", ["0", "1-2"], { $0.baseline.map { $0.ecog == 0 ? "0" : "1-2" } }))
        var rows: [SubgroupHazardRatio] = []
        for definition in definitions {
            for level in definition.levels {
                let members = data.participants.filter { definition.level($0) == level }.compactMap { pfs[$0.id] }
                guard !members.isEmpty else { continue }
                rows.append(SubgroupHazardRatio(
                    variable: definition.variable, level: level,
                    events: data.arms.map { arm in members.filter { $0.randomizedArm == arm && $0.isEvent }.count },
                    n: data.arms.map { arm in members.filter { $0.randomizedArm == arm }.count },
                    hazardRatio: HazardRatio.fit(times: members.map(\.analysisDays), events: members.map(\.event),
                                                 experimental: members.map { $0.randomizedArm == data.experimentalArm },
                                                 strata: nil)))
            }
        }
        return rows
    }
}
