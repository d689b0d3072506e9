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

    /// Why the patient cannot be enrolled as a participant yet (eligible and consented; the stratification
    /// data are for randomization); empty when enrollment may go ahead. The store refuses with these and the
    /// pages offer enrollment only when there are none.
    public var enrollmentRefusals: [FieldError] {
        var refusals: [FieldError] = []
        if !eligibility.isEligible { refusals += reasons.filter { $0.field != "consent" && !$0.field.hasPrefix("values.") } }
        if consent == nil {
            refusals.append(FieldError(field: "consent", RuleMessage("screening.consentMissing", "no informed consent is recorded: record it before enrollment")))
        }
        return refusals
    }

    public var mayEnroll: Bool { enrollmentRefusals.isEmpty }

    public var reasons: [FieldError] {
        var errors: [FieldError] = []
        if !eligibility.isEligible {
            let detail = eligibility.reasons
            // One code per verdict: the verdict word is part of the sentence, not a value to pass on.
            errors.append(FieldError(
                field: "eligibility",
                eligibility.verdict == .incomplete
                    ? RuleMessage("randomization.eligibilityIncomplete", "the participant is not eligible (incomplete)")
                    : RuleMessage("randomization.participantIneligible", "the participant is not eligible (ineligible)")))
            errors.append(contentsOf: detail)
        }
        if consent == nil {
            errors.append(FieldError(field: "consent", RuleMessage("randomization.consentMissing", "no informed consent is recorded: record it before randomization")))
        }
        if case .failure(let failure) = stratum {
            for problem in failure.problems {
                // Reported at the screening value's path, keeping the problem's rule code.
                var error = problem.fieldError
                error.field = "values.\(problem.field)"
                errors.append(error)
            }
        }
        return errors
    }

    public var isReady: Bool { reasons.isEmpty }
}
