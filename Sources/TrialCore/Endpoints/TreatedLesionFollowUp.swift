import Foundation

/// One 125I-treated lesion: its implantation date and its follow-up imaging, each read by the
/// local-control rules (in-field progression against the lesion's own post-implant nadir, PERCIST
/// thresholds for the lesion, or the radiologist's unequivocal in-field progression).
public struct TreatedLesionFollowUp: Sendable, Hashable, Codable {
    public var id: String
    public var implantationDate: CalendarDate
    public var imaging: [Imaging]

    public init(id: String, implantationDate: CalendarDate, imaging: [Imaging]) {
        self.id = id
        self.implantationDate = implantationDate
        self.imaging = imaging
    }

    public struct Imaging: Sendable, Hashable, Codable {
        public var date: CalendarDate
        /// True when this scan showed in-field progression of the treated lesion.
        public var inFieldProgression: Bool

        public init(date: CalendarDate, inFieldProgression: Bool) {
            self.date = date
            self.inFieldProgression = inFieldProgression
        }
    }
}
