import Foundation

/// One visit of the expanded schedule: a single visit as defined, or one occurrence of a
/// repeating series (`IMG-3`: the third imaging visit, day 168, days 161 to 175).
public struct ScheduledVisit: Codable, Sendable, Hashable {
    /// Unique in the schedule: the definition's code, with `-N` for the Nth occurrence of a series.
    public var code: String
    /// The code of the visit definition it comes from.
    public var definitionCode: String
    /// 1-based position in its series; nil for a single visit.
    public var occurrence: Int?
    public var label: LocalizedText
    public var targetDay: Int
    public var earliestDay: Int
    public var latestDay: Int
    public var forms: [CaseReportForm]
    public var arms: [String]?

    public init(code: String, definitionCode: String, occurrence: Int?, label: LocalizedText, targetDay: Int,
                earliestDay: Int, latestDay: Int, forms: [CaseReportForm], arms: [String]?) {
        self.code = code
        self.definitionCode = definitionCode
        self.occurrence = occurrence
        self.label = label
        self.targetDay = targetDay
        self.earliestDay = earliestDay
        self.latestDay = latestDay
        self.forms = forms
        self.arms = arms
    }

    /// Whether `day` (days from randomization) lies in the visit window, ends included.
    public func windowContains(day: Int) -> Bool {
        (earliestDay...latestDay).contains(day)
    }

    public func applies(toArm armCode: String) -> Bool {
        arms.map { $0.contains(armCode) } ?? true
    }

    /// The calendar window for a participant randomized on `randomizationDate`.
    public func window(from randomizationDate: CalendarDate) -> (earliest: CalendarDate, target: CalendarDate, latest: CalendarDate) {
        (randomizationDate.adding(days: earliestDay),
         randomizationDate.adding(days: targetDay),
         randomizationDate.adding(days: latestDay))
    }
}

extension VisitDefinition {
    /// This definition's visits in the expanded schedule.
    public var scheduledVisits: [ScheduledVisit] {
        func visit(code: String, occurrence: Int?, label: LocalizedText, day: Int) -> ScheduledVisit {
            ScheduledVisit(code: code, definitionCode: self.code, occurrence: occurrence, label: label,
                           targetDay: day, earliestDay: day - windowMinusDays, latestDay: day + windowPlusDays,
                           forms: forms, arms: arms)
        }
        if let series = `repeat` {
            return series.targetDays.enumerated().map { offset, day in
                let number = offset + 1
                return visit(code: "\(code)-\(number)", occurrence: number,
                             label: LocalizedText(en: "\(label.en) \(number)", zhHans: "\(label.zhHans) \(number)"),
                             day: day)
            }
        }
        if let day {
            return [visit(code: code, occurrence: nil, label: label, day: day)]
        }
        return []
    }
}
