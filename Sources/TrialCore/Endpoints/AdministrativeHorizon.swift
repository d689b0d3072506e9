import Foundation

/// An event or censoring decided by an endpoint's rules before the administrative horizon is applied.
struct UncappedOutcome<Rule: TimeToEventRule>: Sendable {
    var rule: Rule
    var date: CalendarDate
    var source: EndpointDateSource
    var reason: String

    /// Applies the administrative horizon (endpoints spec: time = min(time, horizon); an event after
    /// the horizon becomes censored at the horizon, an event on the horizon day stays an event).
    func result(
        origin: CalendarDate, horizonDays: Int, administrativeRule: Rule, settings: EndpointSettings
    ) -> TimeToEventResult<Rule> {
        let days = origin.days(until: date)
        guard days > horizonDays else {
            return TimeToEventResult(
                origin: origin, date: date, rule: rule, source: source, reason: reason,
                dayZeroEventsAsHalfDay: settings.dayZeroEventsAsHalfDay)
        }
        let horizonDate = origin.adding(days: horizonDays)
        let what = rule.isEvent ? "the event" : "the censoring date"
        let capped = "\(reason); \(what) (day \(days), \(date)) is after the \(horizonDays)-day horizon, so censored administratively at day \(horizonDays) (\(horizonDate))"
        return TimeToEventResult(
            origin: origin, date: horizonDate, rule: administrativeRule, source: .horizon, reason: capped,
            dayZeroEventsAsHalfDay: settings.dayZeroEventsAsHalfDay)
    }
}
