import Foundation

/// One 125I-treated lesion's imaging since implantation, as recorded (form, API, JSON): unchecked input.
///
/// Each scan may give the lesion's size (`mm`: longest diameter, or short axis for a node), its FDG
/// SULpeak on PET/CT, and the radiologist's reading of unequivocal in-field progression, which must
/// come with its reason.
public struct TreatedLesionRecord: Hashable, Sendable, Codable {
    public var id: String
    public var implantationDate: CalendarDate
    public var scans: [Scan]

    public init(id: String, implantationDate: CalendarDate, scans: [Scan]) {
        self.id = id
        self.implantationDate = implantationDate
        self.scans = scans
    }

    public struct Scan: Hashable, Sendable, Codable {
        public var date: CalendarDate
        public var mm: Decimal?
        public var sulPeak: Decimal?
        public var radiologistInFieldProgression: Bool?
        /// Why the radiologist reads in-field progression (required when they do).
        public var reason: String?

        public init(date: CalendarDate, mm: Decimal? = nil, sulPeak: Decimal? = nil, radiologistInFieldProgression: Bool? = nil, reason: String? = nil) {
            self.date = date
            self.mm = mm
            self.sulPeak = sulPeak
            self.radiologistInFieldProgression = radiologistInFieldProgression
            self.reason = reason
        }

        enum CodingKeys: String, CodingKey { case date, mm, sulPeak, radiologistInFieldProgression, reason }

        public init(from decoder: Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            date = try container.decode(CalendarDate.self, forKey: .date)
            mm = try container.decodeResponseDecimalIfPresent(forKey: .mm, meaning: "a length in millimetres, or null when not measured")
            sulPeak = try container.decodeResponseDecimalIfPresent(forKey: .sulPeak, meaning: "a SULpeak value, or null when no PET was done")
            radiologistInFieldProgression = try container.decodeIfPresent(Bool.self, forKey: .radiologistInFieldProgression)
            reason = try container.decodeIfPresent(String.self, forKey: .reason)
        }
    }
}
