import Foundation

/// One post-baseline tumour assessment as the endpoint derivation sees it: the date of the scan and
/// the overall time-point response already evaluated by the RECIST 1.1 or PERCIST 1.0 rules.
///
/// The evaluators resolve what depends on later scans before this point: a confirmed equivocal new
/// lesion arrives here as PD on the scan where the lesion first appeared (RECIST 1.1), so the
/// derivation only reads dates and responses.
public struct EndpointAssessment: Sendable, Hashable, Codable {
    public var date: CalendarDate
    public var response: Response

    public init(date: CalendarDate, response: Response) {
        self.date = date
        self.response = response
    }

    /// A time-point response, spelled as the `recist evaluate` and `percist evaluate` commands write it.
    public enum Response: String, Sendable, Hashable, Codable, CaseIterable {
        // RECIST 1.1 overall response.
        case completeResponse = "CR"
        case partialResponse = "PR"
        case stableDisease = "SD"
        case progressiveDisease = "PD"
        case notEvaluable = "NE"
        case nonCRNonPD = "NonCR/NonPD"
        /// No lesions of the kind at baseline and none new: the scan was read and showed no progression.
        case noDisease = "ND"
        // PERCIST 1.0 response.
        case completeMetabolicResponse = "CMR"
        case partialMetabolicResponse = "PMR"
        case stableMetabolicDisease = "SMD"
        case progressiveMetabolicDisease = "PMD"

        public enum Criterion: String, Sendable, Hashable, Codable {
            case recist11 = "RECIST 1.1"
            case percist10 = "PERCIST 1.0"
        }

        public var criterion: Criterion {
            switch self {
            case .completeResponse, .partialResponse, .stableDisease, .progressiveDisease,
                 .notEvaluable, .nonCRNonPD, .noDisease:
                return .recist11
            case .completeMetabolicResponse, .partialMetabolicResponse, .stableMetabolicDisease,
                 .progressiveMetabolicDisease:
                return .percist10
            }
        }

        /// PD (RECIST 1.1) and PMD (PERCIST 1.0) are progression.
        public var isProgression: Bool {
            self == .progressiveDisease || self == .progressiveMetabolicDisease
        }

        /// An adequate assessment is a post-baseline time point with a response other than NE
        /// (FDA 2018 PFS censoring table). ND counts: the scan was read and showed no progression.
        public var isAdequate: Bool {
            self != .notEvaluable
        }

        /// The accepted spellings, for error messages.
        public static var allowedSpellings: String {
            let recist = allCases.filter { $0.criterion == .recist11 }.map(\.rawValue).joined(separator: ", ")
            let percist = allCases.filter { $0.criterion == .percist10 }.map(\.rawValue).joined(separator: ", ")
            return "\(recist) (RECIST 1.1) or \(percist) (PERCIST 1.0)"
        }
    }
}
