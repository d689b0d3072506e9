import Foundation

/// The numbers the endpoint derivation depends on. The defaults are this trial's protocol values
/// (imaging every 8 weeks +/- 7 days; PFS and TTNT up to 12 months, OS up to 24 months, local
/// control up to 12 months); a study definition replaces them for another trial.
public struct EndpointSettings: Sendable, Hashable, Codable {
    /// Planned days between tumour assessments (8 weeks).
    public var assessmentIntervalDays: Int
    /// Allowed deviation from a planned assessment date (+/- days).
    public var assessmentWindowDays: Int
    /// PFS administrative horizon in days from randomization (12 months).
    public var pfsHorizonDays: Int
    /// OS administrative horizon in days from randomization (24 months).
    public var osHorizonDays: Int
    /// TTNT administrative horizon in days from randomization (12 months).
    public var ttntHorizonDays: Int
    /// Local-control horizon in days from implantation (12 months).
    public var localControlHorizonDays: Int
    /// Sensitivity analysis: censor PFS at the last adequate assessment on or before the start of a
    /// new line of systemic therapy (the primary analysis does not, as systemic therapy is part of both arms).
    public var censorPFSAtNewTherapyLine: Bool
    /// Analyse an event on the day of randomization (or implantation) as 0.5 day instead of 0
    /// (only when the statistician asks; the default keeps 0).
    public var dayZeroEventsAsHalfDay: Bool

    public init(
        assessmentIntervalDays: Int = 56,
        assessmentWindowDays: Int = 7,
        pfsHorizonDays: Int = 365,
        osHorizonDays: Int = 730,
        ttntHorizonDays: Int = 365,
        localControlHorizonDays: Int = 365,
        censorPFSAtNewTherapyLine: Bool = false,
        dayZeroEventsAsHalfDay: Bool = false
    ) {
        self.assessmentIntervalDays = assessmentIntervalDays
        self.assessmentWindowDays = assessmentWindowDays
        self.pfsHorizonDays = pfsHorizonDays
        self.osHorizonDays = osHorizonDays
        self.ttntHorizonDays = ttntHorizonDays
        self.localControlHorizonDays = localControlHorizonDays
        self.censorPFSAtNewTherapyLine = censorPFSAtNewTherapyLine
        self.dayZeroEventsAsHalfDay = dayZeroEventsAsHalfDay
    }

    /// "Two or more missed assessments": a gap longer than 2 x interval + window days
    /// (56 x 2 + 7 = 119 for this trial). A gap of exactly this many days is not missed.
    public var missedAssessmentsGapDays: Int {
        2 * assessmentIntervalDays + assessmentWindowDays
    }

    /// Every setting that cannot be used, named by its property.
    public func validationErrors() -> [FieldError] {
        var errors: [FieldError] = []
        if assessmentIntervalDays < 1 {
            errors.append(FieldError(
                field: "assessmentIntervalDays",
                message: "is \(assessmentIntervalDays); the planned interval between assessments must be at least 1 day"))
        }
        if assessmentWindowDays < 0 {
            errors.append(FieldError(
                field: "assessmentWindowDays",
                message: "is \(assessmentWindowDays); the assessment window must be 0 days or more"))
        }
        let horizons: [(String, Int)] = [
            ("pfsHorizonDays", pfsHorizonDays), ("osHorizonDays", osHorizonDays),
            ("ttntHorizonDays", ttntHorizonDays), ("localControlHorizonDays", localControlHorizonDays),
        ]
        for (field, days) in horizons where days < 1 {
            errors.append(FieldError(field: field, message: "is \(days); a horizon must be at least 1 day"))
        }
        return errors
    }

    /// Throws every unusable setting at once.
    public func validate() throws(ValidationFailure) {
        let errors = validationErrors()
        if !errors.isEmpty { throw ValidationFailure(errors) }
    }
}
