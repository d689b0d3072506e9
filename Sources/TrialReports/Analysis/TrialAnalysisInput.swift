import Foundation
import TrialCore

/// The language a report is written in.
public enum ReportLanguage: String, Sendable, Hashable, Codable, CaseIterable {
    case english = "en"
    case simplifiedChinese = "zh-Hans"
}

/// Everything the analysis reads, filled from the store: the study, the data cut-off, the screening
/// log (for the CONSORT flow) and every randomized participant with the casebook.
public struct TrialAnalysisInput: Sendable, Hashable, Codable {
    public var study: StudyDefinition
    /// Nothing dated after the cut-off counts; participants randomized after it are left out.
    public var dataCutoff: CalendarDate
    public var language: ReportLanguage
    public var screeningLog: [ScreeningLogEntry]
    public var participants: [AnalysisParticipant]
    /// Every version of the study definition with the date it took effect and why, oldest first (the report's
    /// methods name them); empty when the caller has none to give.
    public var protocolVersions: [ProtocolVersionNote]

    public init(study: StudyDefinition, dataCutoff: CalendarDate, language: ReportLanguage,
                screeningLog: [ScreeningLogEntry], participants: [AnalysisParticipant], protocolVersions: [ProtocolVersionNote] = []) {
        self.protocolVersions = protocolVersions
        self.study = study
        self.dataCutoff = dataCutoff
        self.language = language
        self.screeningLog = screeningLog
        self.participants = participants
    }
}

/// One version of the protocol (study definition) as the report's methods name it.
public struct ProtocolVersionNote: Sendable, Hashable, Codable {
    public var version: String
    public var effectiveOn: CalendarDate
    public var reason: String

    public init(version: String, effectiveOn: CalendarDate, reason: String) {
        self.version = version
        self.effectiveOn = effectiveOn
        self.reason = reason
    }
}

/// One screened patient of the screening log.
public struct ScreeningLogEntry: Sendable, Hashable, Codable {
    public var screeningNumber: String
    public var date: CalendarDate
    public var siteCode: String
    public var eligible: Bool
    /// Codes of the eligibility criteria not met (e.g. `I03`, `E03`); empty when eligible.
    public var failedCriteria: [String]
    public var consented: Bool
    /// The study ID given at randomization; nil when not randomized.
    public var randomizedParticipantId: String?

    public init(screeningNumber: String, date: CalendarDate, siteCode: String, eligible: Bool,
                failedCriteria: [String] = [], consented: Bool, randomizedParticipantId: String? = nil) {
        self.screeningNumber = screeningNumber
        self.date = date
        self.siteCode = siteCode
        self.eligible = eligible
        self.failedCriteria = failedCriteria
        self.consented = consented
        self.randomizedParticipantId = randomizedParticipantId
    }
}

/// One randomized participant: allocation, stratification and the casebook.
public struct AnalysisParticipant: Sendable, Hashable, Codable {
    /// Study ID, e.g. `960-0001` (SUBJID; USUBJID adds the protocol ID).
    public var studyId: String
    public var siteCode: String
    /// The arm randomized to (TRT01P).
    public var armCode: String
    public var randomizationDate: CalendarDate
    /// The screening values the stratification factors read, by screening field name.
    public var stratificationValues: [String: ScreeningValue]
    /// The stratum key stored with the allocation, e.g. `lesionCount=6-7` (`Stratum.key`).
    public var stratum: String
    public var casebook: Casebook

    public init(studyId: String, siteCode: String, armCode: String, randomizationDate: CalendarDate,
                stratificationValues: [String: ScreeningValue], stratum: String, casebook: Casebook) {
        self.studyId = studyId
        self.siteCode = siteCode
        self.armCode = armCode
        self.randomizationDate = randomizationDate
        self.stratificationValues = stratificationValues
        self.stratum = stratum
        self.casebook = casebook
    }

    /// The level of each stratification factor, read from the stratum key (`factor=level;...`).
    public var stratumLevels: [String: String] {
        guard stratum != "all" else { return [:] }
        var levels: [String: String] = [:]
        for part in stratum.split(separator: ";") {
            let pair = part.split(separator: "=", maxSplits: 1)
            if pair.count == 2 { levels[String(pair[0])] = String(pair[1]) }
        }
        return levels
    }
}
