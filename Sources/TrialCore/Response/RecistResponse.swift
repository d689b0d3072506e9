import Foundation

/// A RECIST 1.1 response category, spelled as in case report forms and in TrialDesk's JSON.
///
/// One type serves the target, non-target and overall responses: target responses use CR, PR, SD,
/// PD and NE; non-target responses CR, NonCR/NonPD, PD and NE; `ND` says that the participant had no
/// lesion of that kind at baseline.
public enum RecistResponse: String, Hashable, Sendable, Codable, CaseIterable, CustomStringConvertible {
    case completeResponse = "CR"
    case partialResponse = "PR"
    case stableDisease = "SD"
    case nonCRNonPD = "NonCR/NonPD"
    case progressiveDisease = "PD"
    case notEvaluable = "NE"
    case noDisease = "ND"

    public var description: String { rawValue }

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let response = RecistResponse(rawValue: text) else {
            throw DecodingError.dataCorruptedError(
                in: container,
                debugDescription: "must be one of \(RecistResponse.allCases.map(\.rawValue).joined(separator: ", "))"
            )
        }
        self = response
    }
}
