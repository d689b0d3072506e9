import Foundation

/// How a participant's tumours are imaged. The baseline modality decides the response criterion
/// that governs progression for that participant (protocol: PET/CT at baseline means PERCIST 1.0).
public enum ImagingModality: String, Hashable, Sendable, Codable, CaseIterable {
    case ct
    case petCt

    public var governingCriterion: ResponseCriterion {
        switch self {
        case .ct: return .recist11
        case .petCt: return .percist10
        }
    }
}

/// The response criterion a participant's assessments are read by.
public enum ResponseCriterion: String, Hashable, Sendable, Codable, CaseIterable {
    case recist11
    case percist10
}
