import Foundation

/// One participant's RECIST 1.1 record as it arrives from a form, the API or a JSON file:
/// the baseline lesion selection and the readings of each follow-up scan.
///
/// It is unchecked input. `RecistEvaluation(evaluating:settings:)` validates it (every problem reported
/// with its JSON path) before any response is derived. Lengths are JSON numbers in millimetres,
/// decoded as exact decimals; longest diameter for non-nodal lesions, short axis for lymph nodes.
public struct RecistEvaluationRequest: Hashable, Sendable, Codable {
    public var baseline: Baseline
    public var followUps: [FollowUp]
    /// Overrides `RecistSettings.minimumStableDiseaseDays` (days from the baseline scan).
    public var minimumSDDays: Int?
    /// Overrides `RecistSettings.sliceThickness` for the baseline measurability check.
    public var sliceThicknessMm: Decimal?

    public init(baseline: Baseline, followUps: [FollowUp], minimumSDDays: Int? = nil, sliceThicknessMm: Decimal? = nil) {
        self.baseline = baseline
        self.followUps = followUps
        self.minimumSDDays = minimumSDDays
        self.sliceThicknessMm = sliceThicknessMm
    }

    public struct Baseline: Hashable, Sendable, Codable {
        public var date: CalendarDate
        public var targets: [BaselineTarget]
        public var nonTargets: [BaselineNonTarget]

        public init(date: CalendarDate, targets: [BaselineTarget], nonTargets: [BaselineNonTarget] = []) {
            self.date = date
            self.targets = targets
            self.nonTargets = nonTargets
        }

        enum CodingKeys: String, CodingKey { case date, targets, nonTargets }

        public init(from decoder: Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            date = try container.decode(CalendarDate.self, forKey: .date)
            targets = try container.decodeIfPresent([BaselineTarget].self, forKey: .targets) ?? []
            nonTargets = try container.decodeIfPresent([BaselineNonTarget].self, forKey: .nonTargets) ?? []
        }
    }

    public struct BaselineTarget: Hashable, Sendable, Codable {
        public var id: String
        public var organ: String
        public var nodal: Bool
        /// Longest diameter, or short axis for a lymph node.
        public var mm: Decimal

        public init(id: String, organ: String, nodal: Bool = false, mm: Decimal) {
            self.id = id
            self.organ = organ
            self.nodal = nodal
            self.mm = mm
        }

        enum CodingKeys: String, CodingKey { case id, organ, nodal, mm }

        public init(from decoder: Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            id = try container.decode(String.self, forKey: .id)
            organ = try container.decode(String.self, forKey: .organ)
            nodal = try container.decode(Bool.self, forKey: .nodal)
            mm = try container.decodeResponseDecimal(forKey: .mm, meaning: "a length in millimetres")
        }
    }

    public struct BaselineNonTarget: Hashable, Sendable, Codable {
        public var id: String
        public var organ: String
        public var nodal: Bool

        public init(id: String, organ: String, nodal: Bool = false) {
            self.id = id
            self.organ = organ
            self.nodal = nodal
        }
    }

    public struct FollowUp: Hashable, Sendable, Codable {
        public var date: CalendarDate
        public var targets: [TargetReading]
        public var nonTargets: [NonTargetReading]
        public var newLesions: NewLesionFinding

        public init(date: CalendarDate, targets: [TargetReading], nonTargets: [NonTargetReading] = [], newLesions: NewLesionFinding = .noneSeen) {
            self.date = date
            self.targets = targets
            self.nonTargets = nonTargets
            self.newLesions = newLesions
        }

        enum CodingKeys: String, CodingKey { case date, targets, nonTargets, newLesions }

        public init(from decoder: Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            date = try container.decode(CalendarDate.self, forKey: .date)
            targets = try container.decodeIfPresent([TargetReading].self, forKey: .targets) ?? []
            nonTargets = try container.decodeIfPresent([NonTargetReading].self, forKey: .nonTargets) ?? []
            newLesions = try container.decode(NewLesionFinding.self, forKey: .newLesions)
        }
    }

    /// A target lesion at a follow-up: `mm` null means not assessed; `tooSmall` means present but too
    /// small to measure (recorded as 5 mm by default; a node keeps its short axis when one is given);
    /// a lesion that has disappeared is `mm: 0`.
    public struct TargetReading: Hashable, Sendable, Codable {
        public var id: String
        public var mm: Decimal?
        public var tooSmall: Bool?

        public init(id: String, mm: Decimal?, tooSmall: Bool? = nil) {
            self.id = id
            self.mm = mm
            self.tooSmall = tooSmall
        }

        enum CodingKeys: String, CodingKey { case id, mm, tooSmall }

        public init(from decoder: Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            id = try container.decode(String.self, forKey: .id)
            mm = try container.decodeResponseDecimalIfPresent(forKey: .mm, meaning: "a length in millimetres, or null when not assessed")
            tooSmall = try container.decodeIfPresent(Bool.self, forKey: .tooSmall)
        }

        public func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(id, forKey: .id)
            // `mm: null` carries meaning (not assessed), so it is written out rather than left off.
            try container.encode(mm, forKey: .mm)
            try container.encodeIfPresent(tooSmall, forKey: .tooSmall)
        }
    }

    public struct NonTargetReading: Hashable, Sendable, Codable {
        public var id: String
        public var status: NonTargetStatus

        public init(id: String, status: NonTargetStatus) {
            self.id = id
            self.status = status
        }
    }

    enum CodingKeys: String, CodingKey { case baseline, followUps, minimumSDDays, sliceThicknessMm }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        baseline = try container.decode(Baseline.self, forKey: .baseline)
        followUps = try container.decodeIfPresent([FollowUp].self, forKey: .followUps) ?? []
        if let days = try container.decodeResponseDecimalIfPresent(forKey: .minimumSDDays, meaning: "a whole number of days") {
            guard let whole = Int(exactly: NSDecimalNumber(decimal: days).doubleValue), Decimal(whole) == days, whole.magnitude <= 100_000 else {
                throw DecodingError.dataCorruptedError(
                    forKey: .minimumSDDays, in: container, debugDescription: "must be a whole number of days from baseline (\(days))")
            }
            minimumSDDays = whole
        } else {
            minimumSDDays = nil
        }
        sliceThicknessMm = try container.decodeResponseDecimalIfPresent(forKey: .sliceThicknessMm, meaning: "a slice thickness in millimetres")
    }
}
