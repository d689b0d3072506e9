import Foundation

/// Whether a participant may be randomized now, and if not, every reason why: eligible by the criteria,
/// consented, and stratification data present. The API answers 422 with these reasons.
public struct RandomizationReadiness: Sendable {
    public let eligibility: EligibilityEvaluation
    public let consent: ConsentRecord?
    public let stratum: Result<Stratum, StratificationFailure>

    public init(study: StudyDefinition, submission: ScreeningSubmission, consent: ConsentRecord?) {
        self.eligibility = study.evaluateEligibility(answers: submission.answers, recorded: submission.values)
        self.consent = consent
        do {
            self.stratum = .success(try study.stratum(for: submission.values))
        } catch {
            self.stratum = .failure(error)
        }
    }

    public var reasons: [FieldError] {
        var errors: [FieldError] = []
        if !eligibility.isEligible {
            let detail = eligibility.reasons
            errors.append(FieldError(field: "eligibility", message: "the participant is not eligible (\(eligibility.verdict.rawValue))"))
            errors.append(contentsOf: detail)
        }
        if consent == nil {
            errors.append(FieldError(field: "consent", message: "no informed consent is recorded: record it before randomization"))
        }
        if case .failure(let failure) = stratum {
            for problem in failure.problems {
                errors.append(FieldError(field: "values.\(problem.field)", message: problem.message))
            }
        }
        return errors
    }

    public var isReady: Bool { reasons.isEmpty }
}
