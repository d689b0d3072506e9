import Foundation

/// Who filled in the questionnaire's boxes.
public enum QuestionnaireCompletion: String, Hashable, Sendable, Codable, CaseIterable {
    /// The participant typed the answers.
    case participant
    /// Site staff transcribed the participant's paper questionnaire.
    case transcribedFromPaper
}

/// One EORTC QLQ-C30 questionnaire at a quality-of-life timepoint (baseline, month 6): the answers as on
/// paper and the scores TrialCore computes from them. The scores are stored with the answers (so that the
/// record shows what was analysed) but never taken from the input: they are recomputed from the answers
/// every time the form is read.
public struct QualityOfLifeQuestionnaire: Hashable, Sendable, Codable {
    public var date: CalendarDate
    /// The visit code of the timepoint (one of the study's quality-of-life timepoints, e.g. `BL`, `QOL6`).
    public var timepoint: String
    public var completedBy: QuestionnaireCompletion
    public var answers: QlqC30Answers
    /// The 15 scales and the summary score, scored by the EORTC manual's rules.
    public var scores: QlqC30Scores { QlqC30Scoring.scores(answers) }

    public init(date: CalendarDate, timepoint: String, completedBy: QuestionnaireCompletion, answers: QlqC30Answers) {
        self.date = date
        self.timepoint = timepoint
        self.completedBy = completedBy
        self.answers = answers
    }

    enum CodingKeys: String, CodingKey {
        case date, timepoint, completedBy, answers, scores
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        date = try container.decode(CalendarDate.self, forKey: .date)
        timepoint = try container.decode(String.self, forKey: .timepoint)
        completedBy = try container.decode(QuestionnaireCompletion.self, forKey: .completedBy)
        let items = try container.decode([String: Double?].self, forKey: .answers)
        answers = try QlqC30Answers(itemKeyed: items, fieldPrefix: "answers.")
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(date, forKey: .date)
        try container.encode(timepoint, forKey: .timepoint)
        try container.encode(completedBy, forKey: .completedBy)
        var items: [String: Int] = [:]
        for item in QlqC30Answers.itemNumbers { if let answer = answers[item] { items[QlqC30Answers.fieldName(item: item)] = answer } }
        try container.encode(items, forKey: .answers)
        try container.encode(scores, forKey: .scores)
    }

    /// Hard rules: the timepoint is one of the study's quality-of-life timepoints, at most one questionnaire
    /// per timepoint, the date not in the future nor after death; a post-baseline questionnaire not before
    /// randomization. Soft: a date outside the timepoint's visit window; a scale that cannot be scored
    /// because fewer than half of its items are answered (EORTC scoring manual: such a scale is missing).
    public func check(in context: CaseReportContext, recordId: String?) -> FormCheckResult {
        var result = FormCheckResult()
        let timepoints = context.study.qualityOfLife.timepoints
        let visit = context.study.visits.first { $0.code == timepoint }
        if !timepoints.contains(timepoint) || visit == nil {
            result.refuse("timepoint", RuleMessage("qol.timepointUnknown", "'{timepoint}' is not a quality-of-life timepoint of this study; use one of {timepoints}",
                                                  ["timepoint": timepoint, "timepoints": timepoints.joined(separator: ", ")]))
        }
        if let other = context.casebook.qualityOfLife.first(where: { $0.form.timepoint == timepoint && $0.id != recordId }) {
            result.refuse("timepoint", RuleMessage("qol.timepointTaken", "a questionnaire for {timepoint} is already recorded ({recordId}); correct that one instead",
                                                  ["timepoint": timepoint, "recordId": other.id]))
        }
        let isBaseline = visit.map { $0.day == 0 } ?? false
        result.checkDate(date, field: "date", context: context, notBeforeRandomization: !isBaseline)
        if let visit, let randomized = context.casebook.randomizationDate, let day = visit.day {
            let studyDay = randomized.days(until: date)
            let window = (day - visit.windowMinusDays)...(day + visit.windowPlusDays)
            if !window.contains(studyDay) {
                result.query("date", RuleMessage("qol.outsideWindow", "{date} is study day {studyDay}; the {timepoint} window is day {windowStart} to day {windowEnd}",
                                                ["date": date.iso8601, "studyDay": String(studyDay), "timepoint": timepoint,
                                                 "windowStart": String(window.lowerBound), "windowEnd": String(window.upperBound)]))
            }
        }
        let scored = scores
        for scale in QlqC30Scale.allCases where scored[scale] == nil {
            result.query("answers", RuleMessage("qol.scaleNotScorable", "{scale} cannot be scored: fewer than half of its items are answered (items {items})",
                                               ["scale": scale.rawValue, "items": scale.items.map { "q\($0)" }.joined(separator: ", ")]))
        }
        return result
    }
}
