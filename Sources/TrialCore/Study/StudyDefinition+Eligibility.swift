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
}
