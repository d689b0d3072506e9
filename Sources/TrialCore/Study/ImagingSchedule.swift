import Foundation

/// Names the repeating visit that schedules tumour assessments. Its interval and window
/// feed PFS censoring: "two or more missed assessments" means a gap longer than
/// 2 x interval + window days (endpoints rules; 2 x 56 + 7 = 119 for the default study).
public struct ImagingSchedule: Codable, Sendable, Hashable {
    /// Code of a repeating visit whose forms include `tumourAssessment`.
    public var visit: String

    public init(visit: String) {
        self.visit = visit
    }
}
