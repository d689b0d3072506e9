import Foundation

/// A planned visit, or a series of visits repeating at a fixed interval, counted in days
/// from randomization (day 0). A visit done on any day of its window counts as on time.
///
///     - code: IMG
///       label: {en: Imaging, zh-Hans: 影像学评估}
///       repeat: {firstDay: 56, everyDays: 56, lastDay: 365}
///       windowMinusDays: 7
///       windowPlusDays: 7
///       forms: [tumourAssessment, adverseEvents, systemicTherapy]
public struct VisitDefinition: Codable, Sendable, Hashable {
    public var code: String
    public var label: LocalizedText
    /// Target day of a single visit (negative = before randomization). Absent for a series.
    public var day: Int?
    /// The series of a repeating visit. Absent for a single visit.
    public var `repeat`: VisitRepeat?
    /// Days before the target day that still count as on time.
    public var windowMinusDays: Int
    /// Days after the target day that still count as on time.
    public var windowPlusDays: Int
    public var forms: [CaseReportForm]
    /// Arms the visit applies to; absent means every arm (implantation is for one arm only).
    public var arms: [String]?
    public var studyTeamSetting: StudyTeamSetting?

    public init(code: String, label: LocalizedText, day: Int? = nil, repeat: VisitRepeat? = nil,
                windowMinusDays: Int, windowPlusDays: Int, forms: [CaseReportForm], arms: [String]? = nil,
                studyTeamSetting: StudyTeamSetting? = nil) {
        self.code = code
        self.label = label
        self.day = day
        self.repeat = `repeat`
        self.windowMinusDays = windowMinusDays
        self.windowPlusDays = windowPlusDays
        self.forms = forms
        self.arms = arms
        self.studyTeamSetting = studyTeamSetting
    }

    public var isRepeating: Bool { `repeat` != nil }

    /// Whether participants of `armCode` have this visit.
    public func applies(toArm armCode: String) -> Bool {
        arms.map { $0.contains(armCode) } ?? true
    }
}

/// Visits on `firstDay`, `firstDay + everyDays`, ... up to and including `lastDay`.
public struct VisitRepeat: Codable, Sendable, Hashable {
    public var firstDay: Int
    public var everyDays: Int
    public var lastDay: Int

    public init(firstDay: Int, everyDays: Int, lastDay: Int) {
        self.firstDay = firstDay
        self.everyDays = everyDays
        self.lastDay = lastDay
    }

    /// The target days of the series; empty when the series cannot run (every <= 0, last < first).
    public var targetDays: [Int] {
        guard everyDays > 0, lastDay >= firstDay else { return [] }
        return Array(stride(from: firstDay, through: lastDay, by: everyDays))
    }
}
