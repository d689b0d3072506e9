import Foundation

/// One censoring or event rule of an endpoint: its ADaM ADTTE CNSR code and EVNTDESC.
/// (CNSDTDSC follows from the date the rule used, see `EndpointDateSource.censoringDateDescription`.)
public protocol TimeToEventRule: Sendable, Hashable, CaseIterable, RawRepresentable where RawValue == String {
    /// ADaM CNSR: 0 for the event, 1... for each reason of censoring.
    var censoringCode: Int { get }
    /// ADaM EVNTDESC: what happened (for censored records, the situation that led to censoring).
    var eventDescription: String { get }
    /// Status for a competing-risk analysis: 0 censored, 1 event of interest, 2 competing event.
    var competingRiskCode: Int { get }
}

extension TimeToEventRule {
    public var isEvent: Bool { censoringCode == 0 }
}

/// Where a derived date came from, so that a dataset can name the source record (SRCDOM/SRCVAR/SRCSEQ).
/// Indices are positions in the input arrays.
public enum EndpointDateSource: Sendable, Hashable {
    case randomization
    case assessment(index: Int)
    case death
    case lastKnownAlive
    case newTherapyStart(index: Int)
    case implantation(lesionIndex: Int)
    case imaging(lesionIndex: Int, imagingIndex: Int)
    /// The administrative horizon (origin + horizon days); no recorded date.
    case horizon

    /// ADaM CNSDTDSC for a censoring on this date.
    public var censoringDateDescription: String {
        switch self {
        case .randomization: return "RANDOMIZATION DATE"
        case .assessment: return "LAST ADEQUATE TUMOR ASSESSMENT"
        case .death: return "DATE OF DEATH"
        case .lastKnownAlive: return "LAST KNOWN ALIVE DATE"
        case .newTherapyStart: return "START OF NEW THERAPY LINE"
        case .implantation: return "IMPLANTATION DATE"
        case .imaging: return "LAST IMAGING OF TREATED LESION"
        case .horizon: return "END OF ANALYSIS HORIZON"
        }
    }
}

/// A derived time-to-event value: the origin, the event or censoring date, the days between them,
/// the rule that decided it and, in words, why.
public struct TimeToEventResult<Rule: TimeToEventRule>: Sendable, Hashable {
    /// ADaM STARTDT: randomization, or implantation for local control.
    public let originDate: CalendarDate
    /// ADaM ADT: the event or censoring date.
    public let date: CalendarDate
    /// Whole days from origin to `date` (ADaM AVAL unless day-0 events are analysed as half a day).
    public let days: Int
    /// The analysis value: `days`, or 0.5 for an event on day 0 when the settings ask for it.
    public let analysisDays: Double
    public let rule: Rule
    public let dateSource: EndpointDateSource
    /// Why this rule applied, with the dates and day counts that decided it.
    public let reason: String

    init(origin: CalendarDate, date: CalendarDate, rule: Rule, source: EndpointDateSource,
         reason: String, dayZeroEventsAsHalfDay: Bool) {
        self.originDate = origin
        self.date = date
        self.days = origin.days(until: date)
        self.rule = rule
        self.dateSource = source
        self.reason = reason
        self.analysisDays = (rule.isEvent && days == 0 && dayZeroEventsAsHalfDay) ? 0.5 : Double(days)
    }

    public var isEvent: Bool { rule.isEvent }
    public var censoringCode: Int { rule.censoringCode }
    public var eventDescription: String { rule.eventDescription }
    /// ADaM CNSDTDSC: which date the censoring used; nil for events.
    public var censoringDateDescription: String? { isEvent ? nil : dateSource.censoringDateDescription }
    public var competingRiskCode: Int { rule.competingRiskCode }
}
