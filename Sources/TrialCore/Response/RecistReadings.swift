import Foundation

/// How a non-target lesion is read at a follow-up (RECIST 1.1 follows non-targets qualitatively).
public enum NonTargetStatus: String, Hashable, Sendable, Codable, CaseIterable {
    case present
    /// Gone; for a lymph node, back below 10 mm short axis.
    case absent
    /// Unequivocal progression judged on the overall disease burden.
    case unequivocalProgression
    case notAssessed

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let status = NonTargetStatus(rawValue: text) else {
            throw DecodingError.dataCorruptedError(
                in: container,
                debugDescription: "must be one of \(NonTargetStatus.allCases.map(\.rawValue).joined(separator: ", "))"
            )
        }
        self = status
    }
}

/// Whether a follow-up scan shows a new lesion.
///
/// An equivocal new lesion (too small, or possibly benign) is not PD yet; a later unequivocal reading
/// confirms it, and PD then dates from the scan where it was first seen.
public enum NewLesionFinding: String, Hashable, Sendable, Codable, CaseIterable {
    case noneSeen = "none"
    case equivocal
    case unequivocal

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let finding = NewLesionFinding(rawValue: text) else {
            throw DecodingError.dataCorruptedError(
                in: container,
                debugDescription: "must be one of \(NewLesionFinding.allCases.map(\.rawValue).joined(separator: ", "))"
            )
        }
        self = finding
    }
}
