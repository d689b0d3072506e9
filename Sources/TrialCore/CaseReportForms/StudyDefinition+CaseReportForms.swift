import Foundation

extension StudyDefinition {
    /// Arms whose schedule includes the implantation form (the experimental arm).
    public var implantationArms: Set<String> {
        var arms: Set<String> = []
        for visit in visits where visit.forms.contains(.implantation) {
            arms.formUnion(visit.arms ?? self.arms.map(\.code))
        }
        return arms
    }

    /// The visit of the series `definitionCode` whose window holds `date`, for a participant
    /// randomized on `randomizationDate`; nil when the date falls outside every window.
    public func visit(of definitionCode: String, randomizedOn randomizationDate: CalendarDate,
                      windowContaining date: CalendarDate) -> ScheduledVisit? {
        let day = randomizationDate.days(until: date)
        return scheduledVisits.first { $0.definitionCode == definitionCode && $0.windowContains(day: day) }
    }
}
