import Foundation

/// The fifteen scales of the EORTC QLQ-C30 version 3.0, spelled by the scoring manual's abbreviations.
///
/// Items, item ranges and the direction of each scale follow the EORTC QLQ-C30 Scoring Manual (3rd edition, 2001).
public enum QlqC30Scale: String, CaseIterable, Codable, Sendable, Hashable {
    case globalHealthStatus = "QL2"
    case physicalFunctioning = "PF2"
    case roleFunctioning = "RF2"
    case emotionalFunctioning = "EF"
    case cognitiveFunctioning = "CF"
    case socialFunctioning = "SF"
    case fatigue = "FA"
    case nauseaAndVomiting = "NV"
    case pain = "PA"
    case dyspnoea = "DY"
    case insomnia = "SL"
    case appetiteLoss = "AP"
    case constipation = "CO"
    case diarrhoea = "DI"
    case financialDifficulties = "FI"

    /// How the manual's linear transformation treats the scale.
    public enum Kind: String, Sendable, Codable {
        /// High score = high level of functioning: S = (1 - (RS - 1) / range) x 100.
        case functional
        /// High score = high symptom burden: S = ((RS - 1) / range) x 100.
        case symptom
        /// High score = good quality of life, transformed like a symptom scale: S = ((RS - 1) / range) x 100.
        case globalHealth
    }

    /// The abbreviation used in data sets and the CLI output (`PF2`, `FA`, ...).
    public var abbreviation: String { rawValue }

    public var kind: Kind {
        switch self {
        case .globalHealthStatus:
            return .globalHealth
        case .physicalFunctioning, .roleFunctioning, .emotionalFunctioning, .cognitiveFunctioning, .socialFunctioning:
            return .functional
        case .fatigue, .nauseaAndVomiting, .pain, .dyspnoea, .insomnia, .appetiteLoss, .constipation, .diarrhoea,
             .financialDifficulties:
            return .symptom
        }
    }

    /// Whether a higher score is the better outcome (functional scales and global health), which decides
    /// the direction of "improved" when change from baseline is classified.
    public var higherIsBetter: Bool { kind != .symptom }

    /// Item numbers (1-30) that make up the scale.
    public var items: [Int] {
        switch self {
        case .globalHealthStatus: return [29, 30]
        case .physicalFunctioning: return [1, 2, 3, 4, 5]
        case .roleFunctioning: return [6, 7]
        case .emotionalFunctioning: return [21, 22, 23, 24]
        case .cognitiveFunctioning: return [20, 25]
        case .socialFunctioning: return [26, 27]
        case .fatigue: return [10, 12, 18]
        case .nauseaAndVomiting: return [14, 15]
        case .pain: return [9, 19]
        case .dyspnoea: return [8]
        case .insomnia: return [11]
        case .appetiteLoss: return [13]
        case .constipation: return [16]
        case .diarrhoea: return [17]
        case .financialDifficulties: return [28]
        }
    }

    /// Difference between the highest and lowest possible answer of the scale's items:
    /// 3 for the four-point items, 6 for the seven-point global health items.
    public var itemRange: Int {
        self == .globalHealthStatus ? 6 : 3
    }

    /// The thirteen scales averaged by the summary score (Giesinger et al. 2016): all but QL2 and FI.
    public static let summaryScoreScales: [QlqC30Scale] = allCases.filter {
        $0 != .globalHealthStatus && $0 != .financialDifficulties
    }
}
