import Foundation

/// A tumour assessment's computed response beside the investigator's own reading, for the casebook's form
/// list: the RECIST 1.1 overall response and, for PET/CT, the PERCIST 1.0 response, each as computed from the
/// measurements and as read, and whether they disagree (`ComputedTimepointResponse.disagreements(with:)`).
public struct AssessmentResponseReview: Hashable, Sendable {
    public var assessmentId: String
    /// The criterion that governs progression for this participant (from the baseline modality).
    public var criterion: ResponseCriterion
    public var computedRecist: RecistResponse?
    public var investigatorRecist: RecistResponse?
    public var computedPercist: PercistResponse?
    public var investigatorPercist: PercistResponse?
    /// Each reading that differs from the computed response, with a sentence saying how.
    public var disagreements: [FieldError]

    public var disagrees: Bool { !disagreements.isEmpty }

    public init(assessmentId: String, criterion: ResponseCriterion, computedRecist: RecistResponse?, investigatorRecist: RecistResponse?,
                computedPercist: PercistResponse?, investigatorPercist: PercistResponse?, disagreements: [FieldError]) {
        self.assessmentId = assessmentId
        self.criterion = criterion
        self.computedRecist = computedRecist
        self.investigatorRecist = investigatorRecist
        self.computedPercist = computedPercist
        self.investigatorPercist = investigatorPercist
        self.disagreements = disagreements
    }

    /// The review of every assessment of a casebook whose response can be computed, keyed by assessment record id.
    public static func reviews(
        of casebook: Casebook, recistSettings: RecistSettings = RecistSettings(), percistSettings: PercistSettings = PercistSettings()
    ) -> [String: AssessmentResponseReview] {
        let computed = AssessmentResponses.storedResponses(for: casebook, recistSettings: recistSettings, percistSettings: percistSettings)
        var reviews: [String: AssessmentResponseReview] = [:]
        for entry in casebook.assessments {
            guard let response = computed[entry.id] else { continue }
            reviews[entry.id] = AssessmentResponseReview(
                assessmentId: entry.id, criterion: response.criterion,
                computedRecist: response.recist?.overall, investigatorRecist: entry.form.investigatorRecist,
                computedPercist: response.percist?.response, investigatorPercist: entry.form.investigatorPercist,
                disagreements: response.disagreements(with: entry.form))
        }
        return reviews
    }
}
