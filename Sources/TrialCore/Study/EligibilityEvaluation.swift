import Foundation

/// The verdict on one screened patient: each criterion met, not met, unanswered or answered
/// in a way that cannot be judged, and overall eligible only when every criterion is met.
///
/// Value criteria with a source field take their value from the screening record (age,
/// ECOG, lesion count, ...) so that a number is entered once; an explicit answer that
/// disagrees with the record is flagged instead of silently preferred.
public struct EligibilityEvaluation: Codable, Sendable, Hashable {
    public enum Verdict: String, Codable, Sendable {
        /// Every criterion is met.
        case eligible
        /// At least one criterion is not met (a screen failure, with reasons).
        case ineligible
        /// None failed yet, but some are unanswered or unreadable: not eligible until answered.
        case incomplete
    }

    public var verdict: Verdict
    /// One outcome per criterion, in the study's order.
    public var outcomes: [CriterionOutcome]
    /// Answers given for ids that are not criteria of the study (likely typos).
    public var unknownAnswerIds: [String]

    public var isEligible: Bool { verdict == .eligible }
    public var failedCriteria: [CriterionOutcome] { outcomes.filter { $0.status == .notMet } }
    public var unansweredCriteria: [CriterionOutcome] { outcomes.filter { $0.status == .unanswered } }
    public var invalidAnswers: [CriterionOutcome] { outcomes.filter { $0.status == .invalidAnswer } }

    /// Why the patient cannot (yet) be randomized, one field error per criterion not met,
    /// unanswered or unreadable (`answers.I03`), for a 422 response.
    public var reasons: [FieldError] {
        outcomes.filter { $0.status != .met }.map(\.reasonError)
            + unknownAnswerIds.map { FieldError(field: "answers.\($0)", RuleMessage("eligibility.unknownCriterion", "is not a criterion of this study")) }
    }

    public init(criteria: [EligibilityCriterion], fields: [ScreeningField],
                answers: [String: CriterionAnswer], recorded: [String: ScreeningValue]) {
        let fieldByName = Dictionary(fields.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        outcomes = criteria.map { criterion in
            CriterionOutcome.judge(criterion, answer: answers[criterion.id], recorded: recorded, fields: fieldByName)
        }
        let ids = Set(criteria.map(\.id))
        unknownAnswerIds = answers.keys.filter { !ids.contains($0) }.sorted()
        if outcomes.contains(where: { $0.status == .notMet }) {
            verdict = .ineligible
        } else if outcomes.contains(where: { $0.status != .met }) {
            verdict = .incomplete
        } else {
            verdict = .eligible
        }
    }
}
