import Foundation

/// One participant's PERCIST 1.0 record as it arrives (form, API, JSON file): the baseline PET/CT and
/// the follow-up scans, with SUL values as JSON numbers (2 decimal places at most).
///
/// Each scan gives its reference region: `liverMean` and `liverSD`, or, when the liver is abnormal,
/// `bloodPoolMean` and `bloodPoolSD` (every scan of a participant uses the same region). `lesions` lists
/// the SULpeak of the hottest lesions; at follow-up the hottest may be a different lesion than at
/// baseline. `completeResolution` is the reader's statement that all uptake has resolved to below the
/// liver and is indistinguishable from the blood pool.
public struct PercistEvaluationRequest: Hashable, Sendable, Codable {
    public var baseline: Scan
    public var followUps: [Scan]

    public init(baseline: Scan, followUps: [Scan]) {
        self.baseline = baseline
        self.followUps = followUps
    }

    public struct Scan: Hashable, Sendable, Codable {
        public var date: CalendarDate
        public var liverMean: Decimal?
        public var liverSD: Decimal?
        public var bloodPoolMean: Decimal?
        public var bloodPoolSD: Decimal?
        public var lesions: [LesionUptake]
        /// Follow-up only: all FDG uptake resolved (for CMR).
        public var completeResolution: Bool?
        /// Follow-up only: a new FDG-avid lesion typical of cancer.
        public var newLesions: Bool?
        /// Follow-up only: unequivocal progression of non-target lesions.
        public var nonTargetProgression: Bool?

        public init(
            date: CalendarDate, liverMean: Decimal? = nil, liverSD: Decimal? = nil,
            bloodPoolMean: Decimal? = nil, bloodPoolSD: Decimal? = nil, lesions: [LesionUptake],
            completeResolution: Bool? = nil, newLesions: Bool? = nil, nonTargetProgression: Bool? = nil
        ) {
            self.date = date
            self.liverMean = liverMean
            self.liverSD = liverSD
            self.bloodPoolMean = bloodPoolMean
            self.bloodPoolSD = bloodPoolSD
            self.lesions = lesions
            self.completeResolution = completeResolution
            self.newLesions = newLesions
            self.nonTargetProgression = nonTargetProgression
        }

        enum CodingKeys: String, CodingKey {
            case date, liverMean, liverSD, bloodPoolMean, bloodPoolSD, lesions, completeResolution, newLesions, nonTargetProgression
        }

        public init(from decoder: Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            date = try container.decode(CalendarDate.self, forKey: .date)
            liverMean = try container.decodeResponseDecimalIfPresent(forKey: .liverMean, meaning: "a SUL value")
            liverSD = try container.decodeResponseDecimalIfPresent(forKey: .liverSD, meaning: "a SUL value")
            bloodPoolMean = try container.decodeResponseDecimalIfPresent(forKey: .bloodPoolMean, meaning: "a SUL value")
            bloodPoolSD = try container.decodeResponseDecimalIfPresent(forKey: .bloodPoolSD, meaning: "a SUL value")
            lesions = try container.decodeIfPresent([LesionUptake].self, forKey: .lesions) ?? []
            completeResolution = try container.decodeIfPresent(Bool.self, forKey: .completeResolution)
            newLesions = try container.decodeIfPresent(Bool.self, forKey: .newLesions)
            nonTargetProgression = try container.decodeIfPresent(Bool.self, forKey: .nonTargetProgression)
        }
    }

    public struct LesionUptake: Hashable, Sendable, Codable {
        public var id: String
        public var sulPeak: Decimal

        public init(id: String, sulPeak: Decimal) {
            self.id = id
            self.sulPeak = sulPeak
        }

        enum CodingKeys: String, CodingKey { case id, sulPeak }

        public init(from decoder: Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            id = try container.decode(String.self, forKey: .id)
            sulPeak = try container.decodeResponseDecimal(forKey: .sulPeak, meaning: "a SULpeak value")
        }
    }

    enum CodingKeys: String, CodingKey { case baseline, followUps }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        baseline = try container.decode(Scan.self, forKey: .baseline)
        followUps = try container.decodeIfPresent([Scan].self, forKey: .followUps) ?? []
    }
}
