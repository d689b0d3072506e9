import Foundation

/// A unit of radioactivity a seed's activity may be entered in.
public enum ActivityUnit: String, Hashable, Sendable, Codable, CaseIterable {
    case mCi
    case MBq

    /// 1 mCi = 37 MBq exactly (1 Ci = 3.7 x 10^10 Bq by definition).
    public static let megabecquerelsPerMillicurie: Decimal = 37

    public func megabecquerels(_ value: Decimal) -> Decimal {
        switch self {
        case .mCi: return value * Self.megabecquerelsPerMillicurie
        case .MBq: return value
        }
    }
}

/// The activity of one seed, stored in MBq whatever unit it was entered in.
public struct SeedActivity: Hashable, Sendable, Codable {
    public var megabecquerels: Decimal

    public init(megabecquerels: Decimal) {
        self.megabecquerels = megabecquerels
    }

    /// Converts an entry in mCi or MBq.
    public init(_ value: Decimal, _ unit: ActivityUnit) {
        self.megabecquerels = unit.megabecquerels(value)
    }

    public var millicuries: Decimal { megabecquerels / ActivityUnit.megabecquerelsPerMillicurie }

    enum CodingKeys: String, CodingKey { case megabecquerels, value, unit }

    /// Reads `{"megabecquerels": 18.5}` as stored, or `{"value": 0.5, "unit": "mCi"}` as entered.
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if let stored = try container.decodeIfPresent(Decimal.self, forKey: .megabecquerels) {
            megabecquerels = stored
        } else {
            let value = try container.decode(Decimal.self, forKey: .value)
            let unit = try container.decode(ActivityUnit.self, forKey: .unit)
            megabecquerels = unit.megabecquerels(value)
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(megabecquerels, forKey: .megabecquerels)
    }
}
