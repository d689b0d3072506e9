import Foundation

/// The scale scores of one questionnaire, each 0-100 or missing, and the summary score.
///
/// Encodes as `{"QL2": 83.3, "PF2": null, ..., "SUMSC": 71.2}`: every scale abbreviation is present, null where
/// the scale could not be scored.
public struct QlqC30Scores: Hashable, Sendable, Codable {
    public private(set) var scores: [QlqC30Scale: Double]
    public let summaryScore: Double?

    public init(scores: [QlqC30Scale: Double], summaryScore: Double?) {
        self.scores = scores
        self.summaryScore = summaryScore
    }

    public subscript(scale: QlqC30Scale) -> Double? { scores[scale] }

    public static let summaryScoreKey = "SUMSC"

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        for scale in QlqC30Scale.allCases {
            try container.encode(scores[scale], forKey: Key(stringValue: scale.abbreviation))
        }
        try container.encode(summaryScore, forKey: Key(stringValue: QlqC30Scores.summaryScoreKey))
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        var scores: [QlqC30Scale: Double] = [:]
        for scale in QlqC30Scale.allCases {
            if let value = try container.decodeIfPresent(Double.self, forKey: Key(stringValue: scale.abbreviation)) {
                scores[scale] = value
            }
        }
        self.scores = scores
        self.summaryScore = try container.decodeIfPresent(Double.self, forKey: Key(stringValue: QlqC30Scores.summaryScoreKey))
    }
}
