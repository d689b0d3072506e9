import Foundation

/// An endpoint of the trial and its time frame. The code names a derivation TrialCore
/// implements, so an endpoint it cannot derive is rejected when the file is read.
public struct EndpointDefinition: Codable, Sendable, Hashable {
    public enum Code: String, Codable, Sendable, CaseIterable {
        /// Progression-free survival.
        case PFS
        /// Overall survival.
        case OS
        /// Time to initiation of a new systemic therapy.
        case TTNT
        /// Local control of treated lesions.
        case LC
        /// Treatment-related adverse events.
        case AE
        /// Quality of life (QLQ-C30).
        case QOL

        public init(from decoder: any Decoder) throws {
            self = try decoder.decodeWord(Code.self, noun: "endpoint code")
        }
    }

    public enum Role: String, Codable, Sendable, CaseIterable {
        case primary
        case secondary
        case exploratory

        public init(from decoder: any Decoder) throws {
            self = try decoder.decodeWord(Role.self, noun: "endpoint role")
        }
    }

    /// Where the clock starts.
    public enum Origin: String, Codable, Sendable, CaseIterable {
        case randomization
        /// The implantation date (per treated lesion for local control).
        case implantation

        public init(from decoder: any Decoder) throws {
            self = try decoder.decodeWord(Origin.self, noun: "endpoint origin")
        }
    }

    public var code: Code
    public var name: LocalizedText
    public var role: Role
    public var origin: Origin
    /// Follow-up horizon in days from the origin; later events are censored there.
    public var timeFrameDays: Int
    public var studyTeamSetting: StudyTeamSetting?

    public init(code: Code, name: LocalizedText, role: Role, origin: Origin, timeFrameDays: Int,
                studyTeamSetting: StudyTeamSetting? = nil) {
        self.code = code
        self.name = name
        self.role = role
        self.origin = origin
        self.timeFrameDays = timeFrameDays
        self.studyTeamSetting = studyTeamSetting
    }
}
