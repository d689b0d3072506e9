import Foundation

/// The response TrialCore computes for one tumour assessment, stored beside the investigator's reading.
public struct ComputedTimepointResponse: Hashable, Sendable, Codable {
    public var assessmentId: String
    public var date: CalendarDate
    /// The criterion that governs progression for this participant (from the baseline modality).
    public var criterion: ResponseCriterion
    /// RECIST 1.1 result of this time point, from every assessment up to its date.
    public var recist: RecistTimepointResult?
    /// PERCIST 1.0 result of this time point; nil unless the baseline and this assessment are PET/CT.
    public var percist: PercistTimepointResult?

    public init(assessmentId: String, date: CalendarDate, criterion: ResponseCriterion,
                recist: RecistTimepointResult?, percist: PercistTimepointResult?) {
        self.assessmentId = assessmentId
        self.date = date
        self.criterion = criterion
        self.recist = recist
        self.percist = percist
    }

    /// Each of the investigator's readings that differs from the computed one, with a sentence saying
    /// how (field `investigatorRecist` or `investigatorPercist`); empty when they agree or nothing was
    /// read or computed to compare.
    public func disagreements(with assessment: TumourAssessmentForm) -> [FieldError] {
        var found: [FieldError] = []
        if let read = assessment.investigatorRecist, let computed = recist?.overall, read != computed {
            found.append(FieldError(field: "investigatorRecist", RuleMessage("response.investigatorRecistDiffers", "the investigator reads RECIST 1.1 {read} but the measurements give {computed}; correct the measurements or the reading",
                                                                             ["read": read.rawValue, "computed": computed.rawValue])))
        }
        if let read = assessment.investigatorPercist, let computed = percist?.response, read != computed {
            found.append(FieldError(field: "investigatorPercist", RuleMessage("response.investigatorPercistDiffers", "the investigator reads PERCIST {read} but the SUL values give {computed}; correct the values or the reading",
                                                                              ["read": read.rawValue, "computed": computed.rawValue])))
        }
        return found
    }
}
