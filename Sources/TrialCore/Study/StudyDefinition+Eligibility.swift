import Foundation

extension StudyDefinition {
    /// Judges a screened patient against every eligibility criterion of the study.
    /// - Parameters:
    ///   - answers: criterion id -> answer given at screening.
    ///   - recorded: screening field name -> recorded value (age, ecog, metastaticLesionCount, ...).
    public func evaluateEligibility(answers: [String: CriterionAnswer],
                                    recorded: [String: ScreeningValue] = [:]) -> EligibilityEvaluation {
        EligibilityEvaluation(criteria: eligibility, fields: screeningFields, answers: answers, recorded: recorded)
    }

    /// The answers of a patient who meets every criterion the site answers directly: each yes/no criterion
    /// the qualifying way, and each number criterion without a screening field with the nearest value
    /// inside its rule. Criteria read from a screening field take the recorded value and are left out.
    /// The demo study and the tests screen eligible patients with these.
    public func qualifyingAnswers() -> [String: CriterionAnswer] {
        var answers: [String: CriterionAnswer] = [:]
        for criterion in eligibility {
            switch criterion.answer {
            case .yesNo(let qualifying):
                answers[criterion.id] = qualifying == .yes ? .yes : .no
            case .value(let rule) where criterion.sourceField == nil:
                let inside = rule.lower.map { $0.isInclusive ? $0.value : $0.value + 1 }
                    ?? rule.upper.map { $0.isInclusive ? $0.value : $0.value - 1 } ?? 0
                answers[criterion.id] = .value(inside)
            case .value:
                break
            }
        }
        return answers
    }
}
